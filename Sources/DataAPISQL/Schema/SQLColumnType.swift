/// A column's SQL type, independent of dialect; each dialect spells it for DDL and casts.
public indirect enum SQLColumnType: Sendable, Hashable {
    case boolean
    case smallint, integer, bigint
    case real, double
    case text
    case varchar(Int)
    case char(Int)
    case decimal(precision: Int, scale: Int)
    /// A timestamp without time zone; values are written in UTC.
    case timestamp
    /// A timestamp with time zone (PostgreSQL `timestamptz`; MySQL has none and throws).
    case timestamptz
    case date
    case time
    case uuid
    case blob
    case json
    /// PostgreSQL `jsonb` (MySQL: `JSON`).
    case jsonb
    /// A named enumeration: a PostgreSQL type created beforehand, MySQL's inline `ENUM(…)`.
    case enumeration(name: String, cases: [String])
    /// A PostgreSQL array of `element` (MySQL throws).
    case array(SQLColumnType)
    /// A type spelled verbatim in every dialect.
    case custom(String)

    /// The Data API type hint a string bound for this type needs.
    var hint: SQLTypeHint? {
        switch self {
        case .uuid: return .uuid
        case .date: return .date
        case .time: return .time
        case .timestamp, .timestamptz: return .timestamp
        case .decimal: return .decimal
        case .json, .jsonb: return .json
        default: return nil
        }
    }
}
