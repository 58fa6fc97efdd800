/// Why a statement could not be rendered. Rendering throws rather than emitting broken SQL.
///
/// Errors are equal when their code and details are; match one by code with
/// `catch SQLRenderError.Code.missingWhereClause { … }` or `e.code == .unsupported`.
public struct SQLRenderError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What cannot be rendered, by kind; compare with the static members.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        /// The code's name (`missingWhereClause`).
        public var description: String { name }

        /// The dialect cannot express a feature (``SQLRenderError/unsupported(feature:dialect:)``).
        public static let unsupported = Code(name: "unsupported")
        /// An UPDATE or DELETE without WHERE (``SQLRenderError/missingWhereClause(_:)``).
        public static let missingWhereClause = Code(name: "missingWhereClause")
        /// A number the Data API cannot carry, or a date a column cannot hold
        /// (``SQLRenderError/valueOutOfRange(_:)``, ``SQLRenderError/valueOutOfRange(_:column:reason:)``).
        public static let valueOutOfRange = Code(name: "valueOutOfRange")
        /// A value the database cannot store (``SQLRenderError/invalidValue(_:)``).
        public static let invalidValue = Code(name: "invalidValue")
        /// An insert of no rows (``SQLRenderError/emptyInsert(_:)``).
        public static let emptyInsert = Code(name: "emptyInsert")
        /// Rows of one insert disagree on the auto-increment key (``SQLRenderError/mixedAutoIncrement(_:)``).
        public static let mixedAutoIncrement = Code(name: "mixedAutoIncrement")
        /// Rows of one insert disagree on a column with a default (``SQLRenderError/mixedDefault(_:)``).
        public static let mixedDefault = Code(name: "mixedDefault")
        /// DDL with a bound parameter (``SQLRenderError/bindInDDL``).
        public static let bindInDDL = Code(name: "bindInDDL")
        /// An empty list where SQL needs an item (``SQLRenderError/emptyList(_:)``).
        public static let emptyList = Code(name: "emptyList")
        /// A coding key without a column descriptor (``SQLRenderError/undeclaredColumn(model:key:)``).
        public static let undeclaredColumn = Code(name: "undeclaredColumn")
        /// A property whose type differs from its column descriptor's
        /// (``SQLRenderError/columnTypeMismatch(model:key:declared:actual:)``).
        public static let columnTypeMismatch = Code(name: "columnTypeMismatch")
        /// A column qualified by a table not in scope (``SQLRenderError/tableNotInScope(column:table:)``).
        public static let tableNotInScope = Code(name: "tableNotInScope")

        /// Whether `error` is a ``SQLRenderError`` with this code:
        /// `catch SQLRenderError.Code.missingWhereClause { … }`.
        public static func ~= (pattern: Code, error: any Error) -> Bool {
            (error as? SQLRenderError)?.code == pattern
        }
    }

    private enum Detail: Hashable, Sendable {
        case unsupported(String, String), missingWhere(String), valueOutOfRange(String), invalidValue(String)
        case emptyInsert(String), mixedAutoIncrement(String), bindInDDL, emptyList(String)
        case undeclaredColumn(String, String), columnTypeMismatch(String, String, String, String)
        case tableNotInScope(String, String), columnValueOutOfRange(String, String, String), mixedDefault(String)
    }
    private let detail: Detail

    /// What cannot be rendered, by kind.
    public var code: Code {
        switch detail {
        case .unsupported: .unsupported
        case .missingWhere: .missingWhereClause
        case .valueOutOfRange, .columnValueOutOfRange: .valueOutOfRange
        case .invalidValue: .invalidValue
        case .emptyInsert: .emptyInsert
        case .mixedAutoIncrement: .mixedAutoIncrement
        case .mixedDefault: .mixedDefault
        case .bindInDDL: .bindInDDL
        case .emptyList: .emptyList
        case .undeclaredColumn: .undeclaredColumn
        case .columnTypeMismatch: .columnTypeMismatch
        case .tableNotInScope: .tableNotInScope
        }
    }

    /// `dialect` cannot express `feature` (RETURNING on MySQL, ILIKE, arrays…).
    public static func unsupported(feature: String, dialect: String) -> Self {
        .init(detail: .unsupported(feature, dialect))
    }
    /// An UPDATE or DELETE without WHERE; spell `updateAll()` / `deleteAll()` to mean it.
    public static func missingWhereClause(_ statement: String) -> Self { .init(detail: .missingWhere(statement)) }
    /// A number the Data API cannot carry (an unsigned value above Int64.max, NaN, infinity).
    public static func valueOutOfRange(_ value: String) -> Self { .init(detail: .valueOutOfRange(value)) }
    /// A value `column` cannot hold: a date after 9999-12-31 or before 0001-01-01, which
    /// neither database parses. `value` describes it without printing it (`year 10000`);
    /// `reason` gives the range.
    public static func valueOutOfRange(_ value: String, column: String, reason: String) -> Self {
        .init(detail: .columnValueOutOfRange(value, column, reason))
    }
    /// A value the database cannot store (a NUL character in PostgreSQL text).
    public static func invalidValue(_ reason: String) -> Self { .init(detail: .invalidValue(reason)) }
    /// An insert of no rows.
    public static func emptyInsert(_ table: String) -> Self { .init(detail: .emptyInsert(table)) }
    /// Rows of one insert disagree on whether the auto-increment key is set.
    public static func mixedAutoIncrement(_ column: String) -> Self { .init(detail: .mixedAutoIncrement(column)) }
    /// Rows of one insert disagree on whether a column with a declared default is nil (left
    /// out, so the default applies) or set: one statement has one column list.
    public static func mixedDefault(_ column: String) -> Self { .init(detail: .mixedDefault(column)) }
    /// DDL cannot carry parameters; a default must be a literal or raw SQL.
    public static let bindInDDL = Self(detail: .bindInDDL)
    /// An empty list where SQL needs at least one item (a SET clause, an upsert's conflict target).
    public static func emptyList(_ what: String) -> Self { .init(detail: .emptyList(what)) }

    /// A model encodes a coding key that has no descriptor in its `columns` list.
    public static func undeclaredColumn(model: String, key: String) -> Self {
        .init(detail: .undeclaredColumn(model, key))
    }
    /// A model's property has another Swift type than its column descriptor declares.
    public static func columnTypeMismatch(model: String, key: String, declared: String, actual: String) -> Self {
        .init(detail: .columnTypeMismatch(model, key, declared, actual))
    }
    /// A column is qualified by a table or alias that is not in the statement's FROM or JOIN clauses.
    public static func tableNotInScope(column: String, table: String) -> Self {
        .init(detail: .tableNotInScope(column, table))
    }

    /// What cannot be rendered and why, without parameter values.
    public var description: String {
        switch detail {
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
