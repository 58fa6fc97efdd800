import DataAPIClient
@testable import DataAPILocal
import Foundation
import Synchronization
import Testing

@Suite(.serialized) struct TransactionTests {
    // Commit, rollback and what an error does to a transaction are in ConformanceTests, run on both engines.

    @Test func endedAndUnknownTransactionsAreNotFound() async throws {
        let t = try await Target.make()
        let tx = try await t.begin()
        _ = try await t.commit(tx)
        await expectError(.transactionNotFound, "One previous call resulted in a termination of your transaction.") {
            try await t.execute("SELECT 1", transactionId: tx)
        }
        await expectError(.transactionNotFound, "isn't found") { _ = try await t.commit(tx) }
        await expectError(.transactionNotFound, "Transaction nope isn't found.") { _ = try await t.rollback("nope") }
        do { _ = try await t.rollback("nope") } catch let e as DataAPIError { #expect(e.httpStatus == 404) }
    }

    @Test func aSecondCallWhileOneRunsFails() async throws {
        let t = try await Target.make()
        // The first call waits for an advisory lock another transaction holds, so it runs for as
        // long as the test needs, however loaded the machine (a fixed pg_sleep once ended before
        // the second call arrived).
        let holder = try await t.begin()
        let key = Int64.random(in: 1...Int64.max)
        let taken = try await t.execute("SELECT pg_try_advisory_xact_lock(\(key))", transactionId: holder)
        #expect(taken.records?.first == [.booleanValue(true)])
        let tx = try await t.begin()
        let marker = "waits_\(UInt32.random(in: 0...UInt32.max))"
        let slow = Task {
            try await t.execute(
                "SELECT 1 AS \(marker) FROM (SELECT pg_advisory_xact_lock(\(key))) AS l", transactionId: tx)
        }
        // Wait until the database runs it.
        let running = "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid() "
            + "AND query LIKE '%AS \(marker) FROM%'"
        let deadline = ContinuousClock.now + .seconds(30)
        while try await t.execute(running).records?.first != [.longValue(1)], ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        await expectError(.databaseError, "Transaction is still running a query") {
            try await t.execute("SELECT 1", transactionId: tx)
        }
        _ = try await t.rollback(holder)
        #expect(try await slow.value.records?.first == [.longValue(1)])
        #expect(try await t.execute("SELECT 2", transactionId: tx).records?.first == [.longValue(2)])
        _ = try await t.rollback(tx)
    }

    @Test func idleTransactionsExpireAndLeakNothing() async throws {
        // Long enough that 20 begins finish before the first expires, even with every suite running at once.
        let server = try await LocalFixture.shared.server { $0.limits.transactionIdleTimeout = .milliseconds(20_000) }
        let t = try await Target.make(server)
        // A database of its own, so the count below sees only this test's connections.
        let db = Target.table("txdb")
        try await t.execute("CREATE DATABASE \(db)")
        var ids: [String] = []
        for _ in 0..<20 {
            let tx = try await t.begin(database: db)
            try await t.execute("SELECT 1", transactionId: tx)
            ids.append(tx)
        }
        #expect(await server.api.openTransactionCount == 20)
        #expect(try await backends(t, database: db) == 20)
        // Expired by the reaper: wait for it rather than for a fixed time.
        let deadline = ContinuousClock.now + .seconds(45)
        while await server.api.openTransactionCount > 0, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(250))
        }
        #expect(await server.api.openTransactionCount == 0)
        // Rolled back: none is left in a transaction, and only the engine's idle ones stay open
        // (those past the cap close in the background: wait for them).
        #expect(try await backends(t, database: db, inTransaction: true) == 0)
        let kept = Int64(PostgresEngine.idleTransactionConnections)
        let capped = ContinuousClock.now + .seconds(20)
        while try await backends(t, database: db) > kept, ContinuousClock.now < capped {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(try await backends(t, database: db) <= kept)
        await expectError(.transactionNotFound, "Transaction may be expired.") {
            try await t.execute("SELECT 1", transactionId: ids[0])
        }
        await server.stop()
        // Stopping the server closes those too.
        let counter = try await Target.make()
        let stopped = ContinuousClock.now + .seconds(20)
        while try await backends(counter, database: db) > 0, ContinuousClock.now < stopped {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(try await backends(counter, database: db) == 0)
    }

    /// A transaction's connection serves the next transaction (no new PostgreSQL process per
    /// `BeginTransaction`), reset as a new connection would be: settings, temporary tables,
    /// prepared statements and session advisory locks made in one transaction are gone in the
    /// next, after a commit and after a rollback.
    @Test func aFinishedTransactionsConnectionServesTheNextOneReset() async throws {
        // A server of its own, so that no other test's transaction takes the idle connection.
        let server = try await LocalFixture.shared.server()
        let t = try await Target.make(server)
        let temp = Target.table("tmp")
        let key = Int64.random(in: 1...Int64.max)
        let first = try await t.begin()
        let pid = try await t.execute("SELECT pg_backend_pid()::int8", transactionId: first).records?.first
        for sql in [
            "SET TimeZone = 'Asia/Tokyo'", "SET work_mem = '7MB'", "SET statement_timeout = 123456",
            "CREATE TEMP TABLE \(temp) (v int)", "PREPARE leaked_plan AS SELECT 1",
            "SELECT 1 FROM (SELECT pg_advisory_lock(\(key))) AS l",
        ] { try await t.execute(sql, transactionId: first) }
        _ = try await t.commit(first)
        for end in ["commit", "rollback"] {
            let tx = try await t.begin()
            #expect(try await t.execute("SELECT pg_backend_pid()::int8", transactionId: tx).records?.first == pid,
                    "the transaction before \(end) did not leave its connection for this one")
            let state = try await t.execute(
                "SELECT current_setting('TimeZone'), current_setting('work_mem'), current_setting('statement_timeout'), "
                    + "(SELECT count(*) FROM pg_class WHERE relname = '\(temp)'), "
                    + "(SELECT count(*) FROM pg_prepared_statements), "
                    + "(SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid())",
                transactionId: tx)
            #expect(state.records?.first == [
                .stringValue("UTC"), .stringValue("4MB"), .stringValue("45s"), .longValue(0), .longValue(0), .longValue(0),
            ])
            try await t.execute("SET work_mem = '9MB'", transactionId: tx)
            _ = end == "commit" ? try await t.commit(tx) : try await t.rollback(tx)
        }
        await server.stop()
    }

    /// As the service documents it (its connections are reset with `DISCARD ALL` before reuse),
    /// a custom setting one transaction defined stays defined on the kept connection, reset to
    /// `''`: code that reads it must not expect NULL.
    @Test func aKeptConnectionKeepsACustomSettingDefinedAsTheServiceDoes() async throws {
        let server = try await LocalFixture.shared.server()
        let t = try await Target.make(server)
        let tx = try await t.begin()
        let pid = try await t.execute("SELECT pg_backend_pid()::int8", transactionId: tx).records?.first
        #expect(try await t.execute("SELECT current_setting('app.tenant', true) IS NULL", transactionId: tx)
            .records?.first == [.booleanValue(true)])
        try await t.execute("SELECT set_config('app.tenant', 'x', false)", transactionId: tx)
        _ = try await t.commit(tx)
        let next = try await t.begin()
        #expect(try await t.execute("SELECT pg_backend_pid()::int8", transactionId: next).records?.first == pid)
        #expect(try await t.execute("SELECT current_setting('app.tenant', true)", transactionId: next)
            .records?.first == [.stringValue("")])
        _ = try await t.rollback(next)
        await server.stop()
    }

    /// An autocommit call whose statement may change the session (a setting, a temporary
    /// table, a prepared statement, a session advisory lock) leaves none of it to the calls
    /// that later get its pooled connection.
    @Test func anAutocommitCallLeavesNoSessionStateToTheNext() async throws {
        let server = try await LocalFixture.shared.server()
        let t = try await Target.make(server)
        let temp = Target.table("tmp")
        let key = Int64.random(in: 1...Int64.max)
        for round in 0..<10 {
            try await t.execute("SET work_mem = '7MB'")
            try await t.execute("CREATE TEMP TABLE IF NOT EXISTS \(temp) (v int)")
            try await t.execute("PREPARE leaked_\(round) AS SELECT 1")
            try await t.execute("SELECT 1 FROM (SELECT pg_advisory_lock(\(key))) AS l")
            let state = try await t.execute(
                "SELECT current_setting('work_mem'), (SELECT count(*) FROM pg_class WHERE relname = '\(temp)'), "
                    + "(SELECT count(*) FROM pg_prepared_statements), "
                    + "(SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid())")
            #expect(state.records?.first == [.stringValue("4MB"), .longValue(0), .longValue(0), .longValue(0)],
                    "round \(round)")
        }
        await server.stop()
    }

    @Test func statementsThatMayChangeTheSessionAreSpotted() {
        let spotted = [
            "SET work_mem = '8MB'", "  set role app", "SELECT 1; SET a.b = 2", "SELECT set_config('a.b', 'c', false)",
            "CREATE TEMP TABLE x (v int)", "create temporary table x (v int)", "PREPARE p AS SELECT 1", "LISTEN ch",
            "DECLARE c CURSOR WITH HOLD FOR SELECT 1", "SELECT pg_advisory_lock(1)", "SELECT pg_try_advisory_lock(1)",
            "SELECT nextval('s')", "SELECT currval('s')", "LOAD 'auto_explain'", "/* app */ SET work_mem = '8MB'",
            "-- note\nSET TimeZone = 'UTC'", "/* a */ /* b */ set role app",
        ]
        for sql in spotted { #expect(PostgresSession.mayChangeSessionState(sql), "\(sql)") }
        let plain = [
            "SELECT 1", "UPDATE t SET a = 1", "INSERT INTO t VALUES (1)", "SELECT offset_config FROM t",
            "SELECT pg_advisory_xact_lock(1)", "SELECT settings FROM t", "DELETE FROM temps", "SELECT preparer FROM t",
        ]
        for sql in plain { #expect(!PostgresSession.mayChangeSessionState(sql), "\(sql)") }
    }

    /// A busy transaction past its lifetime is cancelled from another connection; its own
    /// connection then serves no later transaction, where a cancel request arriving late could
    /// stop someone else's statement.
    @Test func aConnectionACancelWasSentToServesNoLaterTransaction() async throws {
        let server = try await LocalFixture.shared.server { $0.limits.transactionLifetime = .milliseconds(500) }
        let t = try await Target.make(server)
        let tx = try await t.begin()
        let pid = try await t.execute("SELECT pg_backend_pid()::int8", transactionId: tx).records?.first
        let cancelled = try? await t.execute("SELECT pg_sleep(20)", transactionId: tx)
        #expect(cancelled == nil, "the statement was not cancelled")
        // Then the reaper ends the transaction and gives its connection up.
        let ended = ContinuousClock.now + .seconds(15)
        while await server.api.openTransactionCount > 0, ContinuousClock.now < ended {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(await server.api.openTransactionCount == 0)
        let next = try await t.begin()
        #expect(try await t.execute("SELECT pg_backend_pid()::int8", transactionId: next).records?.first != pid)
        _ = try await t.rollback(next)
        await server.stop()
    }

    /// A kept connection whose backend the database ended while it sat idle is never where the
    /// next transaction begins: the pool sees it closed, or the failed `BEGIN` on it is tried
    /// once more on a new connection. Either way `BeginTransaction` succeeds.
    @Test func aKeptConnectionTheDatabaseEndedIsReplaced() async throws {
        let server = try await LocalFixture.shared.server()
        let t = try await Target.make(server)
        for _ in 0..<5 {
            let tx = try await t.begin()
            guard case .longValue(let pid) = try await t.execute("SELECT pg_backend_pid()::int8", transactionId: tx)
                .records?.first?.first else { Issue.record("no pid"); return }
            _ = try await t.commit(tx)
            // Ended from an autocommit call; the next begin follows at once.
            try await t.execute("SELECT pg_terminate_backend(\(pid))")
            let next = try await t.begin()
            #expect(try await t.execute("SELECT pg_backend_pid()::int8", transactionId: next).records?.first
                    != [.longValue(pid)])
            _ = try await t.commit(next)
        }
        await server.stop()
    }

    @Test func lifetimeEndsEvenABusyTransaction() async throws {
        let server = try await LocalFixture.shared.server { $0.limits.transactionLifetime = .milliseconds(800) }
        let t = try await Target.make(server)
        let tx = try await t.begin()
        try await t.execute("SELECT 1", transactionId: tx)
        try await Task.sleep(for: .milliseconds(2500))
        await expectError(.transactionNotFound, "expired") { try await t.execute("SELECT 1", transactionId: tx) }
        await server.stop()
    }

    /// `BeginTransaction` tries a second connection only when the first was a kept one that the
    /// database had closed (a race the pool's own check can lose: the backend's end not yet
    /// read when the connection is leased); any other failure of `BEGIN` reaches the caller.
    @Test(arguments: [true, false])
    func aBeginThatFailsOnAStaleConnectionIsTriedOnceMore(_ stale: Bool) async throws {
        let pg = try await LocalFixture.shared.database()
        let real = PostgresEngine(host: "127.0.0.1", port: pg.port)
        let engine = FirstBeginFails(real: real, stale: stale)
        var c = DataAPILocalConfiguration()
        c.clusters[DataAPILocalConfiguration.defaultClusterArn] = .init(engine: engine)
        c.secrets[DataAPILocalConfiguration.defaultSecretArn] = .init(username: pg.user, password: pg.password)
        let api = LocalDataAPI(configuration: c)
        let body = Array(#"{"resourceArn":"\#(DataAPILocalConfiguration.defaultClusterArn)","#.utf8)
            + Array(#""secretArn":"\#(DataAPILocalConfiguration.defaultSecretArn)"}"#.utf8)
        if stale {
            let answer = try await api.handle(path: "/BeginTransaction", body: body)
            #expect(String(decoding: answer, as: UTF8.self).contains("transactionId"))
            #expect(await api.openTransactionCount == 1)
        } else {
            await expectError(.databaseUnavailable, "gone") {
                _ = try await api.handle(path: "/BeginTransaction", body: body)
            }
            #expect(await api.openTransactionCount == 0)
        }
        #expect(engine.opened.withLock { $0 } == (stale ? 2 : 1))
        #expect(engine.closedFailing.withLock { $0 })
        await api.shutdown()
        await real.shutdown()
    }

    /// Server processes connected to `database` (only those inside a transaction, with `inTransaction`).
    func backends(_ t: Target, database: String, inTransaction: Bool = false) async throws -> Int64 {
        let r = try await t.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = :db"
                + (inTransaction ? " AND state LIKE 'idle in transaction%'" : ""),
            [.init(name: "db", value: .stringValue(database))])
        guard case .longValue(let n) = r.records?.first?.first else { return -1 }
        return n
    }
}

@Suite(.serialized) struct TimeoutAndLimitTests {
    @Test func statementTimeout() async throws {
        let server = try await LocalFixture.shared.server { $0.limits.statementTimeout = .milliseconds(500) }
        let t = try await Target.make(server)
        do {
            try await t.execute("SELECT pg_sleep(3)")
            Issue.record("expected a timeout")
        } catch let e as DataAPIError {
            #expect(e.code == .statementTimeout && e.httpStatus == 400, "\(e)")
            #expect((e.dbConnectionId ?? 0) > 0)
        }
        await server.stop()
    }

    /// Beyond the configured number of open transactions BeginTransaction is refused with a
    /// clear error, while autocommit calls go on; ending one makes room again.
    @Test(arguments: EngineKind.allCases)
    func openTransactionsAreCappedAndAutocommitCallsGoOn(_ engine: EngineKind) async throws {
        let server = try await LocalFixture.shared.server(engine) { $0.limits.maxOpenTransactions = 5 }
        defer { Task { await server.stop() } }
        let t = try await Target.make(server)
        var open: [String] = []
        for _ in 0..<5 { open.append(try await t.begin()) }
        await expectError(.badRequest, "Too many open transactions") { _ = try await t.begin() }
        #expect(try await t.execute("SELECT 1").records == [[.longValue(1)]])
        _ = try await t.rollback(open.removeLast())
        open.append(try await t.begin())
        for id in open { _ = try await t.rollback(id) }
        #expect(await server.api.openTransactionCount == 0)
    }

    @Test func continueAfterTimeoutKeepsTheStatementRunning() async throws {
        let server = try await LocalFixture.shared.server { $0.limits.statementTimeout = .milliseconds(400) }
        let t = try await Target.make(server)
        let table = Target.table()
        try await t.execute("CREATE TABLE \(table) (v int)")
        let start = ContinuousClock.now
        await expectError(.statementTimeout) {
            try await t.execute("INSERT INTO \(table) SELECT 1 FROM pg_sleep(12)", continueAfterTimeout: true)
        }
        // The caller hears of the timeout long before the statement ends (the margin is for a
        // test run whose cooperative threads are busy with other suites).
        #expect(ContinuousClock.now - start < .seconds(9))
        #expect(try await t.execute("SELECT count(*) FROM \(table)").records?.first == [.longValue(0)])
        // The statement goes on to its end.
        var count: Field?
        while count != .longValue(1) && ContinuousClock.now - start < .seconds(60) {
            try await Task.sleep(for: .milliseconds(250))
            count = try await t.execute("SELECT count(*) FROM \(table)").records?.first?.first
        }
        #expect(count == .longValue(1))
        #expect(ContinuousClock.now - start >= .seconds(12))
        // Without continueAfterTimeout the statement is cancelled: nothing is inserted.
        await expectError(.statementTimeout) { try await t.execute("INSERT INTO \(table) SELECT 2 FROM pg_sleep(1.2)") }
        try await Task.sleep(for: .milliseconds(1200))
        #expect(try await t.execute("SELECT count(*) FROM \(table)").records?.first == [.longValue(1)])
        await server.stop()
    }

    @Test func responseAndRowLimits() async throws {
        let t = try await Target.make()
        await expectError(.unsupportedResult, "size limit") {
            try await t.execute("SELECT repeat('x', 60000) FROM generate_series(1, 20)")
        }
        await expectError(.unsupportedResult, "too large") { try await t.execute("SELECT repeat('x', 70000)") }
        let ok = try await t.execute("SELECT repeat('x', 60000) FROM generate_series(1, 15)")
        #expect(ok.records?.count == 15)
    }

    @Test func requestSizeLimit() async throws {
        let t = try await Target.make()
        let big = String(repeating: "x", count: (4 << 20) + 10)
        await expectError(.badRequest, "Request size exceeds") {
            try await t.execute("SELECT :v", [.init(name: "v", value: .stringValue(big))])
        }
        let fine = String(repeating: "y", count: 3 << 20)
        let r = try await t.execute("SELECT length(:v)", [.init(name: "v", value: .stringValue(fine))])
        #expect(r.records?.first == [.longValue(Int64(3 << 20))])
    }
}

/// An engine whose first session fails its `BEGIN` (and says whether its connection was stale);
/// later sessions are `real`'s.
private final class FirstBeginFails: LocalDatabaseEngine {
    let real: PostgresEngine
    let stale: Bool
    let opened = Mutex(0)
    let closedFailing = Mutex(false)
    var name: String { real.name }
    var scanner: NamedParameterScanner { real.scanner }

    init(real: PostgresEngine, stale: Bool) {
        self.real = real
        self.stale = stale
    }

    func withSession<T: Sendable>(
        _ target: SessionTarget, _ body: @Sendable (any DatabaseSession) async throws -> T
    ) async throws -> T { try await real.withSession(target, body) }

    func openSession(_ target: SessionTarget) async throws -> any DatabaseSession {
        let n = opened.withLock { $0 += 1; return $0 }
        if n == 1 { return FailingSession(stale: stale, engine: self) }
        return try await real.openSession(target)
    }

    func cancel(connectionId: Int64, target: SessionTarget) async {}
    func shutdown() async {}

    private struct FailingSession: DatabaseSession {
        let stale: Bool
        let engine: FirstBeginFails
        var connectionId: Int64 { 0 }
        var wasStale: Bool { stale }
        func loadConnectionId() async throws {}
        func execute(_ statement: EngineStatement, options: ResultOptions) async throws -> StatementResult {
            throw CancellationError()
        }
        func begin() async throws { throw DataAPIError.service(.databaseUnavailable, "The connection is gone.") }
        func commit() async throws {}
        func rollback() async throws {}
        func setStatementTimeout(_ timeout: Duration?) async throws {}
        func close() async { engine.closedFailing.withLock { $0 = true } }
    }
}
