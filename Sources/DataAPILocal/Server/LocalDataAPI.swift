import DataAPIClient
import Foundation
import Logging
import Synchronization

/// The Data API's operations, independent of HTTP: validation, parameter binding,
/// transactions, limits and faults, over any ``LocalDatabaseEngine``.
public final class LocalDataAPI: Sendable {
    /// What the operations serve: clusters, secrets, limits and faults.
    public let configuration: DataAPILocalConfiguration
    let transactions: TransactionRegistry
    let logger: Logger
    private let firstCall = Mutex<ContinuousClock.Instant?>(nil)
    private let requestCounter = Atomic<Int>(0)
    /// Autocommit calls holding a pooled connection now, so that a shutdown can cancel them.
    let running = RunningSessions()

    /// The operations over `configuration`; `logger` gets statements at debug level.
    public init(configuration: DataAPILocalConfiguration, logger: Logger = Logger(label: "data-api-local")) {
        self.configuration = configuration
        self.logger = logger
        self.transactions = TransactionRegistry(
            idleTimeout: configuration.limits.transactionIdleTimeout,
            lifetime: configuration.limits.transactionLifetime,
            maxOpen: configuration.limits.maxOpenTransactions)
    }

    /// Open transactions (for tests and diagnostics).
    public var openTransactionCount: Int { get async { transactions.count } }

    /// Expires idle and over-age transactions; the server calls it every second.
    public func reapTransactions() async { await transactions.reap() }

    /// The first step of stopping: later calls are refused with `ServiceUnavailableError`, and
    /// every statement running now, in autocommit calls and in transactions, is cancelled in
    /// the database (PostgreSQL's cancel request, MySQL's `KILL QUERY`), so that its caller
    /// gets an answer at once.
    public func beginShutdown() async {
        await running.close()
        await transactions.cancelRunning()
    }

    /// Rolls back and closes every open transaction.
    public func shutdown() async { await transactions.closeAll() }

    /// Handles one operation by its HTTP path; returns the JSON response body or throws a `DataAPIError`.
    public func handle(path: String, body: [UInt8]) async throws -> [UInt8] {
        if running.isClosed { throw DataAPIError.service(.serviceUnavailable, "The server is shutting down.") }
        try await injectFaults()
        switch path {
        case "/Execute":
            return try ResponseJSON.encode(try await executeStatement(decode(ExecuteStatementRequest.self, body)))
        case "/BatchExecute":
            return try encode(try await batchExecute(decode(BatchExecuteStatementRequest.self, body)))
        case "/BeginTransaction":
            return try encode(try await beginTransaction(decode(BeginTransactionRequest.self, body)))
        case "/CommitTransaction":
            let r = try decode(CommitTransactionRequest.self, body)
            return try encode(
                try await endTransaction(
                    resourceArn: r.resourceArn, secretArn: r.secretArn,
                    transactionId: r.transactionId, .commit))
        case "/RollbackTransaction":
            let r = try decode(RollbackTransactionRequest.self, body)
            return try encode(
                try await endTransaction(
                    resourceArn: r.resourceArn, secretArn: r.secretArn,
                    transactionId: r.transactionId, .rollback))
        case "/ExecuteSql":
            return try encode(try await executeSql(decode(ExecuteSqlRequest.self, body)))
        default:
            throw DataAPIError(code: "UnknownOperationException", message: "Unknown operation \(path)", httpStatus: 404)
        }
    }

    // MARK: Faults

    func injectFaults() async throws {
        let faults = configuration.faults
        if faults.latency > .zero { try await Task.sleep(for: faults.latency) }
        if faults.serverErrorRate > 0, Double.random(in: 0..<1) < faults.serverErrorRate {
            let n = requestCounter.add(1, ordering: .relaxed).newValue
            throw n % 2 == 0
                ? DataAPIError.service(.serviceUnavailable, "") : DataAPIError.service(.internalServerError, "")
        }
        if let resume = faults.autoPauseResume {
            let now = ContinuousClock.now
            let first = firstCall.withLock { f in
                if f == nil { f = now }
                return f!
            }
            if now - first < resume {
                throw DataAPIError.service(.databaseResuming, "The Aurora DB instance db-LOCAL is resuming after being "
                                           + "auto-paused. Please wait a few seconds and try again.")
            }
        }
    }

    func encode<T: Encodable>(_ value: T) throws -> [UInt8] { Array(try WireJSON.encoder.encode(value)) }
}
