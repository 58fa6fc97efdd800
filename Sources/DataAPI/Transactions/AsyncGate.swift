import Synchronization

/// A first-in, first-out async lock: one holder at a time, waiters resumed in order, a
/// cancelled waiter leaves the queue with `CancellationError`.
final class AsyncGate: Sendable {
    private struct State {
        var held = false
        var next: UInt64 = 0
        var waiters: [(id: UInt64, continuation: CheckedContinuation<Void, Error>)] = []
    }
    private let state = Mutex(State())

    func acquire() async throws {
        let id: UInt64? = state.withLock { s in
            if !s.held {
                s.held = true
                return nil
            }
            s.next += 1
            return s.next
        }
        guard let id else { return }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, Error>) in
                let resumeNow: Bool = state.withLock { s in
                    if Task.isCancelled { return true }
                    s.waiters.append((id, c))
                    return false
                }
                if resumeNow { c.resume(throwing: CancellationError()) }
            }
        } onCancel: {
            let c: CheckedContinuation<Void, Error>? = state.withLock { s in
                guard let i = s.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return s.waiters.remove(at: i).continuation
            }
            c?.resume(throwing: CancellationError())
        }
    }

    func release() {
        let c: CheckedContinuation<Void, Error>? = state.withLock { s in
            if s.waiters.isEmpty {
                s.held = false
                return nil
            }
            return s.waiters.removeFirst().continuation
        }
        c?.resume()
    }
}
