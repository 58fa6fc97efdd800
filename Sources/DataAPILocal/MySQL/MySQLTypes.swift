import DataAPIClient

/// Column types and flags of the MySQL protocol (`enum_field_types`, `*_FLAG`).
enum MySQLType {
    static let decimal: UInt32 = 0, tiny: UInt32 = 1, short: UInt32 = 2, long: UInt32 = 3, float: UInt32 = 4,
        double: UInt32 = 5
    static let null: UInt32 = 6, timestamp: UInt32 = 7, longlong: UInt32 = 8, int24: UInt32 = 9, date: UInt32 = 10,
        time: UInt32 = 11
    static let datetime: UInt32 = 12, year: UInt32 = 13, newdate: UInt32 = 14, varchar: UInt32 = 15, bit: UInt32 = 16
    static let json: UInt32 = 245, newdecimal: UInt32 = 246, enumType: UInt32 = 247, set: UInt32 = 248,
        tinyBlob: UInt32 = 249
    static let mediumBlob: UInt32 = 250, longBlob: UInt32 = 251, blob: UInt32 = 252, varString: UInt32 = 253,
        string: UInt32 = 254
    static let geometry: UInt32 = 255

    static let notNullFlag: UInt32 = 1, unsignedFlag: UInt32 = 32, binaryFlag: UInt32 = 128, enumFlag: UInt32 = 256
    static let autoIncrementFlag: UInt32 = 512, setFlag: UInt32 = 2048
    /// The `binary` character set: byte strings, not text.
    static let binaryCharset: UInt32 = 63
}

/// How the service (through MySQL Connector/J) sees a column: the JDBC type code and name,
/// and which `Field` member carries its values.
struct MySQLColumnType: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case boolean, integer, unsignedInteger, decimal, float, double, text, bytes, bits, date, time, datetime, year,
            null
    }
    var kind: Kind
    var jdbcType: Int32
    var typeName: String

    /// Connector/J 8's reading of a protocol column (`MysqlType`): `INT`, not MariaDB's `INTEGER`.
    static func of(_ c: MySQLColumn) -> MySQLColumnType {
        let unsigned = c.flags & MySQLType.unsignedFlag != 0
        let u = unsigned ? " UNSIGNED" : ""
        let binary = c.charset == MySQLType.binaryCharset
        let chars = c.length / UInt(max(c.maxBytesPerChar, 1))
        switch c.type {
        case MySQLType.tiny:
            // TINYINT(1) is a boolean (Connector/J's tinyInt1isBit).
            if c.length == 1 && !unsigned { return .init(kind: .boolean, jdbcType: -7, typeName: "BIT") }
            return .init(kind: unsigned ? .unsignedInteger : .integer, jdbcType: -6, typeName: "TINYINT" + u)
        case MySQLType.short:
            return .init(kind: unsigned ? .unsignedInteger : .integer, jdbcType: 5, typeName: "SMALLINT" + u)
        case MySQLType.int24:
            return .init(kind: unsigned ? .unsignedInteger : .integer, jdbcType: 4, typeName: "MEDIUMINT" + u)
        case MySQLType.long:
            return .init(kind: unsigned ? .unsignedInteger : .integer, jdbcType: 4, typeName: "INT" + u)
        case MySQLType.longlong:
            return .init(kind: unsigned ? .unsignedInteger : .integer, jdbcType: -5, typeName: "BIGINT" + u)
        case MySQLType.decimal, MySQLType.newdecimal: return .init(kind: .decimal, jdbcType: 3, typeName: "DECIMAL" + u)
        case MySQLType.float: return .init(kind: .float, jdbcType: 7, typeName: "FLOAT" + u)
        case MySQLType.double: return .init(kind: .double, jdbcType: 8, typeName: "DOUBLE" + u)
        case MySQLType.null: return .init(kind: .null, jdbcType: 0, typeName: "NULL")
        case MySQLType.timestamp: return .init(kind: .datetime, jdbcType: 93, typeName: "TIMESTAMP")
        case MySQLType.datetime: return .init(kind: .datetime, jdbcType: 93, typeName: "DATETIME")
        case MySQLType.date, MySQLType.newdate: return .init(kind: .date, jdbcType: 91, typeName: "DATE")
        case MySQLType.time: return .init(kind: .time, jdbcType: 92, typeName: "TIME")
        case MySQLType.year: return .init(kind: .year, jdbcType: 91, typeName: "YEAR")
        case MySQLType.bit:
            return c.length == 1
                ? .init(kind: .boolean, jdbcType: -7, typeName: "BIT")
                : .init(kind: .bits, jdbcType: -7, typeName: "BIT")
        case MySQLType.json: return .init(kind: .text, jdbcType: -1, typeName: "JSON")
        case MySQLType.geometry: return .init(kind: .bytes, jdbcType: -2, typeName: "GEOMETRY")
        case MySQLType.enumType: return .init(kind: .text, jdbcType: 1, typeName: "ENUM")
        case MySQLType.set: return .init(kind: .text, jdbcType: 1, typeName: "SET")
        case MySQLType.tinyBlob, MySQLType.mediumBlob, MySQLType.longBlob, MySQLType.blob:
            if c.format == "json" { return .init(kind: .text, jdbcType: -1, typeName: "JSON") }
            // The protocol sends every BLOB/TEXT as BLOB; its byte length says which one.
            let size = c.length
            if binary {
                if size <= 255 { return .init(kind: .bytes, jdbcType: -3, typeName: "TINYBLOB") }
                if size <= 65_535 { return .init(kind: .bytes, jdbcType: -4, typeName: "BLOB") }
                if size <= 16_777_215 { return .init(kind: .bytes, jdbcType: -4, typeName: "MEDIUMBLOB") }
                return .init(kind: .bytes, jdbcType: -4, typeName: "LONGBLOB")
            }
            if chars <= 255 { return .init(kind: .text, jdbcType: 12, typeName: "TINYTEXT") }
            if chars <= 65_535 { return .init(kind: .text, jdbcType: -1, typeName: "TEXT") }
            if chars <= 16_777_215 { return .init(kind: .text, jdbcType: -1, typeName: "MEDIUMTEXT") }
            return .init(kind: .text, jdbcType: -1, typeName: "LONGTEXT")
        case MySQLType.string:
            if c.flags & MySQLType.enumFlag != 0 { return .init(kind: .text, jdbcType: 1, typeName: "ENUM") }
            if c.flags & MySQLType.setFlag != 0 { return .init(kind: .text, jdbcType: 1, typeName: "SET") }
            return binary
                ? .init(kind: .bytes, jdbcType: -2, typeName: "BINARY")
                : .init(kind: .text, jdbcType: 1, typeName: "CHAR")
        default:  // VARCHAR, VAR_STRING
            if c.format == "json" { return .init(kind: .text, jdbcType: -1, typeName: "JSON") }
            return binary
                ? .init(kind: .bytes, jdbcType: -3, typeName: "VARBINARY")
                : .init(kind: .text, jdbcType: 12, typeName: "VARCHAR")
        }
    }
}
