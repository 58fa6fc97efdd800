extension Table {
    /// Selects from a query instead of the table: a derived table named and shaped by this
    /// model, the query's items aliased with the model's column names, rows decoding as the
    /// model. The query must select one item per column (else `invalidValue`).
    ///
    /// ```swift
    /// TeamSize.select(from: Member.select(Member.teamId, countAll()).group(by: Member.teamId)).where(TeamSize.n.gt(1))
    /// // SELECT "team_sizes"."team_id", "team_sizes"."n"
    /// // FROM (SELECT "members"."team_id" AS "team_id", COUNT(*) AS "n" FROM "members"
    /// //   GROUP BY "members"."team_id") AS "team_sizes"
    /// // WHERE ("team_sizes"."n" > :p1)
    /// ```
    public static func select<N, R>(from query: Select<N, R>) -> Select<Self, Self> {
        var outer = select().ast
        var inner = query.ast
        if inner.items.count == columns.count {
            for (i, c) in columns.enumerated() { inner.items[i].alias = c.name }
        } else {
            outer.condition = .invalid(.invalidValue(
                "the derived table \(tableName) has \(columns.count) columns"
                    + " but its query selects \(inner.items.count)"
            ))
        }
        outer.derived = .select(inner)
        return Select(ast: outer)
    }
}
