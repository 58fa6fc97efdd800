import DataAPIClient
import DataAPISQL
import Foundation
import Logging

extension ExecutionContext {
    var configuration: DatabaseConfiguration { core.configuration }
    var temporal: TemporalCoding { core.temporal }

    /// Renders a statement in this dialect; a rendering failure is an `invalidStatement` error.
    func render(_ statement: some SQLStatement) throws -> SQLQuery { try rendering(statement.render) }

    /// Whatever `make` renders in this dialect; a rendering failure is an `invalidStatement` error.
    func rendering<Q>(_ make: (SQLDialect) throws -> Q) throws -> Q {
        do { return try make(core.dialect) } catch { throw QueryError.wrap(error, sql: nil) }
    }

    /// The retry policy for a call: the client's, with the retries that could run it twice
    /// (after an internal error, an unavailable database or a connection broken after sending)
    /// only when it reads outside a transaction.
    func retryPolicy(readOnly: Bool) -> RetryPolicy {
        let policy = core.client.configuration.retryPolicy
        return readOnly && transaction == nil
            ? policy.withPossiblyExecutedRetries : policy.withoutPossiblyExecutedRetries
    }

    /// Runs one rendered statement through `ExecuteStatement`; `readOnly` marks a builder
    /// select, which may be retried after a failure that could have run it.
    func execute(_ query: SQLQuery, metadata: Bool = false, recovering: Bool = false,
                 readOnly: Bool = false) async throws -> ExecuteStatementResponse {
        let request = executeRequest(query, metadata: metadata)
        let policy = retryPolicy(readOnly: readOnly)
        return try await call(
            sql: query.sql, recovering: recovering, rows: { $0.records?.count ?? Int($0.numberOfRecordsUpdated ?? 0) }
        ) {
            try await core.client.send(request, retryPolicy: policy)
        }
    }

    /// The `ExecuteStatement` request for a rendered statement in this context.
    func executeRequest(_ query: SQLQuery, metadata: Bool = false) -> ExecuteStatementRequest {
        let parameters = FieldMapping.parameters(query, temporal: core.temporal)
        // Exact decimals: numeric results as strings, whatever the service's default.
        let wantsDecimals = query.columns.contains { if case .decimal = $0.type { true } else { false } }
        return ExecuteStatementRequest(
            resourceArn: configuration.resourceArn, secretArn: configuration.secretArn, sql: query.sql,
            database: configuration.database, parameters: parameters.isEmpty ? nil : parameters,
            transactionId: transaction?.id, includeResultMetadata: metadata ? true : nil,
            resultSetOptions: wantsDecimals ? ResultSetOptions(decimalReturnType: .string) : nil)
    }

    /// Runs one statement once per parameter set through `BatchExecuteStatement`.
    func batchExecute(_ batch: SQLBatchQuery) async throws -> BatchExecuteStatementResponse {
        let sets = batch.valueSets.map {
            FieldMapping.parameters(names: batch.names, values: $0, temporal: core.temporal)
        }
        return try await batchExecute(sql: batch.sql, sets: sets)
    }

    /// The `BatchExecuteStatement` request for `sets` in this context.
    func batchRequest(sql: String, sets: [[SqlParameter]]) -> BatchExecuteStatementRequest {
        BatchExecuteStatementRequest(
            resourceArn: configuration.resourceArn, secretArn: configuration.secretArn, sql: sql,
            database: configuration.database, parameterSets: sets, transactionId: transaction?.id)
    }

    /// Runs `sql` once per parameter set through `BatchExecuteStatement`.
    func batchExecute(sql: String, sets: [[SqlParameter]]) async throws -> BatchExecuteStatementResponse {
        let request = batchRequest(sql: sql, sets: sets)
        return try await batchCall(sql: sql) { try await core.client.send(request, retryPolicy: $0) }
    }

    /// Runs `sql` once for each of the sets `range` of `encoded` (sets written once, ahead).
    func batchExecute(
        sql: String, encoded: EncodedParameterSets, range: Range<Int>
    ) async throws -> BatchExecuteStatementResponse {
        let request = EncodedBatchExecuteStatementRequest(
            request: batchRequest(sql: sql, sets: []), sets: encoded, range: range)
        return try await batchCall(sql: sql) { try await core.client.send(request, retryPolicy: $0) }
    }

    private func batchCall(sql: String,
        _ send: (RetryPolicy) async throws -> BatchExecuteStatementResponse
    ) async throws -> BatchExecuteStatementResponse {
        do {
            let policy = retryPolicy(readOnly: false)
            return try await call(sql: sql, recovering: false, rows: { $0.updateResults?.count ?? 0 }) {
                try await send(policy)
            }
        } catch let e as QueryError where e.code == .database {
            // Inside a transaction, the sets before the failing one may have run (MySQL rolls
            // back only the failing statement): the transaction must not commit a partial batch.
            transaction?.abort(QueryError(
                    code: .transactionAborted,
                    message:
                        "a batch failed inside the transaction and may have run in part; it can only be rolled back",
                sql: sql, underlying: e))
            throw e
        }
    }

    /// One call: serialized within a transaction, refused when the transaction can no
    /// longer run statements, logged (SQL, duration, rows; never values), and its failure
    /// typed with the SQL.
    func call<R: Sendable & ObservedRows>(sql: String, recovering: Bool, observed: Bool = true, rows: (R) -> Int,
                                          _ body: () async throws -> R) async throws -> R {
        guard observed, let observer = core.observer else {
            return try await gatedCall(sql: sql, recovering: recovering, rows: rows, body)
        }
        return try await observedStatement(observer, sql: sql) {
            try await gatedCall(sql: sql, recovering: recovering, rows: rows, body)
        }
    }

    /// ``call(sql:recovering:observed:rows:_:)`` without metrics or span.
    private func gatedCall<R: Sendable>(sql: String, recovering: Bool, rows: (R) -> Int,
                                        _ body: () async throws -> R) async throws -> R {
        if let transaction {
            try transaction.checkUsable(recovering: recovering)
            try await transaction.gate.acquire()
        }
        defer { transaction?.gate.release() }
        if let transaction { try transaction.checkUsable(recovering: recovering) }
        let started = ContinuousClock.now
        do {
            let result = try await body()
            core.logger.debug("statement", metadata: [
                "sql": "\(sql)", "duration_ms": "\(Self.milliseconds(ContinuousClock.now - started))",
                "rows": "\(rows(result))", "calls": "1", "transaction": "\(transaction != nil)",
            ])
            return result
        } catch {
            core.logger.debug("statement failed", metadata: [
                "sql": "\(sql)", "duration_ms": "\(Self.milliseconds(ContinuousClock.now - started))",
                "error": "\(Self.summary(error))",
            ])
            let wrapped = QueryError.wrap(error, sql: sql)
            if let transaction {
                if let q = wrapped as? QueryError, let ended = note(q, in: transaction) { throw ended }
                // Cancelled or cut off while it may be running: its outcome is unknown, and the
                // service may still be running it, so nothing more may run in the transaction.
                if error is CancellationError || (error as? TransportError)?.requestSent == true {
                    transaction.abort(QueryError(
                            code: .transactionAborted,
                            message: "a statement was cancelled or cut off while it may have been running; "
                            + "the transaction can only roll back", sql: sql, underlying: error))
                }
            }
            throw wrapped
        }
    }

    /// What a failed call means for its transaction; the error to throw instead when the
    /// call found the transaction gone.
    func note(_ error: QueryError, in transaction: TransactionState) -> QueryError? {
        guard let service = error.dataAPIError else { return nil }
        if service.code == .transactionNotFound || service.code == .notFound || service.code == .databaseUnavailable {
            let why = service.code == .databaseUnavailable
                ? "the database connection holding the transaction was lost"
                : "the service ended it: \(service.message)"
            let ended = QueryError(
                code: .transactionEnded, message: "the transaction is over: " + why, sql: error.sql, underlying: service
            )
            transaction.end(ended)
            return ended
        }
        // PostgreSQL aborts a transaction on any error; MySQL rolls one back on a deadlock.
        let aborts: Bool
        switch core.configuration.engine {
        case .postgreSQL: aborts = service.code == .databaseError || service.code == .statementTimeout
        case .mySQL: aborts = service.databaseErrorCode == 1213 || service.sqlState == "40001"
        }
        if aborts {
            let sqlState = service.sqlState ?? "-"
            transaction.abort(QueryError(
                code: .transactionAborted,
                message: "an earlier statement failed (SQLState \(sqlState)) and aborted the transaction; "
                    + "it can only be rolled back",
                sql: error.sql,
                underlying: service))
        }
        return nil
    }

    static func milliseconds(_ d: Duration) -> String {
        let ms = Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
        return String(format: "%.2f", ms)
    }

    /// An error in one line without values: a service error's code and SQLSTATE only,
    /// since a database message may quote the data (`Key (email)=(…) already exists`).
    static func summary(_ error: any Error) -> String {
        if let e = error as? DataAPIError { return "\(e.code)" + (e.sqlState.map { " SQLState \($0)" } ?? "") }
        if let e = error as? TransportError { return "transport: \(e.code)" }
        return "\(type(of: error))"
    }
}
