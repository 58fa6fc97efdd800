import DataAPI
import DataAPIClient
import DataAPILocal
import DataAPITestServer
import DataAPISQL
import Foundation
import Synchronization
import Testing

/// Transactions as closures on both engines: commit, rollback, cancellation, serialized
/// calls, isolation, savepoints, ended and aborted transactions, retries.
@Suite(.serialized) struct TransactionTests {
    struct Failure: Error, Equatable {}

    static func counters(_ engine: DatabaseEngine, rows: Int = 2) async throws -> Database {
        let db = try await ExecutorFixture.shared.database(engine)
        try await db.drop(Counter.self, ifExists: true)
        try await db.create(Counter.self)
        if rows > 0 { try await db.insert(contentsOf: (1...rows).map { Counter(id: Int64($0), value: 0) }) }
        return db
    }

    static func sum(_ db: some DatabaseExecutor) async throws -> Int64 {
        try await db.fetchValue(Counter.select(Counter.value.sum())) ?? 0
    }

    @Test(arguments: DatabaseEngine.allCases) func commitsWhenTheClosureReturns(_ engine: DatabaseEngine) async throws {
        let db = try await Self.counters(engine)
        let seen = try await db.transaction { tx in
            try await tx.execute(Counter.update().set(Counter.value, to: 5).where(Counter.id.eq(1)))
            return try await Self.sum(tx)
        }
        #expect(seen == 5)
        #expect(try await Self.sum(db) == 5)
    }

    @Test(arguments: DatabaseEngine.allCases)
    func rollsBackWhenTheClosureThrows(_ engine: DatabaseEngine) async throws {
        let db = try await Self.counters(engine)
        await #expect(throws: Failure()) {
            try await db.transaction { tx in
                try await tx.execute(Counter.updateAll().set(Counter.value, to: 9))
                #expect(try await Self.sum(tx) == 18)
                throw Failure()
            }
        }
        #expect(try await Self.sum(db) == 0)
    }

    @Test(arguments: DatabaseEngine.allCases)
    func rollsBackWhenTheTaskIsCancelled(_ engine: DatabaseEngine) async throws {
        let db = try await Self.counters(engine)
        // Cancelled while the closure waits.
        let started = Latch()
        let task = Task {
            try await db.transaction { tx in
                try await tx.execute(Counter.updateAll().set(Counter.value, to: 3))
                await started.open()
                try await Task.sleep(for: .seconds(30))
            }
        }
        await started.wait()
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        // Cancelled, but the closure returned normally anyway.
        await #expect(throws: CancellationError.self) {
            try await db.transaction { tx in
                try await tx.execute(Counter.updateAll().set(Counter.value, to: 4))
                withUnsafeCurrentTask { $0?.cancel() }
            }
        }
        #expect(try await Self.sum(db) == 0)
    }

    @Test(arguments: DatabaseEngine.allCases)
    func concurrentStatementsOnOneTransactionAreSerialized(_ engine: DatabaseEngine) async throws {
        let db = try await Self.counters(engine, rows: 0)
        try await db.transaction { tx in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 1...50 {
                    group.addTask { _ = try await tx.insert(Counter(id: Int64(i), value: Int64(i))) }
                }
                try await group.waitForAll()
            }
        }
        #expect(try await db.fetchValue(Counter.select(countAll())) == 50)
        #expect(try await Self.sum(db) == 1275)
    }

    @MainActor static func onMainActor(_ db: Database) async throws -> Int64 {
        try await db.transaction { tx in
            MainActor.assertIsolated()
            try await tx.execute(Counter.update().set(Counter.value, to: Counter.value.plus(1)).where(Counter.id.eq(1)))
            MainActor.assertIsolated()
            return try await Self.sum(tx)
        }
    }

    actor Owner {
        var runs = 0
        func run(_ db: Database) async throws -> Int {
            try await db.transaction { tx in
                runs += 1  // actor state, touched from the closure: it runs on this actor
                try await tx.execute(
                    Counter.update().set(Counter.value, to: Counter.value.plus(1)).where(Counter.id.eq(1)))
                self.assertIsolated()
                return runs
            }
        }
    }

    nonisolated static func nonisolatedCaller(_ db: Database) async throws {
        try await db.transaction { tx in
            try await tx.execute(Counter.update().set(Counter.value, to: Counter.value.plus(1)).where(Counter.id.eq(1)))
        }
    }

    @Test func closuresRunInTheCallersIsolation() async throws {
        let db = try await Self.counters(DatabaseEngine.postgreSQL)
        #expect(try await Self.onMainActor(db) == 1)
        #expect(try await Owner().run(db) == 1)
        try await Self.nonisolatedCaller(db)
        #expect(try await Self.sum(db) == 3)
    }

    @Test(arguments: DatabaseEngine.allCases)
    func nestedTransactionsAreSavepoints(_ engine: DatabaseEngine) async throws {
        let db = try await Self.counters(engine)
        try await db.transaction { tx in
            try await tx.execute(Counter.update().set(Counter.value, to: 1).where(Counter.id.eq(1)))
            // Released: its work stays.
            try await tx.transaction { inner in
                try await inner.execute(Counter.update().set(Counter.value, to: 10).where(Counter.id.eq(2)))
            }
            // Rolled back to: its work goes, the outer transaction goes on.
            await #expect(throws: Failure()) {
                try await tx.transaction { inner in
                    try await inner.execute(Counter.update().set(Counter.value, to: 100).where(Counter.id.eq(1)))
                    throw Failure()
                }
            }
            // A database error inside a savepoint: rolled back to, and the transaction is usable.
            let e = await expectQueryError(.database) {
                try await tx.transaction { inner in
                    try await inner.execute(Counter.update().set(Counter.value, to: 1000).where(Counter.id.eq(2)))
                    try await inner.execute("SELECT * FROM exec_no_such_table")
                }
            }
            #expect(e?.sqlState == (engine == .mySQL ? "42S02" : "42P01"))
            #expect(try await Self.sum(tx) == 11)
        }
        #expect(try await Self.sum(db) == 11)
    }

    @Test(arguments: DatabaseEngine.allCases)
    func anErrorTheDatabaseAbortsOnIsNeverCommitted(_ engine: DatabaseEngine) async throws {
        let db = try await Self.counters(engine)
        let outcome: Result<Void, Error> = await asyncResult {
            try await db.transaction { tx in
                try await tx.execute(Counter.update().set(Counter.value, to: 7).where(Counter.id.eq(1)))
                await expectQueryError(.database) { try await tx.execute("SELECT * FROM exec_no_such_table") }
                if engine == .postgreSQL {
                    // PostgreSQL aborted the transaction: nothing more is sent.
                    await expectQueryError(.transactionAborted) {
                        try await tx.execute(Counter.updateAll().set(Counter.value, to: 8))
                    }
                } else {
                    try await tx.execute(Counter.update().set(Counter.value, to: 8).where(Counter.id.eq(2)))
                }
            }
        }
        if engine == .postgreSQL {
            // The caller swallowed the error, but the transaction cannot commit: it says so.
            #expect(throws: QueryError.self) { try outcome.get() }
            #expect((try? outcome.get()) == nil)
            if case .failure(let e as QueryError) = outcome {
                #expect(e.code == .transactionAborted && e.sqlState == "42P01")
            }
            #expect(try await Self.sum(db) == 0)
        } else {
            try outcome.get()
            #expect(try await Self.sum(db) == 15)
        }
    }

    @Test(arguments: DatabaseEngine.allCases)
    func aFailedBatchIsNeverCommittedInPart(_ engine: DatabaseEngine) async throws {
        let db = try await Self.counters(engine)
        let rows =
            (3...8).map { Counter(id: Int64($0), value: 1) } + [Counter(id: 1, value: 1)] + [Counter(id: 9, value: 1)]
        let e = await expectQueryError(.transactionAborted) {
            try await db.transaction { tx in
                await expectQueryError(.database) { try await tx.insert(contentsOf: rows) }
                await expectQueryError(.transactionAborted) {
                    try await tx.execute(Counter.updateAll().set(Counter.value, to: 5))
                }
            }
        }
        #expect(engine == .postgreSQL || e?.message.contains("batch") == true)
        #expect(try await db.fetchValue(Counter.select(countAll())) == 2)
        #expect(try await Self.sum(db) == 0)
    }

    @Test(arguments: DatabaseEngine.allCases)
    func aTransactionTheServiceEndedIsATypedError(_ engine: DatabaseEngine) async throws {
        let server = try await ExecutorFixture.shared.server(engine) { (c: inout DataAPILocalConfiguration) in
            c.limits.transactionIdleTimeout = .milliseconds(1500)
        }
        defer { Task { await server.stop() } }
        let db = ExecutorFixture.database(engine, endpoint: server.endpoint)
        try await db.drop(Counter.self, ifExists: true)
        try await db.create(Counter.self)
        try await db.insert(Counter(id: 1, value: 0))
        var escaped: Transaction?
        await expectQueryError(.transactionEnded) {
            try await db.transaction { tx in
                escaped = tx
                try await tx.execute(Counter.updateAll().set(Counter.value, to: 1))
                try await Task.sleep(for: .milliseconds(3500))
                let e = await expectQueryError(.transactionEnded) {
                    try await tx.execute(Counter.updateAll().set(Counter.value, to: 2))
                }
                #expect(e?.dataAPIError?.code == .transactionNotFound)
                // Not run outside the transaction either.
                await expectQueryError(.transactionEnded) { _ = try await tx.fetchAll(Counter.select()) }
            }
        }
        #expect(try await db.fetchValue(Counter.select(Counter.value).where(Counter.id.eq(1))) == 0)
        // A transaction used after its closure returned.
        let committed = try await db.transaction { tx in tx }
        await expectQueryError(.transactionEnded) { try await committed.execute(Counter.deleteAll()) }
        _ = escaped
    }

    @Test(arguments: DatabaseEngine.allCases)
    func deadlocksRetryTheWholeClosureWhenAskedTo(_ engine: DatabaseEngine) async throws {
        let db = try await Self.counters(engine)
        let attempts = Counts()
        let aHolds = Latch(), bHolds = Latch()
        func cross(_ first: Int64, _ second: Int64, mine: Latch, theirs: Latch) async throws {
            try await db.transaction(retry: .serializationFailures(maxAttempts: 4, deadline: .seconds(30))) { tx in
                let attempt = await attempts.increment()
                try await tx.execute(
                    Counter.update().set(Counter.value, to: Counter.value.plus(1)).where(Counter.id.eq(first)))
                if attempt <= 2 {
                    await mine.open()
                    await theirs.wait()
                }
                try await tx.execute(
                    Counter.update().set(Counter.value, to: Counter.value.plus(1)).where(Counter.id.eq(second)))
            }
        }
        async let a: Void = cross(1, 2, mine: aHolds, theirs: bHolds)
        async let b: Void = cross(2, 1, mine: bHolds, theirs: aHolds)
        _ = try await (a, b)
        #expect(await attempts.value == 3)
        let values: [Int64] = try await db.fetchAll(Counter.select(Counter.value).order(Counter.id))
        #expect(values == [2, 2])
    }

    @Test func isRetryableMatchesSerializationFailuresAndDeadlocksOnly() {
        func error(_ message: String) -> QueryError {
            QueryError(code: .database, message: message, sql: "x",
                       underlying: DataAPIError(code: .databaseError, message: message, httpStatus: 400))
        }
        #expect(TransactionRetry.isRetryable(error("ERROR: could not serialize access; SQLState: 40001")))
        #expect(TransactionRetry.isRetryable(error("ERROR: deadlock detected; SQLState: 40P01")))
        #expect(TransactionRetry.isRetryable(error("Deadlock found; Error code: 1213; SQLState: 40001")))
        #expect(!TransactionRetry.isRetryable(error("ERROR: duplicate key; SQLState: 23505")))
        #expect(!TransactionRetry.isRetryable(Failure()))
    }

    /// A scripted service: the statement fails, then the rollback fails too.
    @Test func aFailingRollbackNeverHidesTheOriginalError() async throws {
        let server = try LoopbackHTTPServer { request in
            switch request.path {
            case "/BeginTransaction": return .json(#"{"transactionId":"tx-1"}"#)
            case "/Execute":
                return .json(
                    #"{"message":"ERROR: boom; SQLState: 22012","code":"DatabaseErrorException"}"#, status: 400,
                    headers: [("x-amzn-ErrorType", "DatabaseErrorException")])
            default: return .json(#"{}"#, status: 500, headers: [("x-amzn-ErrorType", "InternalServerErrorException")])
            }
        }
        let db = ExecutorFixture.database(DatabaseEngine.postgreSQL, endpoint: server.baseURL)
        let e = await expectQueryError(.database) {
            try await db.transaction { tx in _ = try await tx.execute("SELECT 1 / 0") }
        }
        #expect(e?.sqlState == "22012" && e?.sql == "SELECT 1 / 0")
    }

    /// With the client's default retries, a commit, a write and anything in a transaction
    /// that meet a 500 are sent once; a builder select is retried.
    @Test func callsThatMayHaveRunAreNotSentAgain() async throws {
        let counts = Mutex<[String: Int]>([:])
        let server = try LoopbackHTTPServer { request in
            let key = request.path + (request.bodyText.contains("SELECT") ? " select" : "")
            counts.withLock { $0[key, default: 0] += 1 }
            switch request.path {
            case "/BeginTransaction": return .json(#"{"transactionId":"tx-5"}"#)
            case "/RollbackTransaction": return .json(#"{"transactionStatus":"Rollback Complete"}"#)
            default: return .json(#"{}"#, status: 500, headers: [("x-amzn-ErrorType", "InternalServerErrorException")])
            }
        }
        let policy = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(1), maxDelay: .milliseconds(2))
        let db = ExecutorFixture.database(DatabaseEngine.postgreSQL, endpoint: server.baseURL, retryPolicy: policy)
        await expectQueryError(.database) { _ = try await db.fetchAll(Counter.select()) }
        await expectQueryError(.database) { try await db.execute(Counter.deleteAll()) }
        await expectQueryError(.database) { try await db.insert(Counter(id: 1, value: 1)) }
        // The rollback that follows the failed commit completes: nothing was committed.
        let e = await expectQueryError(.transactionEnded) { try await db.transaction { _ in } }
        #expect(e?.mayHaveRun == false && e?.message.contains("rolled back instead") == true)
        await expectQueryError(.database) {
            try await db.transaction { tx in _ = try await tx.fetchAll(Counter.select()) }
        }
        let seen = counts.withLock { $0 }
        #expect(seen["/Execute select"] == 3 + 1)  // the autocommit select retried; the one in the transaction not
        #expect(seen["/Execute"] == 2)
        #expect(seen["/CommitTransaction"] == 1)
    }

    @Test(arguments: DatabaseEngine.allCases)
    func concurrentNestedTransactionsDoNotUndoEachOther(_ engine: DatabaseEngine) async throws {
        let db = try await Self.counters(engine)
        try await db.transaction { tx in
            async let good: Void = tx.transaction { inner in
                try await inner.execute(Counter.update().set(Counter.value, to: 5).where(Counter.id.eq(1)))
                try await Task.sleep(for: .milliseconds(50))
            }
            async let bad: Void = tx.transaction { inner in
                try await inner.execute(Counter.update().set(Counter.value, to: 7).where(Counter.id.eq(2)))
                try await Task.sleep(for: .milliseconds(20))
                throw Failure()
            }
            try await good
            let outcome: Result<Void, Error>
            do { try await bad; outcome = .success(()) } catch { outcome = .failure(error) }
            #expect(throws: Failure()) { try outcome.get() }
        }
        let values: [Int64] = try await db.fetchAll(Counter.select(Counter.value).order(Counter.id))
        #expect(values == [5, 0])
    }

    /// A statement cancelled while it runs may still be running: the transaction can only roll
    /// back (the rollback waits until the service lets it).
    @Test(arguments: DatabaseEngine.allCases)
    func aStatementCutOffMidwayAbortsItsTransaction(_ engine: DatabaseEngine) async throws {
        let db = try await Self.counters(engine)
        let sleep = engine == .mySQL ? "SELECT SLEEP(1)" : "SELECT pg_sleep(1)"
        await expectQueryError(.transactionAborted) {
            try await db.transaction { tx in
                try await tx.execute(Counter.update().set(Counter.value, to: 3).where(Counter.id.eq(1)))
                let slow = Task { try await tx.execute(SQL(unsafeRaw: sleep)) }
                try await Task.sleep(for: .milliseconds(200))
                slow.cancel()
                _ = await slow.result
                await expectQueryError(.transactionAborted) {
                    try await tx.execute(Counter.updateAll().set(Counter.value, to: 9))
                }
            }
        }
        #expect(try await Self.sum(db) == 0)
    }

    /// A scripted service that drops the connection on a statement inside a transaction: the
    /// statement may have run, so nothing more runs in the transaction and it is rolled back.
    @Test func aConnectionDroppedMidStatementAbortsTheTransaction() async throws {
        let counts = Mutex<[String: Int]>([:])
        let server = try LoopbackHTTPServer { request in
            counts.withLock { $0[request.path, default: 0] += 1 }
            switch request.path {
            case "/BeginTransaction": return .json(#"{"transactionId":"tx-6"}"#)
            case "/Execute": return .dropConnection
            default: return .json(#"{"transactionStatus":"Rollback Complete"}"#)
            }
        }
        let db = ExecutorFixture.database(DatabaseEngine.postgreSQL, endpoint: server.baseURL, retryPolicy: .default)
        await expectQueryError(.transactionAborted) {
            try await db.transaction { tx in
                let cut = await expectQueryError(.transport) { try await tx.execute("INSERT INTO t VALUES (1)") }
                #expect(cut?.mayHaveRun == true)
                await expectQueryError(.transactionAborted) { try await tx.execute("INSERT INTO t VALUES (2)") }
            }
        }
        let seen = counts.withLock { $0 }
        #expect(seen["/RollbackTransaction"] == 1 && seen["/CommitTransaction"] == nil)
    }

    /// The database kills the transaction's connection (MySQL `KILL`, PostgreSQL
    /// `pg_terminate_backend`): the next statement says the transaction is over at once, nothing
    /// runs outside it, and the pool is healthy afterwards.
    @Test(arguments: DatabaseEngine.allCases)
    func aKilledBackendEndsTheTransaction(_ engine: DatabaseEngine) async throws {
        let db = try await Self.counters(engine)
        let kill = engine == .mySQL ? "KILL :id" : "SELECT pg_terminate_backend(CAST(:id AS int)) AS killed"
        let ownId = engine == .mySQL ? "SELECT CONNECTION_ID() AS id" : "SELECT pg_backend_pid() AS id"
        var elapsed = Duration.zero
        await expectQueryError(.transactionEnded) {
            try await db.transaction { tx in
                try await tx.execute(Counter.update().set(Counter.value, to: 4).where(Counter.id.eq(1)))
                let id = try await tx.fetch(SQL(unsafeRaw: ownId))[0]["id", as: Int64.self]
                _ = try await db.fetch(kill, parameters: ["id": id])
                try await Task.sleep(for: .milliseconds(100))
                let started = ContinuousClock.now
                let e = await expectQueryError(.transactionEnded) {
                    try await tx.execute(Counter.updateAll().set(Counter.value, to: 9))
                }
                elapsed = ContinuousClock.now - started
                #expect(e?.dataAPIError != nil)
                await expectQueryError(.transactionEnded) {
                    try await tx.execute(Counter.updateAll().set(Counter.value, to: 9))
                }
            }
        }
        // At once, not after a timeout; the bound leaves room for a busy test run.
        #expect(elapsed < .seconds(15), "the error came after \(elapsed)")
        #expect(try await Self.sum(db) == 0)
        #expect(try await db.fetchValue(Counter.select(countAll())) == 2)
    }

    /// A scripted service that drops the connection on the commit: the outcome is unknown,
    /// never success and never "transaction not found".
    /// The client then rolls back to settle it: "not found" (the commit happened, or the
    /// service ended the transaction) leaves the outcome unknown; a completed rollback proves
    /// nothing was committed and frees the transaction's locks at once.
    @Test func aCommitWithoutAnAnswerHasAnUnknownOutcome() async throws {
        let notFound = LoopbackHTTPServer.Reply.json(
            #"{"message":"Transaction tx-2 isn't found."}"#, status: 400,
            headers: [("x-amzn-ErrorType", "TransactionNotFoundException")])
        let rollbacks = Mutex(0)
        let server = try LoopbackHTTPServer { request in
            switch request.path {
            case "/BeginTransaction": return .json(#"{"transactionId":"tx-2"}"#)
            case "/Execute": return .json(#"{"numberOfRecordsUpdated":1}"#)
            case "/CommitTransaction": return .dropConnection
            default:
                rollbacks.withLock { $0 += 1 }
                return notFound
            }
        }
        let db = ExecutorFixture.database(DatabaseEngine.postgreSQL, endpoint: server.baseURL)
        let e = await expectQueryError(.commitOutcomeUnknown) {
            try await db.transaction { tx in _ = try await tx.execute("INSERT INTO t VALUES (1)") }
        }
        #expect(e?.mayHaveRun == true)
        #expect(rollbacks.withLock { $0 } == 1)
        // A 5xx answer to the commit is just as unknown.
        let failing = try LoopbackHTTPServer { request in
            switch request.path {
            case "/BeginTransaction": return .json(#"{"transactionId":"tx-3"}"#)
            case "/CommitTransaction":
                return .json(#"{}"#, status: 504, headers: [("x-amzn-ErrorType", "DatabaseUnavailableException")])
            case "/RollbackTransaction": return notFound
            default: return .json(#"{"numberOfRecordsUpdated":1}"#)
            }
        }
        let db2 = ExecutorFixture.database(DatabaseEngine.postgreSQL, endpoint: failing.baseURL)
        await expectQueryError(.commitOutcomeUnknown) {
            try await db2.transaction { tx in _ = try await tx.execute("INSERT INTO t VALUES (1)") }
        }
        // A rollback that completes settles it: the commit never happened.
        let settled = try LoopbackHTTPServer { request in
            switch request.path {
            case "/BeginTransaction": return .json(#"{"transactionId":"tx-4"}"#)
            case "/CommitTransaction": return .dropConnection
            case "/RollbackTransaction": return .json(#"{"transactionStatus":"Rollback Complete"}"#)
            default: return .json(#"{"numberOfRecordsUpdated":1}"#)
            }
        }
        let db3 = ExecutorFixture.database(DatabaseEngine.postgreSQL, endpoint: settled.baseURL)
        let rolledBack = await expectQueryError(.transactionEnded) {
            try await db3.transaction { tx in _ = try await tx.execute("INSERT INTO t VALUES (1)") }
        }
        #expect(rolledBack?.mayHaveRun == false)
        #expect((rolledBack?.underlying as? QueryError)?.code == .commitOutcomeUnknown)
    }

    /// On a real database: a commit answered by a 5xx before it ran leaves the transaction
    /// open; the rollback that follows frees its row locks at once, so another session's
    /// write to the same rows goes through (on MySQL it would otherwise wait for the lock).
    @Test(arguments: DatabaseEngine.allCases)
    func aCommitThatNeverRanIsRolledBackAndFreesItsLocks(_ engine: DatabaseEngine) async throws {
        let db = try await Self.counters(engine)
        let endpoint = try await ExecutorFixture.shared.standardServer(engine).endpoint
        let transport = RecordingTransport(failing: ["CommitTransaction"])
        let proxied = ExecutorFixture.database(engine, endpoint: endpoint, transport: transport)
        let e = await expectQueryError(.transactionEnded) {
            try await proxied.transaction { tx in
                _ = try await tx.execute(Counter.update().set(Counter.value, to: 42).where(Counter.id.eq(1)))
            }
        }
        #expect(e?.mayHaveRun == false)
        #expect(transport.calls("CommitTransaction").count == 1 && transport.calls("RollbackTransaction").count == 1)
        try await db.execute(Counter.update().set(Counter.value, to: 7).where(Counter.id.eq(1)))
        #expect(try await db.fetchValue(Counter.select(Counter.value).where(Counter.id.eq(1))) == 7)
    }
}

/// Opens once; waiters before and after the opening go on.
actor Latch {
    private var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []
    func open() {
        isOpen = true
        for w in waiters { w.resume() }
        waiters = []
    }
    func wait() async {
        if isOpen { return }
        await withCheckedContinuation { waiters.append($0) }
    }
}

actor Counts {
    private(set) var value = 0
    func increment() -> Int {
        value += 1
        return value
    }
}

/// `Result` of an async throwing closure.
func asyncResult<T>(_ body: () async throws -> T) async -> Result<T, Error> {
    do { return .success(try await body()) } catch { return .failure(error) }
}
