import DataAPIClient
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import ServiceLifecycle
import NIOCore
import Synchronization

/// A local RDS Data API: an HTTP/1.1 server on loopback speaking the Data API protocol,
/// backed by real databases.
///
/// ```swift
/// let server = try await DataAPILocalServer.startWithEphemeralPostgres()
/// let client = DataAPIClient(
///     configuration: .init(region: "us-east-1", endpoint: server.endpoint),
///     credentialProvider: StaticCredentialProvider(
///         accessKeyId: DataAPILocalConfiguration.defaultAccessKeyId,
///         secretAccessKey: DataAPILocalConfiguration.defaultSecretAccessKey))
/// defer { Task { await server.stop() } }
/// ```
public final class DataAPILocalServer: Sendable {
    /// The operations behind the HTTP front door.
    public let api: LocalDataAPI
    /// The bound port.
    public let port: Int
    /// The bound address.
    public let host: String
    /// The connection and request-byte counts the front door admits by (tests read them).
    let gate: FrontDoorGate
    private let serverTask: Task<Void, Error>
    private let group: ServiceGroup
    private let reaper: Task<Void, Never>
    private let cleanup: @Sendable () async -> Void
    private let stopped = Mutex(false)

    /// `http://HOST:PORT`
    public var endpoint: String { "http://\(host):\(port)" }

    /// A client for this server: its endpoint, region `us-east-1`, and the default key pair
    /// (``DataAPILocalConfiguration/defaultAccessKeyId``), ignoring the process environment.
    public func makeClient(retryPolicy: RetryPolicy = .default) -> DataAPIClient {
        DataAPIClient(
            configuration: .init(region: "us-east-1", endpoint: endpoint, retryPolicy: retryPolicy, environment: [:]),
            credentialProvider: StaticCredentialProvider(
                accessKeyId: DataAPILocalConfiguration.defaultAccessKeyId,
                secretAccessKey: DataAPILocalConfiguration.defaultSecretAccessKey))
    }

    private init(
        api: LocalDataAPI, port: Int, host: String, gate: FrontDoorGate, group: ServiceGroup,
        serverTask: Task<Void, Error>, reaper: Task<Void, Never>,
        cleanup: @escaping @Sendable () async -> Void
    ) {
        self.api = api
        self.gate = gate
        self.port = port
        self.host = host
        self.group = group
        self.serverTask = serverTask
        self.reaper = reaper
        self.cleanup = cleanup
    }

    /// Starts serving `configuration`; `cleanup` runs after the server stopped (engines, databases).
    public static func start(
        configuration: DataAPILocalConfiguration, logger: Logger = Logger(label: "data-api-local"),
        cleanup: @escaping @Sendable () async -> Void = {}
    ) async throws -> DataAPILocalServer {
        let api = LocalDataAPI(configuration: configuration, logger: logger)
        let limits = configuration.limits
        let gate = FrontDoorGate(
            maxConnections: limits.maxConnections,
            maxBufferedBytes: limits.maxBufferedRequestBytes)
        let responder = DataAPIResponder(
            api: api, configuration: configuration, gate: gate,
            metrics: configuration.exposesMetrics ? LocalServerMetrics() : nil)
        let (portStream, portContinuation) = AsyncStream.makeStream(of: Int.self)
        var serverLogger = logger
        serverLogger.logLevel = logger.logLevel <= .debug ? logger.logLevel : .warning
        let app = Application(
            responder: responder,
            server: .frontDoor(
                policy: FrontDoorPolicy(configuration: configuration), gate: gate,
                idleTimeout: limits.connectionIdleTimeout),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            },
            logger: serverLogger)
        let group = ServiceGroup(
            configuration: .init(services: [app], gracefulShutdownSignals: [], logger: serverLogger))
        let serverTask = Task {
            // A server that cannot bind never reports a port: ending the stream lets `start` see it.
            defer { portContinuation.finish() }
            try await group.run()
        }
        var port = 0
        for await p in portStream { port = p }
        if port == 0 {
            // The server task ended with the bind error, or the caller was cancelled while the
            // listener started: cancelling a task that already ended is harmless, and a running
            // one would otherwise keep `start` waiting and the port bound.
            var reason = "the listener did not start"
            serverTask.cancel()
            do { try await serverTask.value } catch { reason = Self.describeBindFailure(error) }
            await cleanup()
            throw LocalServerStartupError.cannotBind(host: configuration.host, port: configuration.port, reason: reason)
        }
        let reaper = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(500))
                await api.reapTransactions()
            }
        }
        return DataAPILocalServer(
            api: api, port: port, host: configuration.host, gate: gate, group: group, serverTask: serverTask,
            reaper: reaper, cleanup: cleanup)
    }

    /// The operating system's words for a bind failure (`bind(…): Address already in use (errno: 98)`).
    static func describeBindFailure(_ error: any Error) -> String {
        (error as? IOError)?.description ?? String(describing: error)
    }

    /// Starts an ephemeral PostgreSQL (removed again by `stop()`) and serves it under the
    /// default cluster and secret ARNs, after `configure` had its say.
    public static func startWithEphemeralPostgres(
        logger: Logger = Logger(label: "data-api-local"),
        configure: (inout DataAPILocalConfiguration) -> Void = { _ in }
    ) async throws -> DataAPILocalServer {
        let postgres = try await EphemeralPostgres.start(logger: logger)
        logger.info(
            "ephemeral PostgreSQL started",
            metadata: ["directory": "\(postgres.directory)", "port": "\(postgres.port)"])
        return try await serveDatabase(
            user: postgres.user, password: postgres.password, logger: logger, configure: configure,
            stopDatabase: { await postgres.stop() }
        ) { limits in
            PostgresEngine(
                host: "127.0.0.1", port: postgres.port, statementTimeout: limits.statementTimeout, logger: logger)
        }
    }

    /// Starts an ephemeral MariaDB (removed again by `stop()`) and serves it, as an Aurora
    /// MySQL cluster, under the default cluster and secret ARNs, after `configure` had its say.
    /// Requests that name no database use `test`.
    public static func startWithEphemeralMySQL(
        logger: Logger = Logger(label: "data-api-local"),
        configure: (inout DataAPILocalConfiguration) -> Void = { _ in }
    ) async throws -> DataAPILocalServer {
        let mariaDB = try await EphemeralMariaDB.start(logger: logger)
        logger.info(
            "ephemeral MariaDB started", metadata: ["directory": "\(mariaDB.directory)", "port": "\(mariaDB.port)"])
        return try await serveDatabase(
            user: mariaDB.user, password: mariaDB.password, logger: logger, configure: configure,
            stopDatabase: { await mariaDB.stop() }
        ) { limits in
            MySQLEngine(
                host: "127.0.0.1", port: mariaDB.port, defaultDatabase: mariaDB.database,
                statementTimeout: limits.statementTimeout, logger: logger)
        }
    }

    /// Serves a database this server owns under the default ARNs (unless `configure` set its
    /// own); the engine and then the database stop with the server, or at once if it fails to start.
    private static func serveDatabase(
        user: String, password: String, logger: Logger, configure: (inout DataAPILocalConfiguration) -> Void,
        stopDatabase: @escaping @Sendable () async -> Void,
        engine makeEngine: (DataAPILocalConfiguration.Limits) -> any LocalDatabaseEngine
    ) async throws -> DataAPILocalServer {
        var configuration = DataAPILocalConfiguration()
        configure(&configuration)
        let engine = makeEngine(configuration.limits)
        if configuration.clusters.isEmpty {
            configuration.clusters[DataAPILocalConfiguration.defaultClusterArn] = .init(engine: engine)
        }
        if configuration.secrets.isEmpty {
            configuration.secrets[DataAPILocalConfiguration.defaultSecretArn] = .init(
                username: user, password: password)
        }
        // `start` runs the cleanup itself when it cannot bind.
        return try await start(configuration: configuration, logger: logger) {
            await engine.shutdown()
            await stopDatabase()
        }
    }

    /// Cancels running statements (their callers get an answer at once), stops serving, rolls
    /// back open transactions and runs the cleanup.
    public func stop() async {
        guard
            stopped.withLock({ s in
                defer { s = true }; return !s
            })
        else { return }
        reaper.cancel()
        await api.beginShutdown()
        await group.triggerGracefulShutdown()
        _ = try? await serverTask.value
        await api.shutdown()
        await cleanup()
    }

    /// Serves until the task is cancelled, then stops.
    public func run() async {
        await withTaskCancellationHandler {
            while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
        } onCancel: {
        }
        await stop()
    }
}
