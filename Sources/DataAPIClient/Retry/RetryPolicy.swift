import Foundation

/// When and how often a failed call is tried again.
///
/// Backoff is exponential with full jitter: before attempt n+1 the client sleeps a random
/// time in `0 ... min(maxDelay, baseDelay * 2^(n-1))`. Retrying stops at `maxAttempts`, or
/// when the next sleep would pass `totalDeadline` (measured from the first attempt), or
/// when the task is cancelled.
///
/// Retried: throttling; `ServiceUnavailableError`, `InternalServerErrorException`,
/// `DatabaseUnavailableException`; connection failures before the request was sent;
/// and `DatabaseResumingException` on the longer ``resuming`` schedule, since a paused
/// Aurora cluster takes up to about 30 s to resume. Never retried: anything that may
/// have reached the database and run there (a timeout or broken connection after the
/// request was sent, `StatementTimeoutException`, `DatabaseErrorException`) and every
/// other client error.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first included. 1 turns retries off.
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// No retry starts after this much time since the first attempt.
    public var totalDeadline: Duration
    /// The schedule for `DatabaseResumingException`; `nil` never retries it.
    public var resuming: Schedule?
    /// Whether `InternalServerErrorException` and `DatabaseUnavailableException` are retried.
    /// Either can answer a request that already ran, so a call that must not run twice (a
    /// commit, a statement inside a transaction) turns this off; throttling,
    /// `ServiceUnavailableError` and failures before the request was sent are still retried.
    public var retriesPossiblyExecuted = true

    /// A backoff schedule of its own.
    public struct Schedule: Sendable, Hashable {
        public var maxAttempts: Int
        public var baseDelay: Duration
        public var maxDelay: Duration
        public var totalDeadline: Duration
        public init(maxAttempts: Int, baseDelay: Duration, maxDelay: Duration, totalDeadline: Duration) {
            self.maxAttempts = maxAttempts; self.baseDelay = baseDelay
            self.maxDelay = maxDelay; self.totalDeadline = totalDeadline
        }
    }

    public init(maxAttempts: Int = 3, baseDelay: Duration = .milliseconds(100), maxDelay: Duration = .seconds(5),
                totalDeadline: Duration = .seconds(20), resuming: Schedule? = .init(
                    maxAttempts: 12, baseDelay: .seconds(1), maxDelay: .seconds(8), totalDeadline: .seconds(60))) {
        self.maxAttempts = maxAttempts; self.baseDelay = baseDelay; self.maxDelay = maxDelay
        self.totalDeadline = totalDeadline; self.resuming = resuming
    }

    /// The default: 3 attempts from 100 ms, resuming clusters waited for up to 60 s.
    public static let `default` = RetryPolicy()
    /// One attempt, no retry.
    public static let none = RetryPolicy(maxAttempts: 1, resuming: nil)

    /// This policy without the retries that could run a call twice (see ``retriesPossiblyExecuted``).
    public var withoutPossiblyExecutedRetries: RetryPolicy {
        var p = self
        p.retriesPossiblyExecuted = false
        return p
    }

    /// Which schedule applies to an error, or `nil` when it must not be retried.
    public func schedule(for error: Error) -> Schedule? {
        let normal = Schedule(maxAttempts: maxAttempts, baseDelay: baseDelay, maxDelay: maxDelay, totalDeadline: totalDeadline)
        if !retriesPossiblyExecuted, let e = error as? DataAPIError,
           e.code == .internalServerError || e.code == .databaseUnavailable { return nil }
        switch Self.classify(error) {
        case .retry: return normal
        case .resuming: return resuming
        case .never: return nil
        }
    }

    enum Class { case retry, resuming, never }

    static func classify(_ error: Error) -> Class {
        if let e = error as? DataAPIError {
            if e.code.isThrottling { return .retry }
            switch e.code {
            case .serviceUnavailable, .internalServerError, .databaseUnavailable: return .retry
            case .databaseResuming: return .resuming
            default: return .never
            }
        }
        if let e = error as? TransportError {
            return !e.requestSent && (e.kind == .connectFailed || e.kind == .timedOut || e.kind == .transferFailed || e.kind == .tls) ? .retry : .never
        }
        return .never
    }

    /// The full-jitter delay before the attempt after `attempt` (1-based).
    static func delay(after attempt: Int, schedule: Schedule, random: Double) -> Duration {
        let exp = schedule.baseDelay * Int(pow(2.0, Double(min(attempt - 1, 30))).rounded())
        let cap = min(schedule.maxDelay, exp)
        return cap * min(max(random, 0), 1)
    }
}
