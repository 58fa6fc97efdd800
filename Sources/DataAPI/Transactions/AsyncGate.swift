import Synchronization

/// A first-in, first-out async lock: one holder at a time, waiters resumed in the order they
/// queued, a cancelled waiter leaves the queue with `CancellationError`.
final class AsyncGate: Sendable {
    private struct State {
        var held = false
        var next: UInt64 = 0
        var waiters: [(id: UInt64, continuation: CheckedContinuation<Void, Error>)] = []
    }
    private let state = Mutex(State())
    /// Runs after a caller found the gate held and before it queues (tests release the gate
    /// there, the moment a lost wake-up would happen).
    private let beforeQueueing: (@Sendable () -> Void)?

    init(beforeQueueing: (@Sendable () -> Void)? = nil) { self.beforeQueueing = beforeQueueing }

    func acquire() async throws {
        let free = state.withLock { s in
            if s.held { return false }
            s.held = true
            return true
        }
        if free { return }
        beforeQueueing?()
        let id = state.withLock { s in
            s.next += 1
            return s.next
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, Error>) in
                // Look at the gate and queue in one step: a release between the two would
                // otherwise find no waiter and leave this one asleep with the gate free.
                enum Next { case proceed, cancelled, wait }
                let next: Next = state.withLock { s in
                    if Task.isCancelled { return .cancelled }
                    if !s.held {
                        s.held = true
                        return .proceed
                    }
                    s.waiters.append((id, c))
                    return .wait
                }
                switch next {
                case .proceed: c.resume()
                case .cancelled: c.resume(throwing: CancellationError())
                case .wait: break
                }
            }
        } onCancel: {
            let c: CheckedContinuation<Void, Error>? = state.withLock { s in
                guard let i = s.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return s.waiters.remove(at: i).continuation
            }
            c?.resume(throwing: CancellationError())
        }
    }

    /// Hands the gate to the longest waiter, or frees it.
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
