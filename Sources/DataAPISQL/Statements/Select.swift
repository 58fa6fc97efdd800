/// The select tree.
public struct SQLSelect: Sendable, Hashable {
    public var distinct = false
    public var items: [SQLSelectItem]
    public var table: String
    public var alias: String?
    public var joins: [SQLJoin] = []
    public var condition: SQLExpr?
    public var groupBy: [SQLExpr] = []
    public var having: SQLExpr?
    public var orderBy: [SQLOrdering] = []
    public var limit: Int?
    public var offset: Int?
}

/// One JOIN clause.
public struct SQLJoin: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable { case inner = "INNER JOIN", left = "LEFT JOIN" }
    public var kind: Kind
    public var table: String
    public var alias: String?
    public var on: SQLExpr
}

/// Anything that renders to one statement.
public protocol SQLStatement: Sendable {
    /// SQL with placeholders in `dialect`'s style, and the values to bind.
    func render(_ dialect: SQLDialect) throws -> SQLQuery
}

/// A SELECT from `Model`'s table.
///
/// ```swift
/// User.select().where(User.name.eq("ken")).order(User.id.desc()).limit(10)
/// // SELECT "users"."id", "users"."name" FROM "users" WHERE "users"."name" = :p1 ORDER BY "users"."id" DESC LIMIT 10
/// ```
public struct Select<Model: Table>: SQLStatement, Hashable {
    public var ast: SQLSelect

    init(items: [SQLSelectItem], alias: String?) {
        ast = SQLSelect(items: items, table: Model.tableName, alias: alias)
    }

    public func render(_ dialect: SQLDialect) throws -> SQLQuery {
        var w = SQLWriter(dialect: dialect)
        try w.select(ast)
        return try w.query
    }

    /// `.distinct()` → `SELECT DISTINCT …`
    public func distinct() -> Self { var s = self; s.ast.distinct = true; return s }
    /// Adds a condition, joined to earlier ones with AND: `.where(User.age.gte(18))` → `WHERE "users"."age" >= :p1`
    public func `where`(_ condition: some SQLExpressible<Bool>) -> Self {
        var s = self
        s.ast.condition = s.ast.condition.map { .binary($0, .and, condition.sqlNode) } ?? condition.sqlNode
        return s
    }
    /// `.order(User.name.asc(), User.id.desc())` → `ORDER BY "users"."name" ASC, "users"."id" DESC`
    public func order(_ terms: SQLOrdering...) -> Self { var s = self; s.ast.orderBy += terms; return s }
    /// `.order(User.name)` → `ORDER BY "users"."name" ASC`
    public func order<E: SQLExpressible>(_ expression: E) -> Self { order(expression.asc()) }
    /// `.limit(10)` → `LIMIT 10`
    public func limit(_ n: Int) -> Self { var s = self; s.ast.limit = Swift.max(0, n); return s }
    /// `.offset(20)` → `OFFSET 20` (MySQL: `LIMIT 18446744073709551615 OFFSET 20` when no limit was set)
    public func offset(_ n: Int) -> Self { var s = self; s.ast.offset = Swift.max(0, n); return s }
    /// `.group(by: User.country)` → `GROUP BY "users"."country"`
    public func group<E: SQLExpressible>(by expressions: E...) -> Self { var s = self; s.ast.groupBy += expressions.map(\.sqlNode); return s }
    /// `.having(countAll().gt(1))` → `HAVING COUNT(*) > :p1`
    public func having(_ condition: some SQLExpressible<Bool>) -> Self {
        var s = self
        s.ast.having = s.ast.having.map { .binary($0, .and, condition.sqlNode) } ?? condition.sqlNode
        return s
    }
    /// `.join(Post.self, on: Post.userId.eq(User.id))` → `INNER JOIN "posts" ON "posts"."user_id" = "users"."id"`
    public func join<Other: Table>(_ other: Other.Type, as alias: String? = nil, on condition: some SQLExpressible<Bool>) -> Self {
        var s = self
        s.ast.joins.append(SQLJoin(kind: .inner, table: Other.tableName, alias: alias, on: condition.sqlNode))
        return s
    }
    /// `.leftJoin(Post.self, on: …)` → `LEFT JOIN "posts" ON …`
    public func leftJoin<Other: Table>(_ other: Other.Type, as alias: String? = nil, on condition: some SQLExpressible<Bool>) -> Self {
        var s = self
        s.ast.joins.append(SQLJoin(kind: .left, table: Other.tableName, alias: alias, on: condition.sqlNode))
        return s
    }
    /// The select as a scalar subquery: `User.select(User.age.max()).scalar(Int64?.self)` → `(SELECT MAX(…) FROM "users")`
    public func scalar<T: SQLBindable>(_ type: T.Type) -> SQLExpression<T> { SQLExpression(.subquery(ast)) }
}

extension Table {
    /// Every column of the model: `User.select()` → `SELECT "users"."id", "users"."name" FROM "users"`
    public static func select() -> Select<Self> { select(as: nil) }
    /// Every column, reading the table under `alias`: `User.select(as: "u")` → `… FROM "users" AS "u"`
    public static func select(as alias: String?) -> Select<Self> {
        Select(items: columns.map { SQLSelectItem(expression: .column(table: alias ?? tableName, name: $0.name)) }, alias: alias)
    }
    /// Chosen columns or expressions: `User.select(User.id, User.name.lower())`
    public static func select(_ items: any SQLSelectable...) -> Select<Self> { Select(items: items.map(\.selectItem), alias: nil) }
    /// Chosen items, reading the table under `alias`.
    public static func select(as alias: String, _ items: any SQLSelectable...) -> Select<Self> { Select(items: items.map(\.selectItem), alias: alias) }
}

/// What a select list accepts: columns, expressions, aliased items.
public protocol SQLSelectable: Sendable { var selectItem: SQLSelectItem { get } }
extension SQLSelectItem: SQLSelectable { public var selectItem: SQLSelectItem { self } }
extension Column: SQLSelectable { public var selectItem: SQLSelectItem { SQLSelectItem(expression: sqlNode) } }
extension SQLExpression: SQLSelectable { public var selectItem: SQLSelectItem { SQLSelectItem(expression: node) } }
extension SQLFragment: SQLSelectable { public var selectItem: SQLSelectItem { SQLSelectItem(expression: node) } }
