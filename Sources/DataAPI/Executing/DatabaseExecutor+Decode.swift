import DataAPIClient
import DataAPISQL

extension DatabaseExecutor {
    /// Decodes records you fetched yourself (a `client.executeStatement` call of the
    /// select's rendered SQL, with options the executor does not set) into models, with the
    /// same positional plan `fetchAll` uses and this database's time zone.
    ///
    /// ```swift
    /// let query = try select.render(db.dialect)
    /// let response = try await db.client.executeStatement(…query.sql…, resultSetOptions: …)
    /// let users = try db.decode(response.records ?? [], of: select)
    /// ```
    public func decode<M, R: Table>(_ records: [[Field]], of select: Select<M, R>) throws -> [R] {
        let context = executionContext
        let query = try context.render(select)
        return try RowDecoder(plan: DecodingPlan(query: query, temporal: context.temporal), model: R.self).decodeAll(
            R.self, records)
    }
}
