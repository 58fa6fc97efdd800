import DataAPIClient
import Synchronization

/// The pooled sessions running autocommit calls now, so that a shutdown can cancel their
/// statements; once closed, no call starts.
final class RunningSessions: Sendable {
    private struct Entry: Sendable {
        let session: any DatabaseSession
        let engine: any LocalDatabaseEngine
        let target: SessionTarget
    }
    private struct State {
        var next = 0
        var entries: [Int: Entry] = [:]
        var closed = false
    }
    private let state = Mutex(State())

    var isClosed: Bool { state.withLock { $0.closed } }

    /// Runs `body` on a pooled session of `engine`, known to ``cancelAll()`` meanwhile.
    func withSession<T: Sendable>(_ engine: any LocalDatabaseEngine, _ target: SessionTarget,
                                  _ body: @Sendable (any DatabaseSession) async throws -> T) async throws -> T {
        try await engine.withSession(target) { session in
            let key = try self.state.withLock { s -> Int in
                if s.closed { throw DataAPIError.service(.serviceUnavailable, "The server is shutting down.") }
                s.next += 1
                s.entries[s.next] = Entry(session: session, engine: engine, target: target)
                return s.next
            }
            defer { _ = self.state.withLock { $0.entries.removeValue(forKey: key) } }
            return try await body(session)
        }
    }

    /// Refuses new calls and cancels the statements of those running.
    func close() async {
        let entries = state.withLock { s -> [Entry] in
            s.closed = true
            for e in s.entries.values { e.session.willBeCancelled() }
            return Array(s.entries.values)
        }
        for e in entries where e.session.connectionId != 0 {
            await e.engine.cancel(connectionId: e.session.connectionId, target: e.target)
        }
    }
}
