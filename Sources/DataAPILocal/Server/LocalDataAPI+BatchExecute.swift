import DataAPIClient
import Foundation

/// `BatchExecuteStatement`: one statement over many parameter sets, all or nothing.
extension LocalDataAPI {
    func batchExecute(_ r: BatchExecuteStatementRequest) async throws -> BatchExecuteStatementResponse {
        try checkCommon(
            resourceArn: r.resourceArn, secretArn: r.secretArn, database: r.database, schema: r.schema,
            transactionId: r.transactionId)
        try checkSQL(r.sql)
        let (engine, target) = try resolve(resourceArn: r.resourceArn, secretArn: r.secretArn, database: r.database)
        let sets = r.parameterSets ?? []
        let statements = try sets.map { try prepare(sql: r.sql, parameters: $0, engine: engine) }
        if statements.isEmpty {
            _ = try prepare(sql: r.sql, parameters: nil, engine: engine).sql  // still reject multi-statements
            return BatchExecuteStatementResponse(updateResults: [])
        }
        var options = ResultOptions()
        options.maxResultBytes = configuration.limits.maxResultBytes
        options.maxRowBytes = configuration.limits.maxRowBytes
        let opts = options
        @Sendable func runAll(_ session: any DatabaseSession) async throws -> [UpdateResult] {
            var results: [UpdateResult] = []
            for s in statements {
                results.append(
                    UpdateResult(generatedFields: try await session.execute(s, options: opts).generatedFields))
            }
            return results
        }
        if let id = r.transactionId, !id.isEmpty {
            let entry = try transactions.acquire(id, resourceArn: r.resourceArn)
            do {
                let results = try await runAll(entry.session)
                await transactions.release(id, failed: false)
                return BatchExecuteStatementResponse(updateResults: results)
            } catch {
                await transactions.release(id, failed: Self.endsTransaction(error))
                throw error
            }
        }
        // Autocommit: the whole batch commits or none of it does.
        let results = try await running.withSession(engine, target) { session in
            try await session.begin()
            do {
                let results = try await runAll(session)
                try await session.commit()
                return results
            } catch {
                try? await session.rollback()
                throw error
            }
        }
        return BatchExecuteStatementResponse(updateResults: results)
    }
}
