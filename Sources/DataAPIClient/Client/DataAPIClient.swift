#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging
import Synchronization

/// A client for the Amazon RDS Data API.
///
/// ```swift
/// let client = DataAPIClient()
/// let result = try await client.executeStatement(.init(
///     resourceArn: clusterArn, secretArn: secretArn,
///     sql: "SELECT id, name FROM users WHERE id = :id",
///     parameters: [.init(name: "id", value: .longValue(42))]))
/// ```
///
/// Each call encodes the request as botocore does, signs it with SigV4 (service
/// `rds-data`), sends it over a reused libcurl connection, and returns the decoded
/// response or throws a ``DataAPIError``, ``TransportError``, ``CredentialError`` or
/// ``DataAPIClientError``. Failed calls are retried only when that is safe (see
/// ``RetryPolicy``). The client is `Sendable`; share one per process.
public final class DataAPIClient: Sendable {
    /// The region, endpoint, transport and retry settings the client was made with.
    public let configuration: DataAPIClientConfiguration

    /// A task executor on the thread that waits for the responses of ``CurlTransport``'s
    /// direct path (Linux; one for the process). A call on that path from a task that prefers
    /// it resumes on the thread that read its response, where otherwise that thread wakes one
    /// of Swift's pool to carry the task on. It saves about a fifth of the client's CPU per
    /// small call (Docs/Benchmarks.md):
    ///
    /// ```swift
    /// try await withTaskExecutorPreference(DataAPIClient.ioExecutor) {
    ///     for request in requests { _ = try await client.executeStatement(request) }
    /// }
    /// ```
    ///
    /// Everything the task does between its calls (its child tasks and nonisolated code
    /// included) also runs on that thread and holds up every other response in the process
    /// meanwhile, as code on an event loop does: keep such tasks to making calls and light work
    /// between them. Work that runs in tasks of its own (a transaction's commit or rollback
    /// after its closure, a stream's prefetched page), a new connection's connect and
    /// proxied requests still cross threads. Elsewhere than Linux it is the global concurrent
    /// executor.
    public static var ioExecutor: any TaskExecutor {
        #if os(Linux)
        ReadinessLoop.shared
        #else
        globalConcurrentExecutor
        #endif
    }
    /// Where the client gets the credentials it signs with.
    public let credentialProvider: any AWSCredentialProvider
    /// The HTTP transport requests go through.
    public let transport: any HTTPTransport
    /// The logger for one debug line per call and the SQL at trace level (never parameter values).
    public let logger: Logger
    private let random: @Sendable () -> Double
    private let clock: @Sendable () -> Date
    private let profileSettings = ProfileSettingsCache()
    private let signingKeys = SigningKeyCache()
    /// Resolved (region, endpoint) by the resource ARN's region; configuration is immutable,
    /// so the answer for one ARN region never changes.
    private let targets = Mutex<[String: (region: String, endpoint: String)]>([:])
    /// The signing templates by region and URL (one per operation path in practice).
    private let signingTemplates = Mutex<[String: SigningTemplate]>([:])
    /// The metrics backend and tracer of `configuration.observability`, resolved once.
    package let observation: ClientObservation

    /// A client; share one per process.
    ///
    /// - Parameters:
    ///   - configuration: region, endpoint, transport limits and retry policy.
    ///   - credentialProvider: where credentials come from; the AWS SDKs' default chain when nil.
    ///   - transport: how HTTP is sent; a ``CurlTransport`` with `configuration.transport` when nil.
    ///   - logger: one debug line per call, the SQL at trace level; never parameter values.
    public convenience init(
        configuration: DataAPIClientConfiguration = .init(),
        credentialProvider: (any AWSCredentialProvider)? = nil,
        transport: (any HTTPTransport)? = nil,
        logger: Logger = Logger(label: "swift-data-api.client")
    ) {
        self.init(configuration: configuration, credentialProvider: credentialProvider, transport: transport,
                  logger: logger, random: { Double.random(in: 0...1) }, clock: { Date() })
    }

    init(
        configuration: DataAPIClientConfiguration, credentialProvider: (any AWSCredentialProvider)?,
        transport: (any HTTPTransport)?, logger: Logger,
        random: @escaping @Sendable () -> Double, clock: @escaping @Sendable () -> Date
    ) {
        let transport = transport ?? CurlTransport(configuration: configuration.transport)
        self.configuration = configuration
        self.transport = transport
        self.credentialProvider = credentialProvider
            ?? CredentialProviderChain.default(environment: configuration.environment, transport: transport)
        self.logger = logger
        self.random = random
        self.clock = clock
        observation = ClientObservation(configuration.observability)
    }

    // MARK: Operations

    /// Runs a SQL statement (`ExecuteStatement`).
    public func executeStatement(_ request: ExecuteStatementRequest) async throws -> ExecuteStatementResponse {
        try await send(request)
    }

    /// Runs a SQL statement once per parameter set (`BatchExecuteStatement`).
    public func batchExecuteStatement(
        _ request: BatchExecuteStatementRequest
    ) async throws -> BatchExecuteStatementResponse {
        try await send(request)
    }

    /// Starts a transaction (`BeginTransaction`).
    public func beginTransaction(_ request: BeginTransactionRequest) async throws -> BeginTransactionResponse {
        try await send(request)
    }

    /// Commits a transaction (`CommitTransaction`).
    public func commitTransaction(_ request: CommitTransactionRequest) async throws -> CommitTransactionResponse {
        try await send(request)
    }

    /// Rolls back a transaction (`RollbackTransaction`).
    public func rollbackTransaction(_ request: RollbackTransactionRequest) async throws -> RollbackTransactionResponse {
        try await send(request)
    }

    /// Runs SQL through the deprecated v1 operation (`ExecuteSql`).
    @available(*, deprecated, message: "AWS deprecated ExecuteSql; use executeStatement")
    public func executeSql(_ request: ExecuteSqlRequest) async throws -> ExecuteSqlResponse {
        try await send(request)
    }

    // MARK: The call chain: encode, resolve, sign, send, retry, log

    /// Sends any operation and decodes its response.
    public func send<Op: DataAPIOperation & Encodable>(_ operation: Op) async throws -> Op.Response {
        try await send(operation, retryPolicy: configuration.retryPolicy)
    }

    /// Sends any operation with its own retry policy instead of the configuration's.
    public func send<Op: DataAPIOperation & Encodable>(
        _ operation: Op,
        retryPolicy: RetryPolicy
    ) async throws -> Op.Response {
        if observation.isActive {
            return try await observed(operation, retryPolicy: retryPolicy, observation: observation)
        }
        return try await attempts(operation, retryPolicy: retryPolicy, probe: nil)
    }

    /// The retry loop; `probe`, when metrics or tracing are on, hears of every attempt.
    func attempts<Op: DataAPIOperation & Encodable>(_ operation: Op, retryPolicy: RetryPolicy,
                                                    probe: CallProbe?) async throws -> Op.Response {
        let name = Op.operationName
        let retryPolicy = Op.isIdempotent ? retryPolicy.withPossiblyExecutedRetries : retryPolicy
        let prepared = try await prepare(operation)
        if let sql = operation.loggedSQL { logger.trace("sql", metadata: ["operation": "\(name)", "sql": "\(sql)"]) }

        let started = ContinuousClock.now
        var attempt = 0
        var scheduleAttempt = 0
        var lastSchedule: RetryPolicy.Schedule?
        while true {
            attempt += 1
            let attemptStart = ContinuousClock.now
            do {
                try Task.checkCancellation()
                let request = try await sign(prepared)
                probe?.sending(prepared.body.count)
                let response = try await transport.send(request)
                probe?.received(response)
                logger.debug("data api call", metadata: [
                    "operation": "\(name)", "attempt": "\(attempt)", "status": "\(response.status)",
                    "duration_ms": "\((ContinuousClock.now - attemptStart).milliseconds)",
                    "bytes_out": "\(prepared.body.count)", "bytes_in": "\(response.body.count)",
                ])
                guard response.status == 200 else { throw DataAPIError.from(response: response, operation: name) }
                if let decoded = Self.fastDecoded(Op.Response.self, from: response.body) { return decoded }
                do { return try WireJSON.decoder.decode(Op.Response.self, from: Data(response.body)) } catch {
                    throw DataAPIClientError(code: .invalidResponse, message: "\(error)", operation: name)
                }
            } catch {
                if !(error is DataAPIError) {
                    logger.debug("data api call failed", metadata: [
                        "operation": "\(name)", "attempt": "\(attempt)", "error": "\(error)",
                        "duration_ms": "\((ContinuousClock.now - attemptStart).milliseconds)",
                    ])
                }
                guard let schedule = retryPolicy.schedule(for: error) else { throw error }
                if schedule != lastSchedule { lastSchedule = schedule; scheduleAttempt = 0 }
                scheduleAttempt += 1
                guard scheduleAttempt < schedule.maxAttempts else { throw error }
                let delay = RetryPolicy.delay(after: scheduleAttempt, schedule: schedule, random: random())
                guard ContinuousClock.now - started + delay < schedule.totalDeadline else { throw error }
                logger.debug("data api retry", metadata: [
                    "operation": "\(name)", "attempt": "\(attempt)", "delay_ms": "\(delay.milliseconds)",
                    "error": "\(error)",
                ])
                probe?.retrying(after: error, delay: delay)
                try await Task.sleep(for: delay)
            }
        }
    }

    /// The two hot response shapes read by the hand-written decoder (``ResponseJSON``), which builds
    /// the same values as `JSONDecoder`; nil for other shapes and for input it declines, which
    /// `JSONDecoder` then decodes (or rejects) as before.
    private static func fastDecoded<Response>(_: Response.Type, from body: [UInt8]) -> Response? {
        if Response.self == ExecuteStatementResponse.self {
            return (try? ResponseJSON.decode(body) as ExecuteStatementResponse) as? Response
        }
        if Response.self == BatchExecuteStatementResponse.self {
            return (try? ResponseJSON.decode(body) as BatchExecuteStatementResponse) as? Response
        }
        return nil
    }

    /// The exact HTTP request `send` would make for `operation` now: encoded, addressed
    /// and signed. Useful for debugging and dry runs; the request is not sent.
    public func signedRequest<Op: DataAPIOperation & Encodable>(for operation: Op) async throws -> HTTPRequest {
        try await sign(try await prepare(operation))
    }

    /// An encoded request with its URL and signing region; signed anew for every attempt.
    private struct Prepared: Sendable {
        var url: String
        var body: [UInt8]
        var region: String
    }

    private func prepare<Op: DataAPIOperation & Encodable>(_ operation: Op) async throws -> Prepared {
        let body: [UInt8]
        // The two hot shapes have a hand-written writer with the same bytes (RequestJSON).
        if let r = operation as? ExecuteStatementRequest {
            body = try RequestJSON.encode(r)
        } else if let r = operation as? BatchExecuteStatementRequest {
            body = try RequestJSON.encode(r)
        } else if let r = operation as? EncodedBatchExecuteStatementRequest {
            body = try RequestJSON.encode(r)
        } else {
            do { body = Array(try WireJSON.encoder.encode(operation)) } catch {
                throw DataAPIClientError(code: .invalidRequest, message: "\(error)", operation: Op.operationName)
            }
        }
        let target = try await resolveTarget(resourceArn: operation.targetResourceArn, operation: Op.operationName)
        return Prepared(url: target.endpoint + Op.requestPath, body: body, region: target.region)
    }

    private func sign(_ p: Prepared) async throws -> HTTPRequest {
        let credentials = try await credentialProvider.credentials()
        // What depends only on the URL and region is prepared once per client (SigningTemplate);
        // a URL the signer cannot sign is a `SigningError` (its own domain, not the endpoint's).
        let templateKey = p.region + " " + p.url
        let template: SigningTemplate
        if let hit = signingTemplates.withLock({ $0[templateKey] }) {
            template = hit
        } else {
            template = try SigningTemplate(url: p.url, region: p.region, service: "rds-data")
            signingTemplates.withLock { $0[templateKey] = template }
        }
        var headers: [(name: String, value: String)] = [
            ("Content-Type", SigningTemplate.contentType), ("User-Agent", configuration.userAgent),
        ]
        headers += template.sign(body: p.body, credentials: credentials, date: clock(), keyCache: signingKeys)
        return HTTPRequest(method: "POST", url: p.url, headers: headers, body: p.body)
    }

    /// The region and endpoint for a request to `resourceArn`.
    public func resolveTarget(
        resourceArn: String?,
        operation: String? = nil
    ) async throws -> (region: String, endpoint: String) {
        // Keyed by the ARN as given: parsing it on every call cost more than the lookup.
        let cacheKey = resourceArn ?? ""
        if let hit = targets.withLock({ $0[cacheKey] }) { return hit }
        let resolved = try await resolveTargetUncached(resourceArn: resourceArn, operation: operation)
        targets.withLock { map in
            // A client addresses a few clusters; a caller cycling through many ARNs must not
            // grow the cache without bound.
            if map.count >= 256 { map.removeAll() }
            map[cacheKey] = resolved
        }
        return resolved
    }

    private func resolveTargetUncached(
        resourceArn: String?,
        operation: String?
    ) async throws -> (region: String, endpoint: String) {
        let env = configuration.environment
        var profile: SharedConfig?
        func loadProfile() async throws -> SharedConfig? {
            if profile == nil {
                profile = try await profileSettings.get(profile: configuration.profile, environment: env)
            }
            return profile
        }
        var region = EndpointResolution.region(
            explicit: configuration.region,
            resourceArn: resourceArn,
            environment: env,
            profileRegion: nil
        )
        if region == nil { region = try await loadProfile()?.settings["region"] }
        guard let region, !region.isEmpty else {
            throw DataAPIClientError(
                code: .missingRegion,
                message: "no region: set DataAPIClientConfiguration.region, use a resource ARN with a region, "
                    + "or set AWS_REGION",
                operation: operation
            )
        }
        var override = EndpointResolution.override(
            explicit: configuration.endpoint,
            environment: env,
            profileEndpoint: nil
        )
        if override == nil { override = try await loadProfile()?.settings["endpoint_url"] }
        var endpoint = override ?? EndpointResolution.serviceEndpoint(
            region: region,
            useFIPS: configuration.useFIPS,
            useDualStack: configuration.useDualStack
        )
        while endpoint.last == "/" { endpoint.removeLast() }
        guard (try? URLParts(endpoint)) != nil else {
            throw DataAPIClientError(
                code: .invalidEndpoint,
                message: "endpoint '\(endpoint)' is not an absolute http(s) URL",
                operation: operation
            )
        }
        return (region, endpoint)
    }
}

/// Reads the shared config profile once per client.
private actor ProfileSettingsCache {
    private var loaded = false
    private var value: SharedConfig?
    func get(profile: String?, environment: [String: String]) async throws -> SharedConfig? {
        if !loaded { value = try await SharedConfig.load(profile: profile, environment: environment); loaded = true }
        return value
    }
}

/// The JSON coders for the wire format.
public enum WireJSON {
    /// Encodes requests as compact JSON with sorted keys and unescaped slashes, so equal requests give equal bytes.
    public static var encoder: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return e
    }
    /// Decodes responses.
    public static var decoder: JSONDecoder { JSONDecoder() }
}
