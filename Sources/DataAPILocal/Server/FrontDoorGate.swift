import Synchronization

/// The front door's counters, shared by every connection: open connections and request bytes
/// held in memory, each against its limit. Lock-protected; every call is short.
final class FrontDoorGate: Sendable {
    let maxConnections: Int
    let maxBufferedBytes: Int
    private struct Counts { var connections = 0; var bufferedBytes = 0 }
    private let counts = Mutex(Counts())

    init(maxConnections: Int, maxBufferedBytes: Int) {
        self.maxConnections = maxConnections
        self.maxBufferedBytes = maxBufferedBytes
    }

    /// Counts a new connection; false when it is over ``maxConnections`` (it counts anyway,
    /// until ``connectionClosed()``).
    func connectionOpened() -> Bool {
        counts.withLock { c in c.connections += 1; return c.connections <= maxConnections }
    }

    func connectionClosed() { counts.withLock { $0.connections -= 1 } }

    /// Reserves `bytes` of the buffered-bytes budget; false, reserving nothing, when they do not fit.
    func reserve(_ bytes: Int) -> Bool {
        counts.withLock { c in
            guard c.bufferedBytes + bytes <= maxBufferedBytes else { return false }
            c.bufferedBytes += bytes
            return true
        }
    }

    func release(_ bytes: Int) { counts.withLock { $0.bufferedBytes -= bytes } }

    /// Open connections and reserved bytes now.
    var current: (connections: Int, bufferedBytes: Int) { counts.withLock { ($0.connections, $0.bufferedBytes) } }
}
