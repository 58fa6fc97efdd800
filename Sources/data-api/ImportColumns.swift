import DataAPI
import Foundation

/// A table's columns as `import` reads them from `information_schema` (both engines), and
/// how a file's text becomes each column's value, checked before anything is sent.
struct ImportColumn: Sendable {
    var name: String
    var dataType: String
    var nullable: Bool
    var length: Int?
    var precision: Int?
    var scale: Int?
    /// What the column's values are, worked out once from its type (not once per value).
    let kind: Kind

    init(name: String, dataType: String, nullable: Bool, length: Int?, precision: Int?, scale: Int?) {
        self.name = name
        self.dataType = dataType
        self.nullable = nullable
        self.length = length
        self.precision = precision
        self.scale = scale
        kind = Self.kind(dataType: dataType, length: length)
    }

    /// The columns of `table`, in table order; empty when there is no such table.
    static func load(_ table: String, _ db: Database) async throws -> [ImportColumn] {
        let schema = db.engine == .postgreSQL ? "current_schema()" : "DATABASE()"
        let rows = try await db.fetch("""
            SELECT column_name AS name, \(unsafeRaw: db.engine == .postgreSQL ? "udt_name" : "data_type") AS type,
                   is_nullable AS nullable, character_maximum_length AS len,
                   numeric_precision AS prec, numeric_scale AS scale
            FROM information_schema.columns WHERE table_schema = \(unsafeRaw: schema) AND table_name = \(table)
            ORDER BY ordinal_position
            """)
        return try rows.map { r in
            ImportColumn(name: try r["name", as: String.self], dataType: try r["type", as: String.self].lowercased(),
                         nullable: try r["nullable", as: String.self] == "YES", length: try r["len", as: Int?.self],
                         precision: try r["prec", as: Int?.self], scale: try r["scale", as: Int?.self])
        }
    }

    /// What the value of this column is, for checking and binding.
    enum Kind {
        case integer(ClosedRange<Int64>), floating, decimal, boolean, date, time, timestamp, uuid, bytes, text(Int?),
            other
    }

    static func kind(dataType: String, length: Int?) -> Kind {
        switch dataType {
        case "int2", "smallint": .integer(Int64(Int16.min)...Int64(Int16.max))
        case "int4", "integer", "int", "mediumint": .integer(Int64(Int32.min)...Int64(Int32.max))
        case "tinyint": .integer(-128...255)
        case "int8", "bigint": .integer(Int64.min...Int64.max)
        case "float4", "float8", "real", "double", "float", "double precision": .floating
        case "numeric", "decimal": .decimal
        case "bool", "boolean": .boolean
        case "date": .date
        case "time", "timetz": .time
        case "timestamp", "timestamptz", "datetime": .timestamp
        case "uuid": .uuid
        case "bytea", "blob", "longblob", "mediumblob", "tinyblob", "binary", "varbinary": .bytes
        case "varchar", "bpchar", "char", "text", "longtext", "mediumtext", "tinytext", "enum", "set": .text(length)
        default: .other
        }
    }

    /// The SQL type the insert casts text to (PostgreSQL's JSON rows) and binds with.
    var sqlType: SQLColumnType {
        switch dataType {
        case "int2", "smallint", "tinyint": .smallint
        case "int4", "integer", "int", "mediumint": .integer
        case "int8", "bigint": .bigint
        case "float4", "real": .real
        case "float8", "double", "float", "double precision": .double
        case "numeric", "decimal": .decimal(precision: precision ?? 38, scale: scale ?? 10)
        case "bool", "boolean": .boolean
        case "timestamptz": .timestamptz
        case "timestamp", "datetime": .timestamp
        case "date": .date
        case "uuid": .uuid
        case "bytea", "blob", "longblob", "mediumblob", "tinyblob", "binary", "varbinary": .blob
        case "json": .json
        case "jsonb": .jsonb
        case "varchar", "bpchar", "char", "text", "longtext", "mediumtext", "tinytext", "enum", "set": .text
        default: .custom(dataType)
        }
    }

    /// The value for a field's text (nil: NULL), or why the text does not fit the column.
    func value(_ text: String?) -> Result<ImportRow.Value, ImportFailure.Reason> {
        guard let text else {
            return nullable ? .success(.null) : .failure(.init("is NULL, but the column is NOT NULL"))
        }
        switch kind {
        case .integer(let range):
            guard let v = Int64(text), range.contains(v) else {
                return .failure(.init("'\(Self.clip(text))' is not an integer in \(range)"))
            }
        case .floating:
            guard Double(text) != nil else { return .failure(.init("'\(Self.clip(text))' is not a number")) }
        case .decimal:
            guard TextShape.isDecimal(text) else {
                return .failure(.init("'\(Self.clip(text))' is not a decimal number"))
            }
        case .boolean:
            switch text.lowercased() {
            case "t", "true", "1", "yes", "on": return .success(.text("true"))
            case "f", "false", "0", "no", "off": return .success(.text("false"))
            default: return .failure(.init("'\(Self.clip(text))' is not a boolean"))
            }
        case .date:
            guard TextShape.isDate(text) else {
                return .failure(.init("'\(Self.clip(text))' is not a date (YYYY-MM-DD)"))
            }
        case .time:
            guard TextShape.isTime(text) else {
                return .failure(.init("'\(Self.clip(text))' is not a time (HH:MM:SS)"))
            }
        case .timestamp:
            guard TextShape.isTimestamp(text) else {
                return .failure(.init("'\(Self.clip(text))' is not a timestamp (YYYY-MM-DD HH:MM:SS)"))
            }
            return .success(.text(text.replacingOccurrences(of: "T", with: " ")))
        case .uuid:
            guard UUID(uuidString: text) != nil else { return .failure(.init("'\(Self.clip(text))' is not a UUID")) }
        case .bytes:
            if text.hasPrefix("\\x") {
                guard let d = Self.hex(text.dropFirst(2)) else { return .failure(.init("is not \\x and hex digits")) }
                return .success(.bytes(d))
            }
            guard let d = Data(base64Encoded: text) else {
                return .failure(.init("is neither \\x and hex digits nor base64"))
            }
            return .success(.bytes(d))
        case .text(let limit):
            // The UTF-8 length bounds the character count: count characters only when it might exceed.
            if let limit, text.utf8.count > limit, text.count > limit {
                return .failure(.init("has \(text.count) characters; the column takes \(limit)"))
            }
        case .other:
            break
        }
        return .success(.text(text))
    }

    static func hex(_ digits: Substring) -> Data? {
        guard digits.count % 2 == 0 else { return nil }
        var out = Data(capacity: digits.count / 2)
        var i = digits.startIndex
        while i < digits.endIndex {
            let j = digits.index(i, offsetBy: 2)
            guard let b = UInt8(digits[i..<j], radix: 16) else { return nil }
            out.append(b)
            i = j
        }
        return out
    }

    static func clip(_ s: String) -> String { s.count > 40 ? String(s.prefix(40)) + "…" : s }
}

/// A row of the file that cannot be imported: its line, its column and why.
struct ImportFailure: Error, CustomStringConvertible {
    struct Reason: Error {
        var text: String
        init(_ text: String) { self.text = text }
    }
    var line: Int
    var column: String?
    var reason: String

    var description: String {
        "line \(line)" + (column.map { ", column \($0)" } ?? "") + ": " + reason
    }
}
