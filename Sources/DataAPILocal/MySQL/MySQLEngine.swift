import DataAPIClient
import Foundation
import Logging
import Synchronization

/// The MySQL engine (MySQL or MariaDB through MariaDB Connector/C): a pool per (database,
/// user) for autocommit calls, and a connection of its own for each transaction. Every
/// connector call runs on its connection's own thread.
///
/// Sessions run in UTC with MySQL 8's default `sql_mode`, as Aurora MySQL 3 does, and count
/// matched rather than changed rows, as MySQL Connector/J does.
public final class MySQLEngine: LocalDatabaseEngine {
    /// The server's host name or address.
    public let host: String
    /// The server's TCP port.
    public let port: Int
    /// The database used when a request names none; nil connects without one.
    public let defaultDatabase: String?
    /// The engine's statement timeout, applied by the server itself (`max_statement_time` or `max_execution_time`).
    public let statementTimeout: Duration
    /// `mysql`.
    public var name: String { "mysql" }
    /// MySQL's quoting rules, `?` placeholders.
    public let scanner = NamedParameterScanner(rules: .mySQL, style: .questionMark)
    /// Connections per pool.
    public let maximumConnections: Int
    let logger: Logger

    private let pools = Mutex<[SessionTarget: MySQLPool]>([:])
    /// Whether the server is MariaDB (`max_statement_time`) rather than MySQL (`max_execution_time`).
    private let mariaDB = Mutex<Bool?>(nil)

    /// An engine for the server at `host:port`; no connection opens until the first call.
    public init(
        host: String, port: Int, defaultDatabase: String? = nil, statementTimeout: Duration = .seconds(45),
        maximumConnections: Int = 16, logger: Logger = Logger(label: "data-api-local.mysql")
    ) {
        self.host = host
        self.port = port
        self.defaultDatabase = defaultDatabase
        self.statementTimeout = statementTimeout
        self.maximumConnections = maximumConnections
        self.logger = logger
    }

    static let sqlMode = "ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,"
        + "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION"

    /// MySQL 8's default `sql_mode`; on MariaDB also `TIME_ROUND_FRACTIONAL`, so that fractional
    /// seconds a column cannot hold are rounded, as MySQL 8 does, rather than truncated.
    static func sqlModeStatement(mariaDB: Bool) -> String { "SET SESSION " + sqlModeAssignment(mariaDB: mariaDB) }

    private static func sqlModeAssignment(mariaDB: Bool) -> String {
        "sql_mode = '\(sqlMode)\(mariaDB ? ",TIME_ROUND_FRACTIONAL" : "")'"
    }

    /// The statement that sets the server's own statement timeout (zero turns it off).
    func timeoutStatement(_ timeout: Duration, mariaDB: Bool) -> String {
        "SET SESSION " + Self.timeoutAssignment(timeout, mariaDB: mariaDB)
    }

    private static func timeoutAssignment(_ timeout: Duration, mariaDB: Bool) -> String {
        let ms = timeout.wholeMilliseconds
        return mariaDB ? "max_statement_time = \(Double(ms) / 1000)" : "max_execution_time = \(ms)"
    }

    func connect(_ target: SessionTarget) async throws -> MySQLConnection {
        do {
            let flavor = mariaDB.withLock { $0 }
            var setup = ["SET time_zone = '+00:00'"]
            if let flavor {
                setup += [Self.sqlModeStatement(mariaDB: flavor), timeoutStatement(statementTimeout, mariaDB: flavor)]
            }
            let c = try await MySQLConnection.connect(
                host: host, port: port, user: target.user, password: target.password,
                database: target.database ?? defaultDatabase, setup: setup)
            if flavor == nil {
                let version = try await c.execute("SELECT VERSION()", binds: [], maxBytes: 1 << 16)
                var isMaria = false
                if case .bytes(let b)? = version.rows.first?.first {
                    isMaria = String(decoding: b, as: UTF8.self).contains("MariaDB")
                }
                mariaDB.withLock { $0 = isMaria }
                try await c.run([
                    Self.sqlModeStatement(mariaDB: isMaria), timeoutStatement(statementTimeout, mariaDB: isMaria),
                ])
            }
            return c
        } catch let e as MySQLServerError {
            throw MySQLErrors.map(e)
        }
    }

    var isMariaDB: Bool { mariaDB.withLock { $0 } ?? true }

    /// The session's settings in one statement, set again after a reset: the connection's
    /// character set and collation as the handshake chose them (a reset puts the server's
    /// back; on MySQL 8 a bare `SET NAMES utf8mb4` would pick `utf8mb4_0900_ai_ci`), the time
    /// zone, `sql_mode` and the statement timeout.
    var resetSetup: String {
        let flavor = isMariaDB
        return "SET NAMES utf8mb4 COLLATE utf8mb4_general_ci, time_zone = '+00:00', "
            + "SESSION \(Self.sqlModeAssignment(mariaDB: flavor)), "
            + "SESSION \(Self.timeoutAssignment(statementTimeout, mariaDB: flavor))"
    }

    private func pool(_ target: SessionTarget) async throws -> MySQLPool {
        if let p = pools.withLock({ $0[target] }) { return p }
        // A new target is checked with one connection first: a wrong password fails at once.
        let first = try await connect(target)
        return pools.withLock { pools in
            if let p = pools[target] {
                Task { await first.close() }
                return p
            }
            let p = MySQLPool(maximum: maximumConnections, first: first)
            pools[target] = p
            return p
        }
    }

    /// Runs `body` on a pooled connection in autocommit mode.
    public func withSession<T: Sendable>(
        _ target: SessionTarget, _ body: @Sendable (any DatabaseSession) async throws -> T
    ) async throws -> T {
        let pool = try await pool(target)
        let connection = try await pool.acquire { try await self.connect(target) }
        let session = MySQLSession(connection: connection, engine: self, database: target.database ?? defaultDatabase)
        do {
            let result = try await body(session)
            await session.resetIfChanged()
            await pool.release(connection)
            return result
        } catch {
            await session.resetIfChanged()
            await pool.release(connection)
            throw error
        }
    }

    /// A connection of its own, for a transaction.
    public func openSession(_ target: SessionTarget) async throws -> any DatabaseSession {
        MySQLSession(
            connection: try await connect(target), engine: self, database: target.database ?? defaultDatabase, owned: true)
    }

    /// Stops the connection's running statement with `KILL QUERY` from a second connection.
    public func cancel(connectionId: Int64, target: SessionTarget) async {
        guard let c = try? await connect(target) else { return }
        try? await c.run(["KILL QUERY \(connectionId)"])
        await c.close()
    }

    /// Closes every pooled connection.
    public func shutdown() async {
        let all = pools.withLock { p -> [MySQLPool] in
            defer { p.removeAll() }; return Array(p.values)
        }
        for p in all { await p.closeAll() }
    }
}
