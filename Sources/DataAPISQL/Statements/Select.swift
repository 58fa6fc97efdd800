/// A SELECT from `Model`'s table whose rows decode as `Row`: the model itself for
/// `User.select()`, a value or a tuple of values for chosen columns
/// (`User.select(User.id, User.name)` is a `Select<User, (Int64?, String)>`), or a pair of
/// models for ``joined(with:as:on:)``.
///
/// ```swift
/// User.select().where(User.name.eq("ken")).order(User.id.desc()).limit(10)
/// // SELECT "users"."id", "users"."name", … FROM "users" WHERE ("users"."name" = :p1)
/// //   ORDER BY "users"."id" DESC LIMIT 10
/// ```
public struct Select<Model: Table, Row>: SQLStatement, Hashable {
    /// The select tree the statement renders.
    public var ast: SQLSelect

    init(items: [SQLSelectItem], alias: String?) {
        ast = SQLSelect(items: items, table: Model.tableName, alias: alias)
    }

    init(ast: SQLSelect) { self.ast = ast }

    /// The SQL, its values, and the result columns (label, coding key, SQL type) in order.
    public func render(_ dialect: SQLDialect) throws -> SQLQuery {
        var w = SQLWriter(dialect: dialect)
        try w.select(ast)
        return try w.query(columns: ast.items.map(\.result))
    }

    /// `SELECT EXISTS (…)`: one boolean row, true when this select has any row.
    public func renderExists(_ dialect: SQLDialect) throws -> SQLQuery {
        var w = SQLWriter(dialect: dialect)
        try w.selectExists(ast)
        return try w.query(columns: [SQLResultColumn(label: nil, type: .boolean, valueType: .of(Bool.self))])
    }

    /// `.distinct()` → `SELECT DISTINCT …`
    public func distinct() -> Self { with { $0.distinct = true } }
    /// PostgreSQL only: one row per distinct value of `expressions`, the first in ORDER BY
    /// order; MySQL throws `unsupported`.
    ///
    /// ```swift
    /// Member.select().distinct(on: Member.teamId).order(Member.teamId.asc(), Member.age.desc())
    /// // SELECT DISTINCT ON ("members"."team_id") … ORDER BY "members"."team_id" ASC, "members"."age" DESC
    /// ```
    public func distinct(on expressions: any SQLExpressible...) -> Self {
        with { $0.distinctOn += expressions.map(\.sqlNode) }
    }
    /// Adds a condition, joined to earlier ones with AND: `.where(User.age.gte(18))` → `WHERE "users"."age" >= :p1`
    public func `where`(_ condition: some SQLExpressible<Bool>) -> Self {
        with { $0.condition = $0.condition.map { .binary($0, .and, condition.sqlNode) } ?? condition.sqlNode }
    }
    /// `.order(User.name.asc(), User.id.desc())` → `ORDER BY "users"."name" ASC, "users"."id" DESC`
    public func order(_ terms: SQLOrdering...) -> Self { with { $0.orderBy += terms } }
    /// `.order(User.name)` → `ORDER BY "users"."name" ASC`
    public func order<E: SQLExpressible>(_ expression: E) -> Self { order(expression.asc()) }
    /// `.limit(10)` → `LIMIT 10`
    public func limit(_ n: Int) -> Self { with { $0.limit = Swift.max(0, n) } }
    /// `.offset(20)` → `OFFSET 20` (MySQL: `LIMIT 18446744073709551615 OFFSET 20` when no limit was set)
    public func offset(_ n: Int) -> Self { with { $0.offset = Swift.max(0, n) } }
    /// Columns or expressions of any types in one call:
    /// `.group(by: User.country, User.active)` → `GROUP BY "users"."country", "users"."active"`
    public func group(by expressions: any SQLExpressible...) -> Self {
        with { $0.groupBy += expressions.map(\.sqlNode) }
    }
    /// `.having(countAll().gt(1))` → `HAVING COUNT(*) > :p1`
    public func having(_ condition: some SQLExpressible<Bool>) -> Self {
        with { $0.having = $0.having.map { .binary($0, .and, condition.sqlNode) } ?? condition.sqlNode }
    }

    func with(_ change: (inout SQLSelect) -> Void) -> Self {
        var s = self
        change(&s.ast)
        return s
    }
}

extension Select where Row: SQLBindable {
    /// The one-column select as a scalar subquery, nullable since it may find no row:
    /// `Post.select(Post.views.max()).scalar()` → `(SELECT MAX(…) FROM "posts")`
    public func scalar() -> SQLExpression<Row.SQLBase?> {
        SQLExpression(.subquery(ast), type: ast.items.first?.result.type ?? Row.defaultSQLType)
    }
}
