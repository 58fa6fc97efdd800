import DataAPIClient
import DataAPISQL

extension DatabaseExecutor {
    /// Decodes records of a rendered query into models without a call; for the executor
    /// benchmark's per-step timings.
    @_spi(Benchmark)
    public func decodeForBenchmark<M: Decodable>(_ type: M.Type, _ records: [[Field]], query: SQLQuery) throws -> [M] {
        let decoder = RowDecoder(plan: DecodingPlan(query: query, temporal: executionContext.temporal), model: M.self)
        return try records.enumerated().map { try decoder.decode(M.self, row: $1, index: $0) }
    }
}
