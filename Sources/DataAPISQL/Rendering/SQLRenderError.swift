/// Why a statement could not be rendered. Rendering throws rather than emitting broken SQL.
public struct SQLRenderError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: Hashable, Sendable {
        case unsupported(String, String), missingWhere(String), valueOutOfRange(String), invalidValue(String)
        case emptyInsert(String), mixedAutoIncrement(String), bindInDDL, emptyList(String)
        case undeclaredColumn(String, String), columnTypeMismatch(String, String, String, String)
        case tableNotInScope(String, String), columnValueOutOfRange(String, String, String), mixedDefault(String)
    }
    private let code: Code

    /// `dialect` cannot express `feature` (RETURNING on MySQL, ILIKE, arrays…).
    public static func unsupported(feature: String, dialect: String) -> Self {
        .init(code: .unsupported(feature, dialect))
    }
    /// An UPDATE or DELETE without WHERE; spell `updateAll()` / `deleteAll()` to mean it.
    public static func missingWhereClause(_ statement: String) -> Self { .init(code: .missingWhere(statement)) }
    /// A number the Data API cannot carry (an unsigned value above Int64.max, NaN, infinity).
    public static func valueOutOfRange(_ value: String) -> Self { .init(code: .valueOutOfRange(value)) }
    /// A value `column` cannot hold: a date after 9999-12-31 or before 0001-01-01, which
    /// neither database parses. `value` describes it without printing it (`year 10000`);
    /// `reason` gives the range.
    public static func valueOutOfRange(_ value: String, column: String, reason: String) -> Self {
        .init(code: .columnValueOutOfRange(value, column, reason))
    }
    /// A value the database cannot store (a NUL character in PostgreSQL text).
    public static func invalidValue(_ reason: String) -> Self { .init(code: .invalidValue(reason)) }
    /// An insert of no rows.
    public static func emptyInsert(_ table: String) -> Self { .init(code: .emptyInsert(table)) }
    /// Rows of one insert disagree on whether the auto-increment key is set.
    public static func mixedAutoIncrement(_ column: String) -> Self { .init(code: .mixedAutoIncrement(column)) }
    /// Rows of one insert disagree on whether a column with a declared default is nil (left
    /// out, so the default applies) or set: one statement has one column list.
    public static func mixedDefault(_ column: String) -> Self { .init(code: .mixedDefault(column)) }
    /// DDL cannot carry parameters; a default must be a literal or raw SQL.
    public static let bindInDDL = Self(code: .bindInDDL)
    /// An empty list where SQL needs at least one item (a SET clause, an upsert's conflict target).
    public static func emptyList(_ what: String) -> Self { .init(code: .emptyList(what)) }

    /// A model encodes a coding key that has no descriptor in its `columns` list.
    public static func undeclaredColumn(model: String, key: String) -> Self {
        .init(code: .undeclaredColumn(model, key))
    }
    /// A model's property has another Swift type than its column descriptor declares.
    public static func columnTypeMismatch(model: String, key: String, declared: String, actual: String) -> Self {
        .init(code: .columnTypeMismatch(model, key, declared, actual))
    }
    /// A column is qualified by a table or alias that is not in the statement's FROM or JOIN clauses.
    public static func tableNotInScope(column: String, table: String) -> Self {
        .init(code: .tableNotInScope(column, table))
    }

    /// What cannot be rendered and why, without parameter values.
    public var description: String {
        switch code {
        case .unsupported(let f, let d): return "\(d) does not support \(f)"
        case .missingWhere(let s):
            let all = s == "UPDATE" ? "updateAll()" : "deleteAll()"
            return "\(s) without a WHERE clause; use \(all) to affect every row"
        case .valueOutOfRange(let v): return "the value \(v) cannot be sent through the Data API"
        case .columnValueOutOfRange(let v, let c, let r): return "\(c): \(v) is out of range (\(r))"
        case .mixedDefault(let c):
            return "some rows leave \(c), which has a default, nil and some set it;"
                + " one INSERT has one column list, so insert them separately"
        case .invalidValue(let r): return "invalid value: \(r)"
        case .emptyInsert(let t): return "an INSERT into \(t) needs at least one row"
        case .mixedAutoIncrement(let c):
            return "some rows set the auto-increment column \(c) and some leave it nil; insert them separately"
        case .bindInDDL: return "DDL cannot contain bound parameters"
        case .emptyList(let w): return "\(w) needs at least one item"
        case .undeclaredColumn(let m, let k):
            return "\(m) encodes the coding key '\(k)', which has no column in \(m).columns;"
                + " add its descriptor's schema to the list"
        case .columnTypeMismatch(let m, let k, let d, let a):
            return "\(m).\(k) is a \(a), but its column descriptor declares \(d)"
        case .tableNotInScope(let c, let t):
            return "the column \(t).\(c) refers to '\(t)', which is not in this statement's FROM or JOIN clauses"
        }
    }
}
