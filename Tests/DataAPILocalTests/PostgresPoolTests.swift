@testable import DataAPILocal
import DataAPILocalTestSupport
import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import Synchronization
import Testing

/// The PostgreSQL engine's pools (`PostgresPool`) on the shared PostgreSQL: the bound,
/// waiting and cancelling, connections the database closed, failed connects, idle expiry and
/// the idle cap, closing, and the event-loop affinity that keeps a request on one thread
/// (and the transactions' pool borrowing another loop's connection first).
@Suite struct PostgresPoolTests {
    static let logger = Logger(label: "pool-tests")
    static let opened = Atomic<Int>(0)

    /// A pool of at most `max` connections to the shared PostgreSQL (with `password`, if given).
    static func pool(
        max: Int, idle: Duration = .seconds(60), maxIdle: Int = .max, borrowing: Bool = false,
        password: String? = nil, beforeQueueing: (@Sendable () async -> Void)? = nil
    ) async throws -> PostgresPool {
        let db = try await SharedDatabases.shared.postgres()
        let configuration = PostgresConnection.Configuration(
            host: "127.0.0.1", port: db.port, username: db.user, password: password ?? db.password,
            database: "postgres", tls: .disable)
        return PostgresPool(maxConnections: max, maxIdleTime: idle, maxIdle: maxIdle, borrowsBeforeConnecting: borrowing,
                            beforeQueueing: beforeQueueing) { loop in
            try await PostgresConnection.connect(
                on: loop, configuration: configuration, id: opened.add(1, ordering: .relaxed).newValue,
                logger: logger
            ).get()
        }
    }

    /// Waits until `c`'s channel is closed, for at most `limit` (the caller then checks `isClosed`).
    static func waitUntilClosed(_ c: PostgresConnection, within limit: Duration) async throws {
        let deadline = ContinuousClock.now + limit
        while !c.isClosed && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
    }

    static func backendPID(_ c: PostgresConnection) async throws -> Int64 {
        for try await row in try await c.query("SELECT pg_backend_pid()::int8", logger: logger) {
            return try row.decode(Int64.self)
        }
        throw CancellationError()
    }

    @Test func aCallerBeyondTheBoundWaitsForAConnectionToComeBack() async throws {
        let pool = try await Self.pool(max: 2)
        let a = try await pool.lease()
        let b = try await pool.lease()
        #expect(pool.openCount == 2)
        let third = Task { try await pool.lease() }
        try await Task.sleep(for: .milliseconds(200))
        #expect(pool.openCount == 2, "a third connection was opened past the bound")
        pool.release(b)
        let handed = try await third.value
        #expect(handed === b)
        #expect(pool.openCount == 2)
        pool.release(a)
        pool.release(handed)
        await pool.close()
        #expect(pool.openCount == 0)
        #expect(a.isClosed && b.isClosed)
    }

    @Test func aCancelledWaiterLeavesAndThePoolGoesOn() async throws {
        let pool = try await Self.pool(max: 1)
        let a = try await pool.lease()
        let waiter = Task { try await pool.lease() }
        try await Task.sleep(for: .milliseconds(100))
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        pool.release(a)
        // The connection went to the pool, not to the cancelled waiter.
        let again = try await pool.lease()
        #expect(again === a)
        #expect(pool.openCount == 1)
        pool.release(again)
        await pool.close()
    }

    /// Many callers over two connections, some cancelled while they wait: every caller that is
    /// not cancelled gets a connection (a wake-up lost between deciding to wait and queueing,
    /// or passed to a caller that was cancelled, would leave one waiting for good), and the pool
    /// ends with nothing queued and no more than its bound open.
    @Test func manyCallersSomeCancelledNeitherHangNorLeak() async throws {
        let pool = try await Self.pool(max: 2)
        final class Count: Sendable { let value = Atomic<Int>(0) }
        let count = Count()
        let work = Task {
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<12 {
                    group.addTask {
                        for i in 0..<150 {
                            guard let c = try? await pool.lease() else { continue }
                            count.value.add(1, ordering: .relaxed)
                            if i % 3 == 0 { await Task.yield() }
                            pool.release(c)
                        }
                    }
                }
                for i in 0..<40 {
                    group.addTask {
                        let doomed = Task { try await pool.lease() }
                        try? await Task.sleep(for: .microseconds(50 * (i % 7)))
                        doomed.cancel()
                        if let c = try? await doomed.value { pool.release(c) }
                    }
                }
            }
        }
        let deadline = ContinuousClock.now + .seconds(60)
        while !work.isCancelled, ContinuousClock.now < deadline, count.value.load(ordering: .relaxed) < 1800 {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(count.value.load(ordering: .relaxed) == 1800, "callers still waiting after 60 s")
        await work.value
        #expect(pool.openCount <= 2)
        #expect(pool.waiting.queued == 0 && pool.waiting.pending == 0)
        let c = try await pool.lease()
        pool.release(c)
        await pool.close()
    }

    /// A connection returned after a caller decided to wait but before it queued (nobody was
    /// queued to hand it to, so it went idle) still reaches that caller.
    @Test func aConnectionReturnedJustBeforeACallerQueuesReachesIt() async throws {
        final class Held: Sendable {
            let connection = Mutex<PostgresConnection?>(nil)
            let pool = Mutex<PostgresPool?>(nil)
        }
        let held = Held()
        let pool = try await Self.pool(max: 1) {
            // The caller decided to wait; the only connection comes back now, once.
            guard let c = held.connection.withLock({ c in defer { c = nil }; return c }) else { return }
            held.pool.withLock { $0 }?.release(c)
        }
        held.pool.withLock { $0 = pool }
        let a = try await pool.lease()
        held.connection.withLock { $0 = a }
        let got = Held()
        let waiter = Task {
            let c = try await pool.lease()
            got.connection.withLock { $0 = c }
        }
        let deadline = ContinuousClock.now + .seconds(10)
        while got.connection.withLock({ $0 }) == nil, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        waiter.cancel()  // ends the wait if the connection never reached it
        _ = try? await waiter.value
        let c = got.connection.withLock { $0 }
        #expect(c === a, "the caller was left waiting while the connection sat idle")
        if let c { pool.release(c) }
        await pool.close()
    }

    @Test func aConnectionThatIsNotReusableIsClosedNotPooled() async throws {
        let pool = try await Self.pool(max: 2)
        let a = try await pool.lease()
        pool.release(a, reusable: false)
        #expect(pool.openCount == 0)
        let b = try await pool.lease()
        #expect(b !== a)
        try await Self.waitUntilClosed(a, within: .seconds(5))
        #expect(a.isClosed)
        pool.release(b)
        await pool.close()
    }

    @Test func aConnectionTheDatabaseClosedIsNeverHandedOut() async throws {
        let pool = try await Self.pool(max: 4)
        let first = try await pool.lease()
        let killer = try await pool.lease()
        let pid = try await Self.backendPID(first)
        pool.release(first)
        // Terminate that backend from another connection, and wait until its channel is closed.
        _ = try await killer.query("SELECT pg_terminate_backend(\(unescaped: String(pid)))", logger: Self.logger)
            .collect()
        try await Self.waitUntilClosed(first, within: .seconds(10))
        #expect(first.isClosed)
        pool.release(killer)
        // Both idle connections are candidates; whichever comes out must be alive and work.
        for _ in 0..<3 {
            let c = try await pool.lease()
            #expect(!c.isClosed)
            #expect(try await Self.backendPID(c) != pid)
            pool.release(c)
        }
        #expect(pool.openCount <= 2)
        await pool.close()
    }

    @Test func aFailedConnectReachesTheCallerAndFreesItsSlot() async throws {
        let pool = try await Self.pool(max: 1, password: "not-the-password")
        for _ in 0..<2 {
            await #expect(throws: PSQLError.self) { try await pool.lease() }
            #expect(pool.openCount == 0)
        }
        await pool.close()
    }

    @Test func idleConnectionsPastTheirAgeAreClosed() async throws {
        let pool = try await Self.pool(max: 2, idle: .milliseconds(100))
        let a = try await pool.lease()
        pool.release(a)
        try await Task.sleep(for: .milliseconds(250))
        let b = try await pool.lease()
        #expect(b !== a)
        try await Self.waitUntilClosed(a, within: .seconds(5))
        #expect(a.isClosed)
        #expect(pool.openCount == 1)
        pool.release(b)
        await pool.close()
    }

    @Test func closingFailsWaitersAndLaterLeasesAndClosesWhatComesBack() async throws {
        let pool = try await Self.pool(max: 1)
        let a = try await pool.lease()
        let waiter = Task { try await pool.lease() }
        try await Task.sleep(for: .milliseconds(100))
        await pool.close()
        await #expect(throws: PostgresPool.PoolClosed.self) { try await waiter.value }
        await #expect(throws: PostgresPool.PoolClosed.self) { try await pool.lease() }
        pool.release(a)
        try await Self.waitUntilClosed(a, within: .seconds(5))
        #expect(a.isClosed)
        #expect(pool.openCount == 0)
    }

    /// A task that prefers an event loop's executor runs on that loop, and gets connections
    /// whose channels are on it: a query's write and its answer then stay on one thread.
    @Test func aTaskOnAnEventLoopGetsConnectionsOnThatLoop() async throws {
        let pool = try await Self.pool(max: 8)
        for loop in MultiThreadedEventLoopGroup.singleton.makeIterator() {
            try await withTaskExecutorPreference(EventLoopExecutor.of(loop)) {
                #expect(MultiThreadedEventLoopGroup.currentEventLoop === loop)
                for _ in 0..<3 {
                    let c = try await pool.lease()
                    #expect(c.eventLoop === loop)
                    _ = try await Self.backendPID(c)
                    // Still on the loop after the query's answer resumed the task.
                    #expect(MultiThreadedEventLoopGroup.currentEventLoop === loop)
                    pool.release(c)
                }
            }
        }
        await pool.close()
    }

    /// A pool that borrows (the transactions' pool) hands a caller on one loop the connection
    /// idle on another rather than open one; one that does not (autocommit) opens one on the
    /// caller's loop while under its bound. Either way a lease says whether it was reused.
    @Test(arguments: [true, false])
    func aBorrowingPoolTakesAnotherLoopsIdleConnectionFirst(_ borrowing: Bool) async throws {
        // Two loops of its own, whatever the number of cores.
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let loops = Array(group.makeIterator())
        let pool = try await Self.pool(max: 8, borrowing: borrowing)
        let first = try await withTaskExecutorPreference(EventLoopExecutor.of(loops[0])) {
            try await pool.leaseReporting()
        }
        #expect(!first.reused && first.connection.eventLoop === loops[0])
        pool.release(first.connection)
        let second = try await withTaskExecutorPreference(EventLoopExecutor.of(loops[1])) {
            try await pool.leaseReporting()
        }
        #expect(second.reused == borrowing)
        #expect((second.connection === first.connection) == borrowing)
        #expect(pool.openCount == (borrowing ? 1 : 2))
        pool.release(second.connection)
        await pool.close()
        try await Self.waitUntilClosed(first.connection, within: .seconds(5))
        try await Self.waitUntilClosed(second.connection, within: .seconds(5))
        try await group.shutdownGracefully()
    }

    /// A kept connection the database closed is stale (its failed call may be tried again on
    /// another); a new one, or one still open, is not.
    @Test func onlyAReusedConnectionTheDatabaseClosedIsStale() async throws {
        let pool = try await Self.pool(max: 2)
        let db = try await SharedDatabases.shared.postgres()
        let engine = PostgresEngine(host: "127.0.0.1", port: db.port)
        let target = SessionTarget(database: nil, user: db.user, password: db.password)
        let c = try await pool.lease()
        let kept = PostgresSession(connection: c, engine: engine, target: target, transactionPool: pool, reused: true)
        let fresh = PostgresSession(connection: c, engine: engine, target: target, transactionPool: pool, reused: false)
        #expect(!kept.wasStale && !fresh.wasStale)
        try await c.close()
        #expect(kept.wasStale && !fresh.wasStale)
        pool.release(c)
        await pool.close()
        await engine.shutdown()
    }

    /// Connections given back when `maxIdle` are idle are closed, not kept.
    @Test func connectionsPastTheIdleCapAreClosed() async throws {
        let pool = try await Self.pool(max: 8, maxIdle: 2)
        var leased: [PostgresConnection] = []
        for _ in 0..<4 { leased.append(try await pool.lease()) }
        for c in leased { pool.release(c) }
        #expect(pool.openCount == 2)
        for c in leased[2...] {
            try await Self.waitUntilClosed(c, within: .seconds(5))
            #expect(c.isClosed)
        }
        for c in leased[..<2] { #expect(!c.isClosed) }
        await pool.close()
    }

    /// A statement's deadline (`Deadline.run`) keeps its operation on the caller's event loop,
    /// and still answers at the deadline when the operation never ends.
    @Test func aDeadlineRunsItsOperationOnTheCallersLoopAndStillExpires() async throws {
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        try await withTaskExecutorPreference(EventLoopExecutor.of(loop)) {
            let onLoop = try await Deadline.run(.seconds(5), expired: { CancellationError() }) {
                MultiThreadedEventLoopGroup.currentEventLoop === loop
            }
            #expect(onLoop)
            let started = ContinuousClock.now
            await #expect(throws: CancellationError.self) {
                try await Deadline.run(.milliseconds(200), expired: { CancellationError() }) {
                    try await Task.sleep(for: .seconds(60))
                }
            }
            #expect(ContinuousClock.now - started < .seconds(30))
        }
    }
}
