import Foundation

/// A column of a result set, as the protocol describes it.
struct MySQLColumn: Sendable {
    var name: String
    var originalName: String
    var table: String
    var originalTable: String
    var type: UInt32
    var flags: UInt32
    var length: UInt
    var decimals: UInt32
    var charset: UInt32
    var maxBytesPerChar: UInt32
    /// The collation (`utf8mb4_general_ci`); `_ci` ones compare case-insensitively.
    var collation: String
    /// MariaDB's extended format name: `json` for JSON columns.
    var format: String
}

/// One value of a row, as the binary protocol delivers it.
enum MySQLCell: Sendable {
    case null
    case signed(Int64)
    case unsigned(UInt64)
    case float(Float)
    case double(Double)
    case bytes([UInt8])
    case temporal(MySQLTemporal)

    var byteCount: Int {
        switch self {
        case .null: return 0
        case .signed, .unsigned, .double: return 8
        case .float: return 4
        case .bytes(let b): return b.count
        case .temporal: return 12
        }
    }
}

/// A DATE, TIME, DATETIME or TIMESTAMP value.
struct MySQLTemporal: Sendable, Hashable {
    var year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, microsecond = 0
    var negative = false
}

/// What one statement produced on the wire.
struct MySQLRawResult: Sendable {
    /// nil when the statement has no result set.
    var columns: [MySQLColumn]?
    var rows: [[MySQLCell]] = []
    /// The size of each row's values, counted once while reading.
    var rowBytes: [Int] = []
    /// Set when reading stopped because the rows passed the byte limit.
    var exceededLimit = false
    var affectedRows: Int64 = 0
    var insertId: UInt64 = 0
}
