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
        try await handle(path: path, body: body, signedRegion: nil)
    }

    /// ``handle(path:body:)`` for a request signed for `signedRegion` (nil: not signed), which
    /// must be the region of the resource the body names.
    package func handle(path: String, body: [UInt8], signedRegion: String?) async throws -> [UInt8] {
        switch path {
        case "/Execute":
            let r = try await admit(ExecuteStatementRequest.self, body, signedRegion)
            return try ResponseJSON.encode(try await executeStatement(r))
        case "/BatchExecute":
            return try encode(try await batchExecute(admit(BatchExecuteStatementRequest.self, body, signedRegion)))
        case "/BeginTransaction":
            return try encode(try await beginTransaction(admit(BeginTransactionRequest.self, body, signedRegion)))
        case "/CommitTransaction":
            let r = try await admit(CommitTransactionRequest.self, body, signedRegion)
            return try encode(
                try await endTransaction(
                    resourceArn: r.resourceArn, secretArn: r.secretArn,
                    transactionId: r.transactionId, .commit))
        case "/RollbackTransaction":
            let r = try await admit(RollbackTransactionRequest.self, body, signedRegion)
            return try encode(
                try await endTransaction(
                    resourceArn: r.resourceArn, secretArn: r.secretArn,
                    transactionId: r.transactionId, .rollback))
        case "/ExecuteSql":
            return try encode(try await executeSql(admit(ExecuteSqlRequest.self, body, signedRegion)))
        default:
            try checkRegion(nil, body, signedRegion)
            try await admitAny()
            throw DataAPIError(code: "UnknownOperationException", message: "Unknown operation \(path)", httpStatus: 404)
        }
    }

    /// The request in `body`, decoded once, past the checks that come before the operation in
    /// this order: the region, a server that is shutting down, injected faults, then what is
    /// wrong with the body.
    private func admit<T: DataAPIOperation & Decodable>(
        _ type: T.Type, _ body: [UInt8], _ signedRegion: String?
    ) async throws -> T {
        let decoded = Result { try decode(T.self, body) }
        try checkRegion(try? decoded.get().targetResourceArn, body, signedRegion)
        try await admitAny()
        return try decoded.get()
    }

    /// The region check on the decoded request's ARN, or on the one read leniently from a body
    /// that is not a valid request.
    private func checkRegion(_ arn: String?, _ body: [UInt8], _ signedRegion: String?) throws {
        guard let signedRegion, let arn = arn ?? SigV4Verifier.resourceArn(in: body) else { return }
        if let error = SigV4Verifier.checkRegion(arn: arn, region: signedRegion) { throw error }
    }

    /// A server that is shutting down refuses calls; then the configured faults.
    private func admitAny() async throws {
        if running.isClosed { throw DataAPIError.service(.serviceUnavailable, "The server is shutting down.") }
        try await injectFaults()
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
