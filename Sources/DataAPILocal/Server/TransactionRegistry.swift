import DataAPIClient
import Foundation
import Synchronization

/// Open transactions: each holds a connection of its own until it is committed, rolled
/// back, fails, sits idle past the idle timeout or passes its lifetime.
///
/// A lock, not an actor: taking and giving back an entry is a few instructions under the lock
/// and no suspension, and ending transactions takes them all out in one step (the actor's
/// `reap` suspended between entries). Rolling back and closing happen outside the lock.
final class TransactionRegistry: Sendable {
    struct Entry: Sendable {
        var session: any DatabaseSession
        var engine: any LocalDatabaseEngine
        var target: SessionTarget
        var resourceArn: String
        var busy = false
        var lastUsed: ContinuousClock.Instant
        let created: ContinuousClock.Instant
    }

    enum EndReason: String {
        case expired = "Transaction may be expired."
        case terminated = "One previous call resulted in a termination of your transaction."
        case aborted = "Transaction has been aborted due to an error from a previous call."
    }

    private struct State {
        var live: [String: Entry] = [:]
        var ended: [String: EndReason] = [:]
        var endedOrder: [String] = []
        /// Transactions being opened (between ``reserve()`` and ``add`` or ``unreserve()``).
        var opening = 0
        /// Transactions ended but still being rolled back and closed; they count as open.
        var closing = 0

        mutating func remember(_ id: String, _ reason: EndReason) {
            ended[id] = reason
            endedOrder.append(id)
            if endedOrder.count > 10_000 { ended[endedOrder.removeFirst()] = nil }
        }

        /// Takes `id` out of the live transactions, remembering why it ended; the caller
        /// closes it (``TransactionRegistry/close(_:)``).
        mutating func remove(_ id: String, reason: EndReason) -> Entry? {
            guard let e = live.removeValue(forKey: id) else { return nil }
            remember(id, reason)
            closing += 1
            return e
        }

        func notFound(_ id: String) -> DataAPIError {
            let cause = ended[id].map { " " + $0.rawValue } ?? ""
            return .service(.transactionNotFound, "Transaction \(id) isn't found.\(cause)")
        }
    }
    private let state = Mutex(State())
    private let idleTimeout: Duration
    private let lifetime: Duration
    private let maxOpen: Int

    init(idleTimeout: Duration, lifetime: Duration, maxOpen: Int = .max) {
        self.idleTimeout = idleTimeout
        self.lifetime = lifetime
        self.maxOpen = maxOpen
    }

    /// Claims a place for a new transaction, or refuses it when `maxOpen` are open or opening.
    func reserve() throws {
        try state.withLock { s in
            guard s.live.count + s.closing + s.opening < maxOpen else {
                throw DataAPIError.service(
                    .badRequest,
                    "Too many open transactions: \(s.live.count + s.closing) are open, the limit of this server. "
                        + "Commit or roll back a transaction before beginning another.")
            }
            s.opening += 1
        }
    }

    /// Gives back a place claimed by ``reserve()`` for a transaction that did not open.
    func unreserve() { state.withLock { $0.opening -= 1 } }

    /// Open transactions, those still being rolled back and closed included.
    var count: Int { state.withLock { $0.live.count + $0.closing } }

    func add(
        _ session: any DatabaseSession, engine: any LocalDatabaseEngine, target: SessionTarget, resourceArn: String
    ) -> String {
        var bytes = [UInt8](repeating: 0, count: 48)
        for i in bytes.indices { bytes[i] = UInt8.random(in: 0...255) }
        let id = Data(bytes).base64EncodedString()
        let now = ContinuousClock.now
        let entry = Entry(
            session: session, engine: engine, target: target, resourceArn: resourceArn, lastUsed: now, created: now)
        state.withLock { s in
            s.opening = max(0, s.opening - 1)
            s.live[id] = entry
        }
        return id
    }

    /// Marks the transaction busy for one call.
    func acquire(_ id: String, resourceArn: String) throws -> Entry {
        try state.withLock { s in
            guard var e = s.live[id], e.resourceArn == resourceArn else { throw s.notFound(id) }
            if e.busy { throw DataAPIError.service(.databaseError, "Transaction is still running a query") }
            e.busy = true
            e.lastUsed = .now
            s.live[id] = e
            return e
        }
    }

    /// Ends the call; `failed` ends the transaction too (see `LocalDataAPI.endsTransaction`).
    func release(_ id: String, failed: Bool) async {
        let ended = state.withLock { s -> Entry? in
            if failed { return s.remove(id, reason: .aborted) }
            s.live[id]?.busy = false
            s.live[id]?.lastUsed = .now
            return nil
        }
        if let ended { await close([ended]) }
    }

    /// Takes the transaction out for commit or rollback; the caller gives its connection up and
    /// then calls ``closed()``.
    func take(_ id: String, resourceArn: String) throws -> Entry {
        try state.withLock { s in
            guard let e = s.live[id], e.resourceArn == resourceArn else { throw s.notFound(id) }
            if e.busy { throw DataAPIError.service(.databaseError, "Transaction is still running a query") }
            s.live[id] = nil
            s.remember(id, .terminated)
            // Still open (counted against the limit) until its connection is given up.
            s.closing += 1
            return e
        }
    }

    /// A transaction taken out by ``take(_:resourceArn:)`` has given its connection up.
    func closed() { state.withLock { $0.closing -= 1 } }

    /// Rolls back and closes transactions taken out by `State.remove`.
    private func close(_ entries: [Entry]) async {
        for e in entries {
            try? await e.session.rollback()
            await e.session.close()
            state.withLock { $0.closing -= 1 }
        }
    }

    /// Rolls back and closes transactions idle past the timeout or older than their lifetime.
    func reap() async {
        let now = ContinuousClock.now
        let (expired, overdue) = state.withLock { s -> ([Entry], [Entry]) in
            let ids = s.live.filter { _, e in
                !e.busy && (now - e.lastUsed > idleTimeout || now - e.created > lifetime)
            }.keys
            let expired = ids.compactMap { s.remove($0, reason: .expired) }
            let overdue = s.live.values.filter { $0.busy && now - $0.created > lifetime }
            // Marked while still busy, so before any commit can give the connection back.
            for e in overdue { e.session.willBeCancelled() }
            return (expired, overdue)
        }
        await close(expired)
        for e in overdue { await e.engine.cancel(connectionId: e.session.connectionId, target: e.target) }
    }

    /// Cancels the statement each busy transaction is running (for a shutdown).
    func cancelRunning() async {
        let busy = state.withLock { s in
            let busy = s.live.values.filter(\.busy)
            for e in busy { e.session.willBeCancelled() }
            return busy
        }
        for e in busy {
            await e.engine.cancel(connectionId: e.session.connectionId, target: e.target)
        }
    }

    func closeAll() async {
        let all = state.withLock { s in Array(s.live.keys).compactMap { s.remove($0, reason: .terminated) } }
        await close(all)
    }
}
