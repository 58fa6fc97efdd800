import DataAPIClient
import DataAPISQL

extension ExecutionContext {
    /// Inserts every row of `statement` in as few calls as the request limit allows, all or
    /// nothing: outside a transaction, anything but one statement runs in one of its own;
    /// inside one, it joins it. Returns the plan, the rows inserted and, with `keys`, each
    /// row's generated key (PostgreSQL: empty when the models set their keys).
    func bulkInsert<M: Table>(_ statement: Insert<M>,
                              keys: Bool) async throws -> (plan: BulkInsertPlan, count: Int, keys: [Field]) {
        let (plan, count, _, keys) = try await bulkInsert(statement, keys: keys, fullRequestsOnly: false)
        return (plan, count, keys)
    }

    /// As ``bulkInsert(_:keys:)``; with `fullRequestsOnly`, only the leading rows that fill
    /// whole requests are sent (the last request, partly filled, is left out). `sent` is the
    /// number of leading rows sent.
    func bulkInsert<M: Table>(_ statement: Insert<M>, keys: Bool, fullRequestsOnly: Bool) async throws
        -> (plan: BulkInsertPlan, count: Int, sent: Int, keys: [Field]) {
        guard let observer = core.observer else {
            let r = try await bulkInsertCalls(statement, keys: keys, fullRequestsOnly: fullRequestsOnly)
            return (r.plan, r.count, r.sent, r.keys)
        }
        let r = try await observedBulkInsert(observer) {
            try await bulkInsertCalls(statement, keys: keys, fullRequestsOnly: fullRequestsOnly)
        }
        return (r.plan, r.count, r.sent, r.keys)
    }

    /// As ``bulkInsert(_:keys:fullRequestsOnly:)``, with the number of calls it made.
    private func bulkInsertCalls<M: Table>(_ statement: Insert<M>, keys: Bool, fullRequestsOnly: Bool) async throws
        -> (plan: BulkInsertPlan, count: Int, sent: Int, keys: [Field], calls: Int) {
        let plan = try await BulkInsertPlan.make(statement, keys: keys, context: self)
        func requests(in context: ExecutionContext) throws -> [Range<Int>] {
            let ranges = try plan.requests(in: context)
            return fullRequestsOnly ? Array(ranges.dropLast()) : ranges
        }
        let ranges = try requests(in: self)
        guard !ranges.isEmpty else { return (plan, 0, 0, [], 0) }
        // One statement is atomic on its own. Parameter sets are run one statement each, and
        // whether the service undoes the earlier sets when a later one fails outside a
        // transaction is not documented: they get a transaction too.
        var oneStatement = ranges.count <= 1
        if case .parameterSets = plan.shape, plan.count > 1 { oneStatement = false }
        if oneStatement || transaction != nil {
            let (count, keys) = try await plan.runAll(ranges, in: self)
            return (plan, count, ranges.last?.upperBound ?? 0, keys, ranges.count)
        }
        let (count, sent, keys, calls) = try await runTransaction { tx in
            // Packed again: the transaction id is part of every request.
            let ranges = try requests(in: tx.executionContext)
            let (count, keys) = try await plan.runAll(ranges, in: tx.executionContext)
            return (count, ranges.last?.upperBound ?? 0, keys, ranges.count)
        }
        return (plan, count, sent, keys, calls)
    }
}

extension BulkInsertPlan {
    func runAll(_ ranges: [Range<Int>], in context: ExecutionContext) async throws -> (count: Int, keys: [Field]) {
        var count = 0
        var keys: [Field] = []
        let batchCalls = context.core.observer?.metrics?.batchCalls
        for range in ranges {
            batchCalls?.increment()
            let (n, k) = try await run(range, in: context)
            count += n
            keys += k
        }
        context.core.logger.debug("bulk insert", metadata: [
            "sql": "\(sql)", "rows": "\(count)", "calls": "\(ranges.count)",
        ])
        return (count, keys)
    }
}
