import DataAPIClient
@testable import DataAPILocal
import Foundation
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
        #expect(try await backends(t, database: db) == 0)
        await expectError(.transactionNotFound, "Transaction may be expired.") {
            try await t.execute("SELECT 1", transactionId: ids[0])
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

    /// Server processes connected to `database`.
    func backends(_ t: Target, database: String) async throws -> Int64 {
        let r = try await t.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = :db",
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
