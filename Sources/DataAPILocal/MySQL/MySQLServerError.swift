/// An error reported by the server or by MariaDB Connector/C.
struct MySQLServerError: Error, Sendable {
    var code: UInt32
    var sqlState: String
    var message: String
    /// Connector/C's own codes (2000–2999): the connection itself failed.
    var isClientError: Bool { (2000..<3000).contains(code) }
}
