#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The type hint the Data API needs to read a string parameter as something else.
public enum SQLTypeHint: String, Sendable, Hashable {
    /// The hint the Data API needs: `UUID`, `DATE`, `TIME`, `TIMESTAMP`, `DECIMAL` or `JSON`.
    case uuid = "UUID", date = "DATE", time = "TIME", timestamp = "TIMESTAMP", decimal = "DECIMAL", json = "JSON"
}

/// How a `Date` is written: the column type decides, never the value.
public enum SQLTemporalKind: Sendable, Hashable {
    /// `YYYY-MM-DD HH:MM:SS[.ffffff]`, a timestamp without time zone: written in the
    /// executor's configured time zone (UTC by default).
    case timestamp
    /// A timestamp with time zone: always written in UTC.
    case timestamptz
    /// `YYYY-MM-DD`: the calendar day in the configured time zone.
    case date
    /// `HH:MM:SS[.ffffff]`: the time of day in the configured time zone.
    case time

    /// The Data API type hint for this kind.
    public var hint: SQLTypeHint {
        switch self {
        case .timestamp, .timestamptz: .timestamp
        case .date: .date
        case .time: .time
        }
    }
}

/// A bound parameter value: a closed set that maps onto a Data API `Field` plus an optional
/// type hint (the executor owns that mapping).
public enum SQLValue: Sendable, Hashable {
    /// SQL NULL.
    case null
    /// A boolean.
    case bool(Bool)
    /// A 64-bit integer.
    case int(Int64)
    /// A double.
    case double(Double)
    /// A string.
    case string(String)
    /// Bytes.
    case blob(Data)
    /// A string the database must read as `hint` (a decimal, a UUID, JSON).
    case typed(String, SQLTypeHint)
    /// A point in time written as `kind`; formatted when it is sent, in the time zone the
    /// executor is configured with.
    case temporal(Date, SQLTemporalKind)

    /// The type hint the Data API call needs, if any.
    public var typeHint: SQLTypeHint? {
        switch self {
        case .typed(_, let h): h
        case .temporal(_, let kind): kind.hint
        default: nil
        }
    }
}

/// One column a statement's result will have, known when the statement renders.
public struct SQLResultColumn: Sendable, Hashable {
    /// The column's name or alias; nil for an expression without an alias.
    public var label: String?
    /// The model's coding key, for a column of a model.
    public var key: String?
    /// The SQL type the builder declares for it.
    public var type: SQLColumnType
    /// The Swift type the builder declares for it (optionality removed).
    public var valueType: SQLValueType?

    /// A result column.
    public init(label: String?, key: String? = nil, type: SQLColumnType, valueType: SQLValueType? = nil) {
        self.label = label
        self.key = key
        self.type = type
        self.valueType = valueType
    }
}

/// A rendered statement: SQL with `:name` placeholders, the values in placeholder order,
/// and, for statements that return rows, the columns they return.
public struct SQLQuery: Sendable, Hashable, CustomStringConvertible {
    /// The SQL with placeholders.
    public var sql: String
    /// The placeholders' names in order (`p1`, `p2`…).
    public var names: [String]
    /// The bound values, in placeholder order.
    public var values: [SQLValue]
    /// The result columns in order (empty for statements that return no rows, and for raw SQL).
    public var columns: [SQLResultColumn]

    /// A rendered statement.
    public init(sql: String, names: [String], values: [SQLValue], columns: [SQLResultColumn] = []) {
        self.sql = sql
        self.names = names
        self.values = values
        self.columns = columns
    }

    /// Names and values side by side.
    public var parameters: [(name: String, value: SQLValue)] { Array(zip(names, values)) }

    /// The SQL only: parameter values are never printed.
    public var description: String { sql }
}

/// One statement run once per parameter set (`BatchExecuteStatement`).
public struct SQLBatchQuery: Sendable, Hashable, CustomStringConvertible {
    /// The SQL for one row.
    public var sql: String
    /// The placeholders' names in order.
    public var names: [String]
    /// One list of values per row, each in placeholder order.
    public var valueSets: [[SQLValue]]
    /// For an INSERT, the columns the values fill, in placeholder order (the model's, less
    /// those every row leaves out: a nil auto-increment key, nil defaulted columns).
    public var columns: [SQLColumnSchema]

    /// A batch.
    public init(sql: String, names: [String], valueSets: [[SQLValue]], columns: [SQLColumnSchema] = []) {
        self.sql = sql
        self.names = names
        self.valueSets = valueSets
        self.columns = columns
    }

    /// The SQL only, never values.
    public var description: String { sql }
}
