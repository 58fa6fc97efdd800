import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import Synchronization

/// The connections of one (database, user) target, kept per event loop: one pool for
/// autocommit calls, and one whose connections transactions lease for their lifetime.
///
/// A call made from an event loop (a request's task, see ``EventLoopExecutor``) gets a
/// connection whose channel lives on that loop, so its query, rows and answer never leave the
/// thread. A connection is opened when none is idle (on the caller's loop, or on any loop when
/// ``borrowsBeforeConnecting``) and fewer than ``maxConnections`` are open; beyond that, callers
/// wait, first come first served, for one to come back (a waiter woken
/// because a slot came free can lose it to a newcomer and waits again). The wait has no limit
/// of its own; cancelling the caller ends it. A connect that fails reaches the
/// caller (a wrong password fails at once, not after retries), and a connection the database
/// closed is dropped, never handed out. Idle connections older than ``maxIdleTime`` are closed
/// when the pool is next used, and a connection returned when ``maxIdle`` are idle is closed.
final class PostgresPool: Sendable {
    /// The most connections open (leased, idle or opening) at once.
    let maxConnections: Int
    /// How long an idle connection is kept.
    let maxIdleTime: Duration
    /// The most connections kept idle, all loops together.
    let maxIdle: Int
    /// Whether a caller takes another loop's idle connection before opening one on its own loop
    /// (a transaction's connection: a new one costs PostgreSQL a process start, a few
    /// milliseconds, and the transaction keeps it for several calls). Autocommit calls open
    /// one on their own loop first, so that each loop soon has its own.
    let borrowsBeforeConnecting: Bool
    private let open: @Sendable (any EventLoop) async throws -> PostgresConnection
    /// Runs between a caller's decision to wait and its queueing (tests widen that window with it).
    private let beforeQueueing: (@Sendable () async -> Void)?
    /// Told the id of each connection the pool closes or drops (the engine forgets its backend PID).
    private let onDrop: (@Sendable (Int) -> Void)?

    private struct Idle {
        let connection: PostgresConnection
        let since: ContinuousClock.Instant
    }
    private struct Waiter {
        let id: Int
        let continuation: CheckedContinuation<PostgresConnection?, any Error>
    }
    private struct State {
        /// Idle connections by event loop, the most recently returned last.
        var idle: [ObjectIdentifier: [Idle]] = [:]
        /// Connections open or being opened.
        var count = 0
        var waiters: [Waiter] = []
        /// Waiters that have an id but are not queued yet, and those of them already cancelled.
        var unqueued: Set<Int> = []
        var cancelled: Set<Int> = []
        var nextWaiter = 0
        var closed = false
    }
    private let state = Mutex(State())

    /// A pool whose connections `open` makes on the loop it is given.
    init(maxConnections: Int, maxIdleTime: Duration = .seconds(60), maxIdle: Int = .max,
         borrowsBeforeConnecting: Bool = false,
         beforeQueueing: (@Sendable () async -> Void)? = nil, onDrop: (@Sendable (Int) -> Void)? = nil,
         open: @escaping @Sendable (any EventLoop) async throws -> PostgresConnection) {
        self.onDrop = onDrop
        self.maxConnections = maxConnections
        self.maxIdleTime = maxIdleTime
        self.maxIdle = maxIdle
        self.borrowsBeforeConnecting = borrowsBeforeConnecting
        self.beforeQueueing = beforeQueueing
        self.open = open
    }

    /// Runs `body` with a leased connection and returns it to the pool afterwards, unless
    /// `reusable` says the connection must not serve another call.
    func withConnection<T: Sendable>(
        _ body: (PostgresConnection) async throws -> T, reusable: (PostgresConnection) -> Bool = { _ in true }
    ) async throws -> T {
        let connection = try await lease()
        do {
            let result = try await body(connection)
            release(connection, reusable: reusable(connection))
            return result
        } catch {
            release(connection, reusable: reusable(connection))
            throw error
        }
    }

    private enum Step {
        case use(PostgresConnection)
        case connect
        case wait
    }

    func lease() async throws -> PostgresConnection { try await leaseReporting().connection }

    /// A connection, and whether it served an earlier caller (it was idle in the pool) rather
    /// than being opened for this one.
    func leaseReporting() async throws -> (connection: PostgresConnection, reused: Bool) {
        let loop = MultiThreadedEventLoopGroup.currentEventLoop
        let key = loop.map(ObjectIdentifier.init)
        // Woken to try again: a cancelled caller passes that on rather than let it be lost.
        var retrying = false
        while true {
            if Task.isCancelled {
                if retrying { wakeFirstWaiter() }
                throw CancellationError()
            }
            var stale: [PostgresConnection] = []
            let step = try state.withLock { s -> Step in
                if s.closed { throw PoolClosed() }
                stale = Self.expire(&s, before: .now - maxIdleTime)
                // This loop's own idle connection; a caller off the event loops takes any.
                if let key {
                    if let c = s.idle[key]?.popLast() { return .use(c.connection) }
                    if borrowsBeforeConnecting, let c = Self.takeAnyIdle(&s) { return .use(c) }
                } else if let c = Self.takeAnyIdle(&s) {
                    return .use(c)
                }
                // Then a new connection on this loop, while under the bound; then another loop's.
                if s.count < maxConnections {
                    s.count += 1
                    return .connect
                }
                return Self.takeAnyIdle(&s).map(Step.use) ?? .wait
            }
            closeDropped(stale)
            switch step {
            case .use(let connection):
                if !connection.isClosed { return (connection, true) }
                dropped(connection)
            case .connect:
                do {
                    return (try await open(loop ?? NIOSingletons.posixEventLoopGroup.next()), false)
                } catch {
                    // The slot is free again; a waiter tries for itself (and likely fails the same way).
                    dropped(nil)
                    throw error
                }
            case .wait:
                retrying = false
                if let beforeQueueing { await beforeQueueing() }
                if let handed = try await waitForConnection() {
                    if !handed.isClosed { return (handed, true) }
                    dropped(handed)
                } else {
                    retrying = true
                }
            }
        }
    }

    /// Returns a connection. One that is not `reusable`, that the database closed, one that would
    /// be idle past ``maxIdle``, or any after ``close()`` is closed and dropped.
    func release(_ connection: PostgresConnection, reusable: Bool = true) {
        enum Outcome { case pooled, handed(Waiter), drop }
        let outcome = state.withLock { s -> Outcome in
            if s.closed || !reusable || connection.isClosed { return .drop }
            if !s.waiters.isEmpty { return .handed(s.waiters.removeFirst()) }
            if maxIdle != .max, s.idle.values.reduce(0, { $0 + $1.count }) >= maxIdle { return .drop }
            s.idle[ObjectIdentifier(connection.eventLoop), default: []].append(Idle(connection: connection, since: .now))
            return .pooled
        }
        switch outcome {
        case .pooled: break
        case .handed(let waiter): waiter.continuation.resume(returning: connection)
        case .drop: dropped(connection)
        }
    }

    /// Closes the idle connections and refuses later leases; connections in use are closed when returned.
    func close() async {
        let (idle, waiters) = state.withLock { s -> ([PostgresConnection], [Waiter]) in
            s.closed = true
            let idle = s.idle.values.flatMap { $0.map(\.connection) }
            s.idle = [:]
            s.count -= idle.count
            defer { s.waiters = [] }
            return (idle, s.waiters)
        }
        for w in waiters { w.continuation.resume(throwing: PoolClosed()) }
        for c in idle {
            onDrop?(c.id)
            try? await c.close()
        }
    }

    /// Connections open or being opened now.
    var openCount: Int { state.withLock { $0.count } }

    /// Callers queued, and waiter ids not yet queued or answered (for tests: both 0 when idle).
    var waiting: (queued: Int, pending: Int) {
        state.withLock { ($0.waiters.count, $0.unqueued.count + $0.cancelled.count) }
    }

    // MARK: Helpers

    /// Frees the slot of a connection that is gone (closing it first, when given) and lets the
    /// first waiter try again.
    private func dropped(_ connection: PostgresConnection?) {
        if let connection { closeDropped([connection]) }
        state.withLock { $0.count -= 1 }
        wakeFirstWaiter()
    }

    /// Tells the first waiter to try again (a slot came free).
    private func wakeFirstWaiter() {
        let waiter = state.withLock { s in s.waiters.isEmpty ? nil : s.waiters.removeFirst() }
        waiter?.continuation.resume(returning: nil)
    }

    /// Waits for a connection handed back (nil: a slot came free, try again).
    private func waitForConnection() async throws -> PostgresConnection? {
        let id = state.withLock { s -> Int in
            s.nextWaiter += 1
            s.unqueued.insert(s.nextWaiter)
            return s.nextWaiter
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let answer = state.withLock { s -> Result<PostgresConnection?, any Error>? in
                    s.unqueued.remove(id)
                    if s.closed { return .failure(PoolClosed()) }
                    if s.cancelled.remove(id) != nil { return .failure(CancellationError()) }
                    // What came free since the caller decided to wait (a connection returned
                    // when nobody was queued yet, a slot freed): try again instead of sleeping.
                    if s.count < maxConnections || s.idle.values.contains(where: { !$0.isEmpty }) {
                        return .success(nil)
                    }
                    s.waiters.append(Waiter(id: id, continuation: continuation))
                    return nil
                }
                if let answer { continuation.resume(with: answer) }
            }
        } onCancel: {
            let waiter = state.withLock { s -> Waiter? in
                if let i = s.waiters.firstIndex(where: { $0.id == id }) { return s.waiters.remove(at: i) }
                // Not queued yet: refused when it comes to queue. Already answered: nothing to do.
                if s.unqueued.contains(id) { s.cancelled.insert(id) }
                return nil
            }
            waiter?.continuation.resume(throwing: CancellationError())
        }
    }

    /// An idle connection of any loop (the most recently returned of its loop).
    private static func takeAnyIdle(_ s: inout State) -> PostgresConnection? {
        for key in s.idle.keys { if let c = s.idle[key]?.popLast() { return c.connection } }
        return nil
    }

    /// Takes the idle connections returned before `cutoff` out of the pool.
    private static func expire(_ s: inout State, before cutoff: ContinuousClock.Instant) -> [PostgresConnection] {
        var gone: [PostgresConnection] = []
        for key in s.idle.keys {
            // Returned in order, so the old ones are at the front.
            guard let list = s.idle[key], let first = list.first, first.since < cutoff else { continue }
            let keep = list.drop { $0.since < cutoff }
            gone += list.prefix(list.count - keep.count).map(\.connection)
            s.idle[key] = Array(keep)
        }
        s.count -= gone.count
        return gone
    }

    /// Closes connections the pool let go of, without waiting, and says so to ``onDrop``.
    private func closeDropped(_ connections: [PostgresConnection]) {
        for c in connections { onDrop?(c.id) }
        Self.closeInBackground(connections)
    }

    /// Closes connections without waiting for them.
    private static func closeInBackground(_ connections: [PostgresConnection]) {
        // The closure holds the connection until it is closed (PostgresNIO asserts that a
        // connection is closed before it goes away).
        for c in connections { c.close().whenComplete { _ in _ = c } }
    }

    deinit {
        // An engine dropped without `shutdown()`: its idle connections still close.
        Self.closeInBackground(state.withLock { s in s.idle.values.flatMap { $0.map(\.connection) } })
    }

    /// The pool was closed (the server is stopping).
    struct PoolClosed: Error {}
}
