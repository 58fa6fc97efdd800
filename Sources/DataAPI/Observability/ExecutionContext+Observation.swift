import DataAPIClient
import Tracing

extension ExecutionContext {
    /// One statement's metrics and span around `body` (the gated, logged call). The span is
    /// the caller's current span's child and the current span while `body` runs, so the
    /// Data API call's span nests under it.
    func observedStatement<R: ObservedRows>(_ observer: ExecutorObservation, sql: String,
                                            _ body: () async throws -> R) async throws -> R {
        let statement = StatementKind(sql: sql)
        let span = observer.startSpan(operation: statement.keyword, sql: sql)
        let started = ContinuousClock.now
        do {
            let result: R
            if let span {
                result = try await ServiceContext.$current.withValue(span.context) { try await body() }
            } else {
                result = try await body()
            }
            let rows = result.observedRows
            if let metrics = observer.metrics {
                metrics.statement(statement.kind, nanoseconds: nanoseconds(since: started))
                metrics.rows(returned: rows.returned, written: rows.written)
            }
            if let span {
                if statement.kind == .select || rows.returned > 0 {
                    span.attributes["db.response.returned_rows"] = rows.returned
                }
                span.end()
            }
            return result
        } catch {
            let type = ExecutorObservation.errorType(error)
            if let metrics = observer.metrics {
                metrics.statement(statement.kind, nanoseconds: nanoseconds(since: started))
                metrics.failure(statement.kind, code: type)
            }
            if let span {
                ExecutorObservation.fail(span, type: type, error: error)
                span.end()
            }
            throw error
        }
    }

    /// A transaction's span (`TRANSACTION {db.namespace}`), parent of its BEGIN, statements and
    /// COMMIT or ROLLBACK, and its count by outcome.
    func observedTransaction<T>(_ observer: ExecutorObservation, isolation: isolated (any Actor)? = #isolation,
                                _ body: (_ began: () -> Void) async throws -> T) async throws -> T {
        let span = observer.startSpan(operation: "TRANSACTION", sql: nil)
        var began = false
        do {
            let value: T
            if let span {
                value = try await ServiceContext.$current.withValue(span.context) { try await body { began = true } }
            } else {
                value = try await body { began = true }
            }
            observer.metrics?.transaction(.commit)
            if let span {
                span.attributes["data_api.transaction.outcome"] = "commit"
                span.end()
            }
            return value
        } catch {
            let outcome: ExecutorMetrics.Outcome =
                !began ? .notStarted : (error as? QueryError)?.code == .commitOutcomeUnknown ? .unknown : .rollback
            observer.metrics?.transaction(outcome)
            if let span {
                span.attributes["data_api.transaction.outcome"] = outcome.name
                ExecutorObservation.fail(span, type: ExecutorObservation.errorType(error), error: error)
                span.end()
            }
            throw error
        }
    }

    /// A batch insert's span (`BATCH INSERT {db.namespace}`), parent of its calls (and of the
    /// transaction it opens, if any), with the rows and calls it took.
    func observedBulkInsert(_ observer: ExecutorObservation,
                            _ body: () async throws -> (plan: BulkInsertPlan, count: Int, sent: Int, keys: [Field],
                                                         calls: Int))
        async throws -> (plan: BulkInsertPlan, count: Int, sent: Int, keys: [Field], calls: Int) {
        guard let span = observer.startSpan(operation: "BATCH INSERT", sql: nil) else { return try await body() }
        do {
            let result = try await ServiceContext.$current.withValue(span.context) { try await body() }
            span.updateAttributes { a in
                a["db.query.text"] = result.plan.sql
                a["db.operation.batch.size"] = result.sent
                a["data_api.batch.calls"] = result.calls
            }
            span.end()
            return result
        } catch {
            ExecutorObservation.fail(span, type: ExecutorObservation.errorType(error), error: error)
            span.end()
            throw error
        }
    }
}

/// Nanoseconds from `start` to now, for a timer.
private func nanoseconds(since start: ContinuousClock.Instant) -> Int64 {
    let (seconds, attoseconds) = (ContinuousClock.now - start).components
    return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
}
