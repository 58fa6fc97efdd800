/// The expression tree statements are built from: value types, compared and hashed, never
/// existentials. Users build it through typed columns and ``SQLExpression``.
public indirect enum SQLExpressionNode: Sendable, Hashable {
    /// A column, qualified by its table or alias.
    case column(table: String?, name: String)
    /// A bound value and the SQL type it is bound as; the dialect decides whether the
    /// placeholder needs a cast (arrays, PostgreSQL enums).
    case bind(SQLValue, cast: SQLColumnType?)
    /// A value that could not be bound; rendering throws this error.
    case invalid(SQLRenderError)
    /// SQL text inserted as is (`unsafeRaw:`).
    case unsafeRaw(String)
    /// `*`, as in `COUNT(*)`.
    case star
    /// `(left op right)`: comparisons, `AND`/`OR` and arithmetic, in parentheses.
    case binary(SQLExpressionNode, SQLBinaryOperator, SQLExpressionNode)
    /// `NOT (x)`.
    case not(SQLExpressionNode)
    /// `x IS NULL`, or `x IS NOT NULL` when negated.
    case isNull(SQLExpressionNode, negated: Bool)
    /// `x IN (a, b, …)`, or `NOT IN`.
    case inList(SQLExpressionNode, [SQLExpressionNode], negated: Bool)
    /// `x IN (SELECT …)`, or `NOT IN`.
    case inSelect(SQLExpressionNode, SQLSelect, negated: Bool)
    /// `EXISTS (SELECT …)`, or `NOT EXISTS`.
    case exists(SQLSelect, negated: Bool)
    /// `x BETWEEN low AND high`.
    case between(SQLExpressionNode, SQLExpressionNode, SQLExpressionNode)
    /// `x LIKE pattern [ESCAPE 'c']`, or ILIKE.
    case like(SQLExpressionNode, SQLExpressionNode, caseInsensitive: Bool, escape: String?)
    /// Null-safe equality: `x IS NOT DISTINCT FROM y` (MySQL `x <=> y`), or its negation.
    case nullSafeEqual(SQLExpressionNode, SQLExpressionNode, negated: Bool)
    /// `CASE WHEN c1 THEN r1 … [ELSE e] END`.
    case caseWhen([SQLWhenClause], else: SQLExpressionNode?)
    /// A member of a JSON value as text (`->>`, MySQL `JSON_UNQUOTE(JSON_EXTRACT(…))`).
    case jsonText(SQLExpressionNode, String)
    /// A member of a JSON value as JSON (`->`, MySQL `JSON_EXTRACT(…)`); `fromJSONB` when the
    /// value already is PostgreSQL `jsonb` (else it is cast to `jsonb` first).
    case jsonValue(SQLExpressionNode, String, fromJSONB: Bool)
    /// A bound JSON document compared with a member read as JSON: PostgreSQL
    /// `CAST(x AS jsonb)`, MySQL `JSON_EXTRACT(x, '$')`.
    case jsonDocument(SQLExpressionNode)
    /// A value compared byte for byte where the dialect's collation would ignore case (MySQL `CAST(x AS BINARY)`).
    case caseSensitive(SQLExpressionNode)
    /// A date moved by an amount of a unit (`YEAR`, `DAY`…).
    case dateAdd(SQLExpressionNode, SQLExpressionNode, String)
    /// `f OVER (PARTITION BY … ORDER BY …)`.
    case window(SQLExpressionNode, partitionBy: [SQLExpressionNode], orderBy: [SQLOrdering])
    /// A function call by name: `lower(x)`.
    case function(String, [SQLExpressionNode])
    /// An aggregate by name, optionally `DISTINCT`: `COUNT(*)`, `SUM(x)`.
    case aggregate(String, SQLExpressionNode?, distinct: Bool)
    /// `CAST(x AS type)`, with the dialect's spelling of the type.
    case cast(SQLExpressionNode, SQLColumnType)
    /// A scalar subquery: `(SELECT …)`.
    case subquery(SQLSelect)
    /// String concatenation: PostgreSQL `(x || y)`, MySQL `CONCAT(x, y)`.
    case concat([SQLExpressionNode])
    /// `CURRENT_TIMESTAMP`.
    case currentTimestamp
    /// The value an upsert would have inserted into column `name`.
    case excluded(String)
    /// Raw SQL with interpolated parts.
    case fragment([SQLFragment.Part])
}

/// One `WHEN condition THEN result` of a CASE expression.
public struct SQLWhenClause: Sendable, Hashable {
    /// The condition.
    public var condition: SQLExpressionNode
    /// The value when it holds.
    public var result: SQLExpressionNode
}

/// The binary operators expressions use.
public enum SQLBinaryOperator: String, Sendable, Hashable {
    /// Comparisons: `=`, `<>`, `<`, `<=`, `>`, `>=`.
    case eq = "=", neq = "<>", lt = "<", lte = "<=", gt = ">", gte = ">="
    /// Boolean connectives: `AND`, `OR`.
    case and = "AND", or = "OR"
    /// Arithmetic: `+`, `-`, `*`, `/`.
    case plus = "+", minus = "-", times = "*", divide = "/"
}

/// A typed expression: `Value` is the SQL value's Swift type (`SQLExpression<Bool>` for conditions).
public struct SQLExpression<Value: SQLBindable>: SQLExpressible, Hashable {
    /// The expression's tree.
    public let node: SQLExpressionNode
    /// The SQL type values compared with this expression are bound as.
    public let sqlType: SQLColumnType
    /// An expression of `node`, values compared with it bound as `type`.
    public init(_ node: SQLExpressionNode, type: SQLColumnType = Value.defaultSQLType) {
        self.node = node
        self.sqlType = type
    }
    /// The tree.
    public var sqlNode: SQLExpressionNode { node }
}

/// Anything usable as a typed expression: columns, expressions, aggregates.
public protocol SQLExpressible<Value>: Sendable {
    /// The Swift type of the expression's value (`Bool` for a condition).
    associatedtype Value: SQLBindable
    /// The expression's tree.
    var sqlNode: SQLExpressionNode { get }
    /// The SQL type values compared with this expression are bound as.
    var sqlType: SQLColumnType { get }
}

extension Column: SQLExpressible {
    /// The qualified column.
    public var sqlNode: SQLExpressionNode { .column(table: tableReference, name: schema.name) }
    /// The column's declared SQL type.
    public var sqlType: SQLColumnType { schema.type }
}

extension SQLExpressible {
    /// Binds `value` as this expression's SQL type.
    func bind(_ value: some SQLBindable) -> SQLExpressionNode {
        do {
            let v = try value.sqlValue(for: sqlType)
            if let error = v.rangeError(column: columnName ?? "a value compared with an expression") {
                return .invalid(error)
            }
            if case .jsonValue = sqlNode { return .jsonDocument(.bind(v, cast: nil)) }
            return .bind(v, cast: sqlType)
        } catch let e as SQLRenderError {
            return .invalid(e)
        } catch {
            return .invalid(.invalidValue("\(error)"))
        }
    }

    /// The column's name, when this expression is a column.
    var columnName: String? {
        if case .column(_, let name) = sqlNode { return name }
        return nil
    }

    /// The expression with another static type (used by aggregates and functions).
    func typed<T>(_ node: SQLExpressionNode, as: T.Type = T.self, type: SQLColumnType? = nil) -> SQLExpression<T> {
        SQLExpression<T>(node, type: type ?? T.defaultSQLType)
    }
}
