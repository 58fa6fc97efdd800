import NIOCore
import NIOPosix
import Synchronization

/// Bounds a database call by a deadline, so that no driver bug (a query written to a closed
/// channel that never completes, say) can hang a request, a transaction or the shutdown.
enum Deadline {
    /// How long past its statement timeout a database call may take before it counts as hung.
    static let statementGrace = Duration.seconds(10)

    /// The deadline of a database call: the statement timeout plus the grace, or none while
    /// the timeout is off (a `continueAfterTimeout` statement may run on).
    static func forStatement(timeout: Duration, timeoutOff: Bool) -> Duration? {
        timeoutOff ? nil : timeout + statementGrace
    }

    /// Runs `operation`; if it has not finished after `limit`, the caller gets `expired()`'s
    /// error at once and the operation's task is cancelled and left to end on its own. A nil
    /// `limit` runs the operation without a deadline.
    static func run<T: Sendable>(
        _ limit: Duration?, expired: @escaping @Sendable () -> any Error,
        _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        guard let limit else { return try await operation() }
        // On an event loop (a request's task) the operation stays on it and the timer is the
        // loop's own: no thread is woken to start, time or end the call.
        let executor = EventLoopExecutor.current
        let timerLoop = executor?.loop ?? NIOSingletons.posixEventLoopGroup.next()
        let race = Race<T>()
        return try await withCheckedThrowingContinuation { continuation in
            race.start(continuation)
            let work = Task(executorPreference: executor) {
                let outcome: Result<T, any Error>
                do { outcome = .success(try await operation()) } catch { outcome = .failure(error) }
                race.finish(outcome)
            }
            race.setTimer(
                timerLoop.scheduleTask(in: TimeAmount(limit)) {
                    guard race.finish(.failure(expired())) else { return }
                    work.cancel()
                })
        }
    }

    /// The caller's continuation, resumed once by whichever of the operation and the timer
    /// finishes first; the operation finishing cancels the timer.
    private final class Race<T: Sendable>: Sendable {
        private struct State {
            var continuation: CheckedContinuation<T, any Error>?
            var timer: Scheduled<Void>?
            var done = false
        }
        private let state = Mutex(State())

        func start(_ continuation: CheckedContinuation<T, any Error>) {
            state.withLock { $0.continuation = continuation }
        }

        func setTimer(_ timer: Scheduled<Void>) {
            let cancel = state.withLock { s -> Bool in
                s.timer = timer
                return s.done
            }
            if cancel { timer.cancel() }
        }

        /// Resumes the caller unless someone already did; returns whether this call did.
        @discardableResult
        func finish(_ outcome: Result<T, any Error>) -> Bool {
            let (continuation, timer) = state.withLock {
                s -> (CheckedContinuation<T, any Error>?, Scheduled<Void>?) in
                guard !s.done else { return (nil, nil) }
                s.done = true
                defer { s.continuation = nil }
                return (s.continuation, s.timer)
            }
            guard let continuation else { return false }
            timer?.cancel()
            continuation.resume(with: outcome)
            return true
        }
    }
}
