extension SQLWriter {
    /// `UPDATE "t" SET "a" = … [WHERE …] [RETURNING …]`; without a condition only when built
    /// with `updateAll()`.
    mutating func update<Model>(_ statement: Update<Model>) throws {
        guard !statement.assignments.isEmpty else { throw SQLRenderError.emptyList("an UPDATE's SET clause") }
        guard statement.condition != nil || statement.all else {
            throw SQLRenderError.missingWhereClause("UPDATE")
        }
        scopes = [[Model.tableName]]
        write("UPDATE ")
        identifier(Model.tableName)
        write(" SET ")
        try list(statement.assignments) { w, a in
            w.identifier(a.name)
            w.write(" = ")
            try w.withValueColumn(.init(table: Model.tableName, name: a.name)) { try $0.expression(a.value) }
        }
        try conditionAndReturning(statement.condition, statement.returning)
    }

    /// `DELETE FROM "t" [WHERE …] [RETURNING …]`; without a condition only when built with
    /// `deleteAll()`.
    mutating func delete<Model>(_ statement: Delete<Model>) throws {
        guard statement.condition != nil || statement.all else {
            throw SQLRenderError.missingWhereClause("DELETE")
        }
        scopes = [[Model.tableName]]
        write("DELETE FROM ")
        identifier(Model.tableName)
        try conditionAndReturning(statement.condition, statement.returning)
    }

    /// The tail UPDATE and DELETE share: ` WHERE …` and ` RETURNING …`, each when there is one.
    private mutating func conditionAndReturning(_ condition: SQLExpressionNode?, _ items: [SQLSelectItem]) throws {
        try clause("WHERE", condition)
        try returning(items)
    }
}
