import DataAPIClient
@testable import DataAPILocal
import DataAPITestServer
import Foundation
import Testing

/// A database that stops answering (its process stopped with SIGSTOP, as a hung server or a
/// black-holed network looks): every call answers within the statement timeout and a grace,
/// the server still stops promptly, and nothing hangs. Each engine gets a database of its own,
/// since the shared ones serve the other suites meanwhile.
@Suite(.serialized) struct StoppedDatabaseTests {
    @Test(arguments: EngineKind.allCases)
    func callsToAStoppedDatabaseAnswerAndTheServerStillStops(_ engine: EngineKind) async throws {
        let (databasePID, server, stopDatabase) = try await Self.start(engine)
        let t = try await Target.make(server)
        #expect(try await t.execute("SELECT 1").records == [[.longValue(1)]])
        let tx = try await t.begin()
        // PostgreSQL serves each connection from a process of its own: stop the transaction's.
        var stopped = databasePID
        if engine == .postgresql,
            case .longValue(let pid)? = try await t.execute("SELECT pg_backend_pid()", transactionId: tx).records?
                .first?.first
        {
            stopped = pid_t(pid)
        }
        #expect(kill(stopped, SIGSTOP) == 0)
        // SIGSTOP wakes one thread, which then stops the others: until each is stopped, a busy
        // machine can let a connection thread still answer. Wait for every thread's state `T`.
        #expect(try await Self.waitUntilStopped(stopped), "process \(stopped) did not stop")
        let started = ContinuousClock.now
        await expectError(.databaseUnavailable) { try await t.execute("SELECT 2", transactionId: tx) }
        let elapsed = ContinuousClock.now - started
        // The statement timeout is 1 s; the grace 10 s. A second deadline (the rollback that ends
        // the transaction waiting on the same connection) would make it 22 s.
        #expect(elapsed < .seconds(17), "the error came after \(elapsed)")
        let stopping = ContinuousClock.now
        await server.stop()
        #expect(ContinuousClock.now - stopping < .seconds(20))
        kill(stopped, SIGCONT)
        await stopDatabase()
        print("a stopped \(engine.rawValue) database: the call answered after \(elapsed)")
    }

    /// Whether every thread of `pid` reached the stopped state (`T`) within 10 s.
    static func waitUntilStopped(_ pid: pid_t) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            let tasks = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")
            let states = tasks.map { tid -> Character? in
                guard let stat = try? String(contentsOfFile: "/proc/\(pid)/task/\(tid)/stat", encoding: .utf8),
                    let close = stat.lastIndex(of: ")")
                else { return nil }
                return stat[stat.index(after: close)...].first { $0 != " " }
            }
            if !states.isEmpty && states.allSatisfy({ $0 == "T" }) { return true }
            try await Task.sleep(for: .milliseconds(5))
        }
        return false
    }

    static func start(_ engine: EngineKind) async throws -> (pid_t, DataAPILocalServer, @Sendable () async -> Void) {
        var c = DataAPILocalConfiguration()
        c.limits.statementTimeout = .seconds(1)
        if engine == .mysql {
            let db = try await EphemeralMariaDB.start()
            let pidText = try String(contentsOfFile: db.directory + "/mariadbd.pid", encoding: .utf8)
            let engine = MySQLEngine(
                host: "127.0.0.1", port: db.port, defaultDatabase: db.database, statementTimeout: .seconds(1))
            c.clusters[DataAPILocalConfiguration.defaultClusterArn] = .init(engine: engine)
            c.secrets[DataAPILocalConfiguration.defaultSecretArn] = .init(username: db.user, password: db.password)
            let server = try await DataAPILocalServer.start(configuration: c) { await engine.shutdown() }
            return (pid_t(pidText.trimmingCharacters(in: .whitespacesAndNewlines))!, server, { await db.stop() })
        }
        let db = try await EphemeralPostgres.start()
        let pidText = try String(contentsOfFile: db.directory + "/data/postmaster.pid", encoding: .utf8)
        let engine = PostgresEngine(host: "127.0.0.1", port: db.port, statementTimeout: .seconds(1))
        c.clusters[DataAPILocalConfiguration.defaultClusterArn] = .init(engine: engine)
        c.secrets[DataAPILocalConfiguration.defaultSecretArn] = .init(username: db.user, password: db.password)
        let server = try await DataAPILocalServer.start(configuration: c) { await engine.shutdown() }
        let pid = pid_t(pidText.split(separator: "\n").first.map(String.init) ?? "")!
        return (pid, server, { await db.stop() })
    }
}
