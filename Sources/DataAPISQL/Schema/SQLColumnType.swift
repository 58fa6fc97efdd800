/// A column's SQL type, independent of dialect; each dialect spells it for DDL and casts.
public indirect enum SQLColumnType: Sendable, Hashable {
    /// PostgreSQL `boolean`, MySQL `BOOLEAN`.
    case boolean
    /// Integers of 16, 32 and 64 bits: `smallint`, `integer`, `bigint`.
    case smallint, integer, bigint
    /// Floating point: `real` (MySQL `FLOAT`) and `double precision` (MySQL `DOUBLE`).
    case real, double
    /// Text of any length: `text` (MySQL `TEXT`).
    case text
    /// Text of at most `n` characters: `varchar(n)`.
    case varchar(Int)
    /// Text of exactly `n` characters: `char(n)`.
    case char(Int)
    /// An exact number: PostgreSQL `numeric(p,s)`, MySQL `DECIMAL(p,s)`.
    case decimal(precision: Int, scale: Int)
    /// A timestamp without time zone; values are written in UTC.
    case timestamp
    /// A timestamp with time zone (PostgreSQL `timestamptz`; MySQL has none and throws).
    case timestamptz
    /// A calendar day: `date`.
    case date
    /// A time of day: PostgreSQL `time`, MySQL `TIME(6)`.
    case time
    /// A UUID: PostgreSQL `uuid`, MySQL `CHAR(36)`.
    case uuid
    /// Bytes: PostgreSQL `bytea`, MySQL `LONGBLOB`.
    case blob
    /// A JSON document: PostgreSQL `json`, MySQL `JSON`.
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
