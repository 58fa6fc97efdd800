import DataAPIClient
import Foundation

/// The deprecated `ExecuteSql` (Data API v1), refused with ``DataAPILocalConfiguration/strictV2``.
extension LocalDataAPI {
    func executeSql(_ r: ExecuteSqlRequest) async throws -> ExecuteSqlResponse {
        if configuration.strictV2 {
            throw DataAPIError.service(
                .badRequest, "This API is deprecated and not available. Use ExecuteStatement API instead")
        }
        try checkCommon(
            resourceArn: r.dbClusterOrInstanceArn, secretArn: r.awsSecretStoreArn, database: r.database, schema: nil,
            transactionId: nil)
        let (engine, target) = try resolve(
            resourceArn: r.dbClusterOrInstanceArn, secretArn: r.awsSecretStoreArn, database: r.database)
        let pieces = SQLSplitter.split(r.sqlStatements, scanner: engine.scanner)
        var options = ResultOptions()
        options.includeMetadata = true
        options.maxResultBytes = configuration.limits.maxResultBytes
        options.maxRowBytes = configuration.limits.maxRowBytes
        let opts = options
        let results = try await running.withSession(engine, target) { session in
            var out: [SqlStatementResult] = []
            for sql in pieces {
                let result = try await session.execute(
                    EngineStatement(sql: sql, binds: [], looksLikeQuery: Self.looksLikeQuery(sql)), options: opts)
                var frame: ResultFrame?
                if let rows = result.rows {
                    frame = ResultFrame(
                        resultSetMetadata: ResultSetMetadata(
                            columnCount: Int64(result.columns.count), columnMetadata: result.columns),
                        records: rows.map { ExecuteSqlRecord(values: $0.map(V1Values.value)) })
                }
                out.append(SqlStatementResult(resultFrame: frame, numberOfRecordsUpdated: result.updateCount))
            }
            return out
        }
        return ExecuteSqlResponse(sqlStatementResults: results)
    }
}
