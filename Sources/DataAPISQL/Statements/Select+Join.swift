extension Select {
    /// `.join(Post.self, on: Post.userId.eq(User.id))` → `INNER JOIN "posts" ON ("posts"."user_id" = "users"."id")`;
    /// the rows keep their type (choose the other table's columns in the select list).
    public func join<Other: Table>(
        _ other: Other.Type,
        as alias: String? = nil,
        on condition: some SQLExpressible<Bool>
    ) -> Self {
        joining(.inner, Other.tableName, alias: alias, on: condition.sqlNode)
    }
    /// `.leftJoin(Post.self, on: …)` → `LEFT JOIN "posts" ON …`
    public func leftJoin<Other: Table>(
        _ other: Other.Type,
        as alias: String? = nil,
        on condition: some SQLExpressible<Bool>
    ) -> Self {
        joining(.left, Other.tableName, alias: alias, on: condition.sqlNode)
    }
    /// `.rightJoin(Post.self, on: …)` → `RIGHT JOIN "posts" ON …`: every row of `Other`; this
    /// table's columns are NULL where none matched, so select them as optionals.
    public func rightJoin<Other: Table>(
        _ other: Other.Type,
        as alias: String? = nil,
        on condition: some SQLExpressible<Bool>
    ) -> Self {
        joining(.right, Other.tableName, alias: alias, on: condition.sqlNode)
    }
    /// PostgreSQL only: `.fullJoin(Post.self, on: …)` → `FULL JOIN "posts" ON …`; MySQL throws `unsupported`.
    public func fullJoin<Other: Table>(
        _ other: Other.Type,
        as alias: String? = nil,
        on condition: some SQLExpressible<Bool>
    ) -> Self {
        joining(.full, Other.tableName, alias: alias, on: condition.sqlNode)
    }
    /// `.crossJoin(Team.self)` → `CROSS JOIN "teams"`: every pair of rows.
    public func crossJoin<Other: Table>(_ other: Other.Type, as alias: String? = nil) -> Self {
        joining(.cross, Other.tableName, alias: alias, on: nil)
    }

    /// The select with one more JOIN clause.
    func joining(_ kind: SQLJoin.Kind, _ table: String, alias: String?, on condition: SQLExpressionNode?) -> Self {
        with { $0.joins.append(SQLJoin(kind: kind, table: table, alias: alias, on: condition)) }
    }
}

extension Select where Row == Model {
    /// Rows as pairs of whole models: every column of both tables.
    ///
    /// ```swift
    /// User.select().joined(with: Post.self, on: Post.userId.eq(User.id))   // Select<User, (User, Post)>
    /// // SELECT "users"."id", "users"."name", …, "posts"."id", … FROM "users" INNER JOIN "posts" ON …
    /// ```
    public func joined<Other: Table>(with other: Other.Type, as alias: String? = nil,
                                     on condition: some SQLExpressible<Bool>) -> Select<Model, (Model, Other)> {
        Select<Model, (Model, Other)>(ast: pairAST(Other.self, alias: alias, kind: .inner, on: condition.sqlNode))
    }

    /// Pairs with a LEFT JOIN: the second model is nil where no row matched.
    ///
    /// ```swift
    /// User.select().leftJoined(with: Post.self, on: Post.userId.eq(User.id))   // Select<User, (User, Post?)>
    /// ```
    public func leftJoined<Other: Table>(with other: Other.Type, as alias: String? = nil,
                                         on condition: some SQLExpressible<Bool>) -> Select<Model, (Model, Other?)> {
        Select<Model, (Model, Other?)>(ast: pairAST(Other.self, alias: alias, kind: .left, on: condition.sqlNode))
    }

    private func pairAST<Other: Table>(
        _: Other.Type,
        alias: String?,
        kind: SQLJoin.Kind,
        on: SQLExpressionNode
    ) -> SQLSelect {
        var a = ast
        a.joins.append(SQLJoin(kind: kind, table: Other.tableName, alias: alias, on: on))
        a.items += Other.columns.map { SQLSelectItem.column($0, of: alias ?? Other.tableName) }
        return a
    }
}

extension SQLSelectItem {
    /// A model's column read through `table` (its name or alias).
    static func column(_ c: SQLColumnSchema, of table: String) -> SQLSelectItem {
        SQLSelectItem(expression: .column(table: table, name: c.name),
                      result: SQLResultColumn(label: c.name, key: c.key, type: c.type, valueType: c.valueType))
    }
}
