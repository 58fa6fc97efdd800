import DataAPIClient
import Foundation

/// Open transactions: each holds a connection of its own until it is committed, rolled
/// back, fails, sits idle past the idle timeout or passes its lifetime.
actor TransactionRegistry {
    struct Entry {
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

    private var live: [String: Entry] = [:]
    private var ended: [String: EndReason] = [:]
    private var endedOrder: [String] = []
    private let idleTimeout: Duration
    private let lifetime: Duration
    private let maxOpen: Int
    /// Transactions being opened (between ``reserve()`` and ``add`` or ``unreserve()``).
    private var opening = 0

    init(idleTimeout: Duration, lifetime: Duration, maxOpen: Int = .max) {
        self.idleTimeout = idleTimeout
        self.lifetime = lifetime
        self.maxOpen = maxOpen
    }

    /// Claims a place for a new transaction, or refuses it when `maxOpen` are open or opening.
    func reserve() throws {
        guard live.count + opening < maxOpen else {
            throw DataAPIError.service(
                .badRequest,
                "Too many open transactions: \(live.count) are open, the limit of this server. "
                    + "Commit or roll back a transaction before beginning another.")
        }
        opening += 1
    }

    /// Gives back a place claimed by ``reserve()`` for a transaction that did not open.
    func unreserve() { opening -= 1 }

    var count: Int { live.count }

    func add(
        _ session: any DatabaseSession, engine: any LocalDatabaseEngine, target: SessionTarget, resourceArn: String
    ) -> String {
        var bytes = [UInt8](repeating: 0, count: 48)
        for i in bytes.indices { bytes[i] = UInt8.random(in: 0...255) }
        let id = Data(bytes).base64EncodedString()
        let now = ContinuousClock.now
        opening = max(0, opening - 1)
        live[id] = Entry(
            session: session, engine: engine, target: target, resourceArn: resourceArn, lastUsed: now, created: now)
        return id
    }

    func notFound(_ id: String) -> DataAPIError {
        let cause = ended[id].map { " " + $0.rawValue } ?? ""
        return .service(.transactionNotFound, "Transaction \(id) isn't found.\(cause)")
    }

    /// Marks the transaction busy for one call.
    func acquire(_ id: String, resourceArn: String) throws -> Entry {
        guard var e = live[id], e.resourceArn == resourceArn else { throw notFound(id) }
        if e.busy { throw DataAPIError.service(.databaseError, "Transaction is still running a query") }
        e.busy = true
        e.lastUsed = .now
        live[id] = e
        return e
    }

    /// Ends the call; `failed` ends the transaction too (see `LocalDataAPI.endsTransaction`).
    func release(_ id: String, failed: Bool) async {
        guard var e = live[id] else { return }
        if failed {
            await end(id, reason: .aborted)
            return
        }
        e.busy = false
        e.lastUsed = .now
        live[id] = e
    }

    /// Takes the transaction out for commit or rollback.
    func take(_ id: String, resourceArn: String) throws -> Entry {
        guard let e = live[id], e.resourceArn == resourceArn else { throw notFound(id) }
        if e.busy { throw DataAPIError.service(.databaseError, "Transaction is still running a query") }
        live[id] = nil
        remember(id, .terminated)
        return e
    }

    private func remember(_ id: String, _ reason: EndReason) {
        ended[id] = reason
        endedOrder.append(id)
        if endedOrder.count > 10_000 { ended[endedOrder.removeFirst()] = nil }
    }

    private func end(_ id: String, reason: EndReason) async {
        guard let e = live.removeValue(forKey: id) else { return }
        remember(id, reason)
        try? await e.session.rollback()
        await e.session.close()
    }

    /// Rolls back and closes transactions idle past the timeout or older than their lifetime.
    func reap() async {
        let now = ContinuousClock.now
        for (id, e) in live where !e.busy && (now - e.lastUsed > idleTimeout || now - e.created > lifetime) {
            await end(id, reason: .expired)
        }
        for e in live.values where e.busy && now - e.created > lifetime {
            await e.engine.cancel(connectionId: e.session.connectionId, target: e.target)
        }
    }

    /// Cancels the statement each busy transaction is running (for a shutdown).
    func cancelRunning() async {
        for e in live.values where e.busy {
            await e.engine.cancel(connectionId: e.session.connectionId, target: e.target)
        }
    }

    func closeAll() async {
        for id in Array(live.keys) { await end(id, reason: .terminated) }
    }
}
