import DataAPIClient
import DataAPISQL
import Foundation

/// How a column's string values count toward the response limit, which the service
/// measures in the database's binary result data rather than in JSON.
enum FieldSizeRule: Sendable, Hashable {
    /// As many bytes as the UTF-8 text.
    case text
    /// A fixed size, whatever the value (PostgreSQL's 8-byte timestamp, 16-byte uuid, MySQL's
    /// 8-byte integer read of a BOOLEAN).
    case fixed(Int)
    /// PostgreSQL's binary numeric: an 8-byte header and 2 bytes per 4 decimal digits.
    case numeric

    /// The rule for a builder column of `type` on `engine`.
    static func of(_ type: SQLColumnType, engine: DatabaseEngine) -> FieldSizeRule {
        switch (engine, type) {
        case (.postgreSQL, .timestamp), (.postgreSQL, .timestamptz), (.postgreSQL, .time): .fixed(8)
        case (.postgreSQL, .date): .fixed(4)
        case (.postgreSQL, .uuid): .fixed(16)
        case (.postgreSQL, .decimal): .numeric
        case (.mySQL, .timestamp), (.mySQL, .timestamptz), (.mySQL, .time), (.mySQL, .date): .fixed(12)
        // MySQL's BOOLEAN is a TINYINT, read as a 64-bit integer.
        case (.mySQL, .boolean): .fixed(8)
        default: .text
        }
    }

    /// The rule for a raw SQL column whose metadata names `typeName`.
    static func of(typeName: String?, engine: DatabaseEngine) -> FieldSizeRule {
        let t = (typeName ?? "").lowercased()
        switch engine {
        case .postgreSQL:
            switch t {
            case "timestamp", "timestamptz", "time", "int8", "float8": return .fixed(8)
            case "timetz": return .fixed(12)
            case "date": return .fixed(4)
            case "uuid": return .fixed(16)
            case "numeric": return .numeric
            default: return .text
            }
        case .mySQL:
            switch t {
            case "datetime", "timestamp", "date", "time": return .fixed(12)
            case "tinyint", "bit", "boolean", "bool": return .fixed(8)
            default: return .text
            }
        }
    }

    /// About the bytes `field` takes in the service's JSON answer (`{"longValue":12},`).
    static func jsonBytes(_ field: Field) -> Int {
        switch field {
        case .isNull: return 16
        case .booleanValue: return 23
        case .longValue, .doubleValue: return 40
        case .blobValue(let d): return 17 + (d.count + 2) / 3 * 4
        case .stringValue(let s): return 18 + s.utf8.count * 6 / 5
        case .arrayValue(let a): return 40 + arrayBytes(a) * 2
        case .unknown: return 16
        }
    }

    /// The bytes `field` takes in the database's result.
    func bytes(_ field: Field) -> Int {
        switch field {
        case .isNull: return 0
        case .booleanValue:
            if case .fixed(let n) = self { return n }
            return 1
        case .longValue, .doubleValue: return 8
        case .blobValue(let d): return d.count
        case .stringValue(let s):
            switch self {
            case .text: return s.utf8.count
            case .fixed(let n): return n
            case .numeric: return Self.numericBytes(s)
            }
        case .arrayValue(let a): return 20 + Self.arrayBytes(a)
        case .unknown: return 0
        }
    }

    private static func numericBytes(_ s: String) -> Int {
        var whole = 0, fraction = 0, afterPoint = false
        for b in s.utf8 {
            if b == UInt8(ascii: ".") { afterPoint = true } else if b >= 0x30 && b <= 0x39 {
                if afterPoint { fraction += 1 } else { whole += 1 }
            }
        }
        return 8 + 2 * ((whole + 3) / 4 + (fraction + 3) / 4)
    }

    private static func arrayBytes(_ a: ArrayValue) -> Int {
        switch a {
        case .booleanValues(let v): return v.count * 5
        case .longValues(let v): return v.count * 12
        case .doubleValues(let v): return v.count * 12
        case .stringValues(let v): return v.reduce(0) { $0 + 4 + ($1?.utf8.count ?? 0) }
        case .arrayValues(let v): return v.reduce(0) { $0 + 20 + arrayBytes($1) }
        case .unknown: return 0
        }
    }
}
