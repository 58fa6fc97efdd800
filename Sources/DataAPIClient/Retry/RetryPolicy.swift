#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// When and how often a failed call is tried again.
///
/// Backoff is exponential with full jitter: before attempt n+1 the client sleeps a random
/// time in `0 ... min(maxDelay, baseDelay * 2^(n-1))`. Retrying stops at `maxAttempts`, or
/// when the next sleep would pass `totalDeadline` (measured from the first attempt), or
/// when the task is cancelled.
///
/// What is retried depends on whether the call can have run:
///
/// | failure | retried |
/// |---|---|
/// | throttling (`ThrottlingException` and the AWS throttling codes) | always |
/// | `ServiceUnavailableError`, AWS `ServiceUnavailable`, any 503¹ | always: the service did not run the call |
/// | connect, DNS or TLS failure, or a timeout before any byte of the request was sent | always |
/// | `DatabaseResumingException` | on the longer ``resuming`` schedule (a paused cluster takes up to about 30 s) |
/// | `InternalServerErrorException`, `DatabaseUnavailableException`, any other 500, 502 or 504 | only when harmless² |
/// | the connection broke after the request was sent, before the whole response arrived | the same |
/// | a timeout after the request was sent | never: the statement may still be running |
/// | `StatementTimeoutException`, `DatabaseErrorException`, every other error | never |
///
/// ¹ A load balancer's 503 page too. ² Only when running the call twice is harmless:
/// `BeginTransaction`, or a policy with ``retriesPossiblyExecuted``.
///
/// The transport never repeats a request on its own (see ``CurlTransport``), so a call that
/// may have reached the database runs at most once unless this policy says otherwise.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first included. 1 turns retries off.
    public var maxAttempts: Int
    /// The first backoff's upper bound; each retry doubles it.
    public var baseDelay: Duration
    /// The largest backoff between two attempts.
    public var maxDelay: Duration
    /// No retry starts after this much time since the first attempt.
    public var totalDeadline: Duration
    /// The schedule for `DatabaseResumingException`; `nil` never retries it.
    public var resuming: Schedule?
    /// Whether failures that can come after the call ran are retried: `InternalServerErrorException`,
    /// `DatabaseUnavailableException`, other 500, 502 and 504 answers, and a connection that
    /// broke after the request was sent. Off by default, since a statement could then run
    /// twice; turn it on for calls that are harmless to repeat (a read outside a transaction,
    /// an idempotent write). `BeginTransaction` is always treated so. Throttling, 503s and
    /// failures before the request was sent are retried either way.
    public var retriesPossiblyExecuted = false

    /// A backoff schedule of its own.
    public struct Schedule: Sendable, Hashable {
        /// Attempts in all, the first included.
        public var maxAttempts: Int
        /// The first backoff's upper bound; each retry doubles it.
        public var baseDelay: Duration
        /// The largest backoff between two attempts.
        public var maxDelay: Duration
        /// No retry starts after this much time since the first attempt.
        public var totalDeadline: Duration
        /// A schedule with these limits.
        public init(maxAttempts: Int, baseDelay: Duration, maxDelay: Duration, totalDeadline: Duration) {
            self.maxAttempts = maxAttempts
            self.baseDelay = baseDelay
            self.maxDelay = maxDelay
            self.totalDeadline = totalDeadline
        }
    }

    /// A policy; the defaults are 3 attempts, 100 ms to 5 s backoff, 20 s in all, and for a
    /// resuming cluster 12 attempts, 1 s to 8 s backoff, 60 s in all.
    public init(maxAttempts: Int = 3, baseDelay: Duration = .milliseconds(100), maxDelay: Duration = .seconds(5),
                totalDeadline: Duration = .seconds(20), resuming: Schedule? = .init(
                    maxAttempts: 12, baseDelay: .seconds(1), maxDelay: .seconds(8), totalDeadline: .seconds(60))) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.totalDeadline = totalDeadline
        self.resuming = resuming
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

    /// This policy with the retries that could run a call twice, for calls that are harmless
    /// to repeat (see ``retriesPossiblyExecuted``).
    public var withPossiblyExecutedRetries: RetryPolicy {
        var p = self
        p.retriesPossiblyExecuted = true
        return p
    }

    /// Which schedule applies to an error, or `nil` when it must not be retried.
    public func schedule(for error: Error) -> Schedule? {
        let normal = Schedule(
            maxAttempts: maxAttempts,
            baseDelay: baseDelay,
            maxDelay: maxDelay,
            totalDeadline: totalDeadline
        )
        switch Self.classify(error) {
        case .retry: return normal
        case .possiblyExecuted: return retriesPossiblyExecuted ? normal : nil
        case .resuming: return resuming
        case .never: return nil
        }
    }

    /// How a failure bears on retrying: safe to retry, retried only when running twice is
    /// harmless, the resuming schedule, or never.
    enum Class { case retry, possiblyExecuted, resuming, never }

    static func classify(_ error: Error) -> Class {
        if let e = error as? DataAPIError {
            if e.code.isThrottling { return .retry }
            switch e.code {
            case .serviceUnavailable, "ServiceUnavailable", "ServiceUnavailableException": return .retry
            case .databaseResuming: return .resuming
            case .internalServerError, .databaseUnavailable: return .possiblyExecuted
            default:
                if e.httpStatus == 503 { return .retry }
                return e.httpStatus >= 500 ? .possiblyExecuted : .never
            }
        }
        if let e = error as? TransportError {
            switch (e.code, e.requestSent) {
            case (.connectFailed, false), (.timedOut, false), (.transferFailed, false), (.tls, false): return .retry
            case (.transferFailed, true): return .possiblyExecuted
            default: return .never
            }
        }
        return .never
    }

    /// The full-jitter delay before the attempt after `attempt` (1-based).
    static func delay(after attempt: Int, schedule: Schedule, random: Double) -> Duration {
        let exp = schedule.baseDelay * (1 << min(attempt - 1, 30))
        let cap = min(schedule.maxDelay, exp)
        return cap * min(max(random, 0), 1)
    }
}
