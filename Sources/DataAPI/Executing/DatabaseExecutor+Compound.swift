import DataAPIClient
import DataAPISQL

extension DatabaseExecutor {
    /// Every row of a UNION, UNION ALL, INTERSECT or EXCEPT of whole-model selects, as
    /// models: the first member's columns name the result, as for a plain select.
    ///
    /// ```swift
    /// let young = Member.select().where(Member.age.lt(30))
    /// let both: [Member] = try await db.fetchAll(young.union(Member.select().where(Member.teamId.eq(2))))
    /// // SELECT "members"."id", … WHERE ("members"."age" < :p1)
    /// // UNION SELECT "members"."id", … WHERE ("members"."team_id" = :p2)
    /// ```
    ///
    /// The order of rows is the database's: a compound has no ORDER BY of its own here.
    public func fetchAll<R: Table>(_ compound: CompoundSelect<R>) async throws -> [R] {
        let (records, plan) = try await rows(compound)
        return try RowDecoder(plan: plan, model: R.self).decodeAll(R.self, records)
    }

    /// Every row of a compound of selects of chosen columns, typed by them: a value for one
    /// column, a tuple for several.
    ///
    /// ```swift
    /// let names: [String] = try await db.fetchAll(Member.select(Member.name).union(Team.select(Team.name)))
    /// ```
    public func fetchAll<each V: SQLBindable & Decodable>(
        _ compound: CompoundSelect<(repeat each V)>
    ) async throws -> [(repeat each V)] {
        let (records, plan) = try await rows(compound)
        var out: [(repeat each V)] = []
        out.reserveCapacity(records.count)
        for (i, row) in records.enumerated() {
            out.append(try Self.values(row, index: i, plan: plan, as: (repeat each V).self))
        }
        return out
    }

    /// Renders and runs a compound select; its records and the plan to decode them with.
    func rows<R>(_ compound: CompoundSelect<R>) async throws -> ([[Field]], DecodingPlan) {
        let context = executionContext
        let query = try context.render(compound)
        let response = try await context.execute(query, readOnly: true)
        return (response.records ?? [], DecodingPlan(query: query, temporal: context.temporal))
    }
}
