/// An UPDATE of `Model`'s table. It refuses to render without `where` unless built with `updateAll()`.
///
/// ```swift
/// User.update().set(User.name, to: "ken").where(User.id.eq(1))
/// // UPDATE "users" SET "name" = :p1 WHERE ("users"."id" = :p2)
/// ```
public struct Update<Model: Table>: SQLStatement, Hashable {
    struct Assignment: Sendable, Hashable {
        var name: String
        var value: SQLExpressionNode
    }
    var assignments: [Assignment] = []
    var condition: SQLExpressionNode?
    var all: Bool
    var returning: [SQLSelectItem] = []

    /// `.set(User.name, to: "ken")` → `SET "name" = :p1`; an ``OrDefault`` column set to
    /// `.default` → `SET "size" = DEFAULT` (its declared default, or NULL).
    public func set<V>(_ column: Column<Model, V>, to value: V) -> Self {
        with(column.name, value.isSQLDefault ? .unsafeRaw("DEFAULT") : column.bind(value))
    }

    func with(_ name: String, _ value: SQLExpressionNode) -> Self {
        var u = self
        u.assignments.append(Assignment(name: name, value: value))
        return u
    }
    /// `.set(User.age, to: User.age.plus(1))` → `SET "age" = ("users"."age" + :p1)`
    public func set<V, E: SQLExpressible>(
        _ column: Column<Model, V>,
        to expression: E
    ) -> Self where E.Value.SQLBase == V.SQLBase {
        var u = self
        u.assignments.append(Assignment(name: column.name, value: expression.sqlNode))
        return u
    }
    /// `.where(User.id.eq(1))` → `WHERE "users"."id" = :p1`
    public func `where`(_ condition: some SQLExpressible<Bool>) -> Self {
        var u = self
        u.condition = u.condition.map { .binary($0, .and, condition.sqlNode) } ?? condition.sqlNode
        return u
    }

    /// Renders the statement for `dialect`; throws ``SQLRenderError`` instead of emitting broken SQL.
    public func render(_ dialect: SQLDialect) throws -> SQLQuery {
        var w = SQLWriter(dialect: dialect)
        try w.update(self)
        return try w.query(columns: returning.map(\.result))
    }
}

/// A DELETE from `Model`'s table. It refuses to render without `where` unless built with `deleteAll()`.
///
/// ```swift
/// User.delete().where(User.id.eq(1))   // DELETE FROM "users" WHERE "users"."id" = :p1
/// ```
public struct Delete<Model: Table>: SQLStatement, Hashable {
    var condition: SQLExpressionNode?
    var all: Bool
    var returning: [SQLSelectItem] = []

    /// `.where(User.id.eq(1))` → `WHERE "users"."id" = :p1`
    public func `where`(_ condition: some SQLExpressible<Bool>) -> Self {
        var d = self
        d.condition = d.condition.map { .binary($0, .and, condition.sqlNode) } ?? condition.sqlNode
        return d
    }

    /// Renders the statement for `dialect`; throws ``SQLRenderError`` instead of emitting broken SQL.
    public func render(_ dialect: SQLDialect) throws -> SQLQuery {
        var w = SQLWriter(dialect: dialect)
        try w.delete(self)
        return try w.query(columns: returning.map(\.result))
    }
}

extension Table {
    /// An UPDATE that needs a `where` to render (without one it throws `missingWhereClause`).
    ///
    /// ```swift
    /// Person.update().set(Person.name, to: "x").set(Person.age, to: Person.age.plus(1)).where(Person.id.eq(2))
    /// // UPDATE "people" SET "name" = :p1, "age" = ("people"."age" + :p2) WHERE ("people"."id" = :p3)
    /// ```
    public static func update() -> Update<Self> { Update(all: false) }
    /// An UPDATE of every row: `User.updateAll().set(User.active, to: false)` → `UPDATE "users" SET "active" = :p1`
    public static func updateAll() -> Update<Self> { Update(all: true) }
    /// A DELETE that needs a `where` to render (without one it throws `missingWhereClause`).
    ///
    /// ```swift
    /// Post.delete().where(Post.personId.eq(1))
    /// // DELETE FROM "posts" WHERE ("posts"."person_id" = :p1)
    /// ```
    public static func delete() -> Delete<Self> { Delete(all: false) }
    /// A DELETE of every row: `User.deleteAll()` → `DELETE FROM "users"`
    public static func deleteAll() -> Delete<Self> { Delete(all: true) }
}
