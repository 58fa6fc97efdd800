import DataAPIClient
import DataAPISQL

/// A transaction in progress, given to the closure of
/// ``DatabaseExecutor/transaction(retry:isolation:_:)``. It offers everything a
/// ``Database`` does; its statements run one at a time, in the order they were called,
/// since the service refuses a second call while one is running.
public struct Transaction: DatabaseExecutor {
    /// The database and this transaction.
    public let executionContext: ExecutionContext

    /// The Data API transaction id.
    public var id: String { state.id }

    var state: TransactionState { executionContext.transaction! }
}

/// Whether a transaction's closure runs again after a serialization failure or deadlock
/// (SQLSTATE 40001 / 40P01, MySQL error 1213), and how often. Other errors never retry.
/// The closure must be safe to run again: keep side effects outside the database out of it.
public struct TransactionRetry: Sendable, Hashable {
    /// Attempts in all, the first included.
    public var maxAttempts: Int
    /// No attempt starts later than this after the first one began.
    public var deadline: Duration
    /// The first backoff; later ones double, with full jitter.
    public var baseDelay: Duration

    /// A policy of `maxAttempts` within `deadline`, backing off from `baseDelay`.
    public init(maxAttempts: Int, deadline: Duration, baseDelay: Duration = .milliseconds(20)) {
        self.maxAttempts = maxAttempts
        self.deadline = deadline
        self.baseDelay = baseDelay
    }

    /// One attempt (the default).
    public static let none = TransactionRetry(maxAttempts: 1, deadline: .zero, baseDelay: .zero)

    /// Retry serialization failures and deadlocks up to `maxAttempts` times within `deadline`.
    public static func serializationFailures(
        maxAttempts: Int = 3, deadline: Duration = .seconds(10)
    ) -> TransactionRetry {
        TransactionRetry(maxAttempts: maxAttempts, deadline: deadline)
    }

    /// Whether `error` is a serialization failure or a deadlock.
    public static func isRetryable(_ error: any Error) -> Bool {
        guard let q = error as? QueryError, let e = q.dataAPIError else { return false }
        return e.sqlState == "40001" || e.sqlState == "40P01" || e.databaseErrorCode == 1213
    }
}

extension DatabaseExecutor {
    /// Runs `body` in a transaction: begins one, commits when `body` returns, rolls back when
    /// it throws or its task is cancelled (a failed rollback never hides the original error).
    /// Inside a transaction, a nested call is a SAVEPOINT that is released when `body`
    /// returns and rolled back to when it throws, leaving the outer transaction usable.
    ///
    /// ```swift
    /// let order = try await db.transaction { tx in
    ///     let order = try await tx.insert(Order(id: nil, total: 10))
    ///     try await tx.execute(Stock.update().set(Stock.count, to: Stock.count.minus(1)).where(Stock.id.eq(7)))
    ///     return order
    /// }
    /// ```
    ///
    /// When the database ends the transaction (an error on PostgreSQL, the service's
    /// 3-minute idle timeout, its 24-hour limit), the next statement throws
    /// ``QueryError/Code/transactionAborted`` or ``QueryError/Code/transactionEnded``;
    /// nothing runs outside the transaction. A commit whose answer is lost is followed by a
    /// rollback: if it completes, nothing was committed and the call throws
    /// ``QueryError/Code/transactionEnded``; otherwise it throws
    /// ``QueryError/Code/commitOutcomeUnknown``. Never success.
    ///
    /// The closure runs in the caller's isolation (the main actor, any actor, or none).
    @discardableResult
    public func transaction<T>(
        retry: TransactionRetry = .none,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (Transaction) async throws -> T
    ) async throws -> T {
        let context = executionContext
        if let outer = context.transaction {
            return try await context.savepoint(outer, body)
        }
        let started = ContinuousClock.now
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await context.runTransaction(body)
            } catch {
                guard attempt < retry.maxAttempts, TransactionRetry.isRetryable(error), !Task.isCancelled else {
                    throw error
                }
                let cap = retry.baseDelay * (1 << min(attempt - 1, 20))
                let delay = cap * Double.random(in: 0...1)
                guard ContinuousClock.now - started + delay < retry.deadline else { throw error }
                context.core.logger.debug(
                    "transaction retry",
                    metadata: ["attempt": "\(attempt)", "error": "\(ExecutionContext.summary(error))"])
                try await Task.sleep(for: delay)
            }
        }
    }
}

extension ExecutionContext {
    /// Begin, run, commit or roll back.
    func runTransaction<T>(
        isolation: isolated (any Actor)? = #isolation, _ body: (Transaction) async throws -> T
    ) async throws -> T {
        guard let observer = core.observer else { return try await beginRunFinish(began: {}, body) }
        return try await observedTransaction(observer) { began in try await beginRunFinish(began: began, body) }
    }

    private func beginRunFinish<T>(isolation: isolated (any Actor)? = #isolation, began: () -> Void,
                                   _ body: (Transaction) async throws -> T) async throws -> T {
        let state = TransactionState(id: try await begin())
        began()
        let tx = Transaction(executionContext: ExecutionContext(core: core, transaction: state))
        let value: T
        do {
            value = try await body(tx)
        } catch {
            await rollback(state, because: error)
            throw error
        }
        if Task.isCancelled {
            await rollback(state, because: CancellationError())
            throw CancellationError()
        }
        try await finish(state)
        return value
    }

    func begin() async throws -> String {
        let request = BeginTransactionRequest(
            resourceArn: configuration.resourceArn, secretArn: configuration.secretArn,
            database: configuration.database)
        // No statement span of its own: the BeginTransaction call's span is the transaction's child.
        let response = try await call(sql: "BEGIN", recovering: false, observed: false, rows: { _ in 0 }) {
            try await core.client.beginTransaction(request)
        }
        guard let id = response.transactionId, !id.isEmpty else {
            throw QueryError(code: .unexpectedResult, message: "BeginTransaction returned no transaction id", sql: nil)
        }
        return id
    }

    /// Commits if the transaction can, else rolls it back; all under the transaction's gate
    /// (no statement slips in between the check and the commit) and shielded from the
    /// caller's cancellation (a commit cut off halfway would leave its outcome unknown).
    func finish(_ state: TransactionState) async throws {
        let context = self
        let outcome: Result<Void, QueryError> = await Task {
            await state.gate.acquireIgnoringCancellation()
            defer { state.gate.release() }
            switch state.current {
            case .ended(let e):
                return .failure(e)
            case .aborted(let e):
                await context.rollbackCall(state, because: e)
                return .failure(e)
            case .active:
                do {
                    try await context.commitCall(state)
                    return .success(())
                } catch {
                    var failure = Self.commitFailure(error)
                    switch failure.code {
                    case .transactionEnded:
                        break
                    case .commitOutcomeUnknown:
                        // The commit may not have reached the database: then the transaction
                        // is still open and holds its locks until the service's idle timeout.
                        // A rollback settles it: one that completes proves nothing was
                        // committed; "not found" leaves the outcome unknown (it committed, or
                        // the service ended it), and a rollback can never undo a commit.
                        if await context.rollbackCall(state, because: failure) {
                            failure = QueryError(
                                code: .transactionEnded,
                                message: "the commit failed and the transaction was rolled back instead; "
                                    + "nothing was committed",
                                sql: "COMMIT", underlying: failure)
                        }
                    default:
                        // A commit that surely did not happen (refused, throttled to the end)
                        // leaves the transaction open: roll it back rather than wait for its timeout.
                        await context.rollbackCall(state, because: failure)
                    }
                    state.end(failure)
                    return .failure(failure)
                }
            }
        }.value
        try outcome.get()
    }

    /// One CommitTransaction, never retried after a failure that may have committed.
    func commitCall(_ state: TransactionState) async throws {
        let request = CommitTransactionRequest(
            resourceArn: configuration.resourceArn, secretArn: configuration.secretArn,
            transactionId: state.id)
        let started = ContinuousClock.now
        _ = try await core.client.send(request, retryPolicy: retryPolicy(readOnly: false))
        core.logger.debug("statement", metadata: [
            "sql": "COMMIT", "duration_ms": "\(Self.milliseconds(ContinuousClock.now - started))", "calls": "1"])
        state.end(QueryError(code: .transactionEnded, message: "the transaction has already committed", sql: nil))
    }

    /// What a failed commit means: unknown when the request may have reached the service
    /// and no answer says what happened.
    static func commitFailure(_ error: any Error) -> QueryError {
        if let t = error as? TransportError, t.requestSent {
            return QueryError(
                code: .commitOutcomeUnknown,
                message: "the commit was sent but no answer arrived; it may or may not have happened",
                sql: "COMMIT", underlying: t)
        }
        if let e = error as? DataAPIError {
            if e.httpStatus >= 500 && e.code != .serviceUnavailable {
                return QueryError(
                    code: .commitOutcomeUnknown,
                    message: "the service failed (\(e.code)) while committing; the commit may or may not have happened",
                    sql: "COMMIT", underlying: e)
            }
            if e.code == .transactionNotFound || e.code == .notFound {
                return QueryError(
                    code: .transactionEnded, message: "the transaction ended before it could commit: \(e.message)",
                    sql: "COMMIT", underlying: e)
            }
        }
        if error is CancellationError {
            return QueryError(
                code: .commitOutcomeUnknown, message: "the commit was cancelled; it may or may not have happened",
                sql: "COMMIT")
        }
        return (QueryError.wrap(error, sql: "COMMIT") as? QueryError)
            ?? QueryError(code: .client, message: "\(error)", sql: "COMMIT")
    }

    /// Rolls back under the gate, shielded from cancellation; a failure is logged and never
    /// replaces `cause`.
    func rollback(_ state: TransactionState, because cause: any Error) async {
        let context = self
        await Task {
            await state.gate.acquireIgnoringCancellation()
            defer { state.gate.release() }
            await context.rollbackCall(state, because: cause)
        }.value
    }

    /// One RollbackTransaction (with the gate held), tried again for a few seconds while the
    /// service says a statement of the transaction is still running (one cut off by a dropped
    /// connection or a cancelled task), and after a failure of the service or the network:
    /// rolling back twice is harmless, and a transaction left open holds its locks until the
    /// service's idle timeout. Returns whether the service answered that it rolled back.
    @discardableResult
    func rollbackCall(_ state: TransactionState, because error: any Error) async -> Bool {
        let cause = Self.summary(error)
        let request = RollbackTransactionRequest(
            resourceArn: configuration.resourceArn, secretArn: configuration.secretArn,
            transactionId: state.id)
        var rolledBack = false
        for attempt in 1...10 {
            do {
                _ = try await core.client.rollbackTransaction(request)
                core.logger.debug(
                    "statement", metadata: ["sql": "ROLLBACK", "calls": "\(attempt)", "cause": "\(cause)"])
                rolledBack = true
                break
            } catch let e as DataAPIError
                where e.code == .databaseError && e.message.contains("still running") && attempt < 10
            {
                try? await Task.sleep(for: .milliseconds(300))
            } catch let e as DataAPIError where (e.httpStatus >= 500 || e.code == .throttling) && attempt < 10 {
                try? await Task.sleep(for: .milliseconds(50 * attempt))
            } catch is TransportError where attempt < 10 {
                try? await Task.sleep(for: .milliseconds(50 * attempt))
            } catch {
                core.logger.debug("rollback failed", metadata: ["error": "\(Self.summary(error))", "cause": "\(cause)"])
                break
            }
        }
        state.end(QueryError(code: .transactionEnded, message: "the transaction has already rolled back", sql: nil))
        return rolledBack
    }

    /// A nested transaction: SAVEPOINT, then RELEASE or ROLLBACK TO. Nested transactions at
    /// the same level run one at a time.
    func savepoint<T>(_ state: TransactionState, isolation: isolated (any Actor)? = #isolation,
                      _ body: (Transaction) async throws -> T) async throws -> T {
        let level = savepointLevel + 1
        let gate = state.savepointGate(level: level)
        try await gate.acquire()
        defer { gate.release() }
        var inner = self
        inner.savepointLevel = level
        let name = state.nextSavepointName()
        _ = try await execute(try render(SQLSavepoint(.create, name)))
        let value: T
        do {
            value = try await body(Transaction(executionContext: inner))
        } catch {
            await rollback(to: name, state)
            throw error
        }
        if Task.isCancelled {
            await rollback(to: name, state)
            throw CancellationError()
        }
        if case .aborted(let e) = state.current {
            await rollback(to: name, state)
            throw e
        }
        do {
            _ = try await execute(try render(SQLSavepoint(.release, name)))
        } catch {
            // The savepoint's work must not stay behind a failure the caller sees.
            await rollback(to: name, state)
            throw error
        }
        return value
    }

    /// ROLLBACK TO a savepoint, shielded from cancellation; when it fails, the transaction
    /// can only roll back as a whole.
    func rollback(to name: String, _ state: TransactionState) async {
        let context = self
        await Task {
            do {
                _ = try await context.execute(try context.render(SQLSavepoint(.rollback, name)), recovering: true)
                state.recovered()
            } catch {
                context.core.logger.debug("rollback to savepoint failed", metadata: ["error": "\(Self.summary(error))"])
                state.abort(
                    QueryError(
                        code: .transactionAborted,
                        message: "rolling back to a savepoint failed; the transaction can only roll back",
                        sql: "ROLLBACK TO SAVEPOINT", underlying: error))
            }
        }.value
    }
}

extension AsyncGate {
    /// Waits for the gate whatever the task's cancellation state (commit and rollback must run).
    func acquireIgnoringCancellation() async {
        await Task { try? await acquire() }.value
    }
}
