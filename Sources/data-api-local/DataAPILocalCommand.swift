import ArgumentParser
import DataAPILocal
import Foundation
import Logging

@main
struct DataAPILocalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data-api-local",
        abstract: "A local Amazon RDS Data API backed by a real PostgreSQL or MySQL/MariaDB.",
        discussion: """
        Without --postgres-url or --mysql-url it creates an ephemeral PostgreSQL (or, with --engine mysql, \
        MariaDB) from the installed binaries in a temporary directory and removes it on exit. Requests must be \
        signed with SigV4 using --access-key-id and --secret-access-key (defaults: \
        \(DataAPILocalConfiguration.defaultAccessKeyId) / \(DataAPILocalConfiguration.defaultSecretAccessKey)) \
        unless --no-auth is given. With --metrics, GET /metrics on the same port answers the server's request \
        metrics in Prometheus text format (see Docs/LocalServer.md).
        """)

    @Option(help: "Address to bind.") var host = "127.0.0.1"
    @Option(help: "Port to bind; 0 picks a free one.") var port = 8080
    @Option(help: "The ephemeral server's engine: postgresql or mysql.") var engine: EngineName = .postgresql
    @Option(help: "An existing PostgreSQL server, postgres://user:password@host:port/database.")
    var postgresURL: String?
    @Option(help: "An existing MySQL or MariaDB server, mysql://user:password@host:port/database.")
    var mysqlURL: String?
    @Option(help: ArgumentHelp("A JSON file with clusters and secrets: {\"clusters\": [{\"arn\": …, \"url\": "
                               + "\"postgres://… or mysql://…\"}], \"secrets\": [{\"arn\": …, \"username\": …, "
                               + "\"password\": …}]}."))
    var config: String?
    @Option(help: "The cluster ARN to answer for.") var clusterArn = DataAPILocalConfiguration.defaultClusterArn
    @Option(help: "The secret ARN to accept.") var secretArn = DataAPILocalConfiguration.defaultSecretArn
    @Option(help: "Access key id requests must be signed with.")
    var accessKeyId = DataAPILocalConfiguration.defaultAccessKeyId
    @Option(help: "Secret access key requests must be signed with.")
    var secretAccessKey = DataAPILocalConfiguration.defaultSecretAccessKey
    @Flag(help: "Do not verify request signatures.") var noAuth = false
    @Option(name: .customLong("allowed-host"),
            help: ArgumentHelp("A Host name to answer besides localhost, 127.0.0.1, [::1] and --host; name:port "
                               + "allows that port only. Repeatable."))
    var allowedHosts: [String] = []
    @Option(help: "Open connections served at once; more are answered ThrottlingException (429) and closed.")
    var maxConnections = DataAPILocalConfiguration.Limits().maxConnections
    @Option(help: ArgumentHelp("MiB of request bodies held in memory at once; a request past it is answered "
                               + "ThrottlingException (429)."))
    var maxBufferedRequestMib = DataAPILocalConfiguration.Limits().maxBufferedRequestBytes >> 20
    @Flag(help: "Answer the deprecated ExecuteSql as Aurora Serverless v2 does (an error).") var strictV2 = false
    @Option(help: "Statement timeout in seconds (the service's is 45).") var statementTimeout: Double = 45
    @Option(help: "Transaction idle timeout in seconds (the service's is 180).")
    var transactionIdleTimeout: Double = 180
    @Option(help: "Transaction lifetime in seconds (the service's is 86400).") var transactionLifetime: Double = 86400
    @Option(help: "Transactions open at once; BeginTransaction beyond it is refused.") var maxTransactions = 64
    @Option(help: "Latency added to every request, in milliseconds.") var latencyMs: Int = 0
    @Option(help: ArgumentHelp("Simulate an auto-paused cluster: DatabaseResumingException until this many seconds "
                               + "after the first call."))
    var autoPauseSeconds: Double?
    @Option(help: "Share of requests (0-1) answered with a 5xx error.") var serverErrorRate: Double = 0
    @Flag(help: ArgumentHelp("Serve the server's own request metrics (requests, errors by exception code and latency "
                             + "per operation; open transactions) in Prometheus text format at GET /metrics on the "
                             + "same port, unsigned. Off by default."))
    var metrics = false
    @Option(help: "Log level: trace, debug, info, warning, error.") var logLevel = "info"

    func validate() throws {
        guard maxConnections > 0 else { throw ValidationError("--max-connections must be at least 1") }
        guard maxBufferedRequestMib > 0 else { throw ValidationError("--max-buffered-request-mib must be at least 1") }
    }

    /// The options as a configuration, before clusters and secrets.
    func configure(_ c: inout DataAPILocalConfiguration) {
        c.host = host
        c.port = port
        c.authentication = noAuth ? .none : .sigV4(accessKeyId: accessKeyId, secretAccessKey: secretAccessKey)
        c.allowedHosts = allowedHosts
        c.limits.maxConnections = maxConnections
        c.limits.maxBufferedRequestBytes = maxBufferedRequestMib << 20
        c.strictV2 = strictV2
        c.limits.statementTimeout = .milliseconds(Int64(statementTimeout * 1000))
        c.limits.transactionIdleTimeout = .milliseconds(Int64(transactionIdleTimeout * 1000))
        c.limits.transactionLifetime = .milliseconds(Int64(transactionLifetime * 1000))
        c.limits.maxOpenTransactions = maxTransactions
        c.faults.latency = .milliseconds(latencyMs)
        c.faults.autoPauseResume = autoPauseSeconds.map { .milliseconds(Int64($0 * 1000)) }
        c.faults.serverErrorRate = serverErrorRate
        c.exposesMetrics = metrics
    }

    func run() async throws {
        var logger = Logger(label: "data-api-local")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        if postgresURL != nil && mysqlURL != nil {
            throw ValidationError("give --postgres-url or --mysql-url, not both")
        }
        let server: DataAPILocalServer
        if config != nil || postgresURL != nil || mysqlURL != nil {
            server = try await startOnExistingServers(logger: logger)
        } else {
            switch engine {
            case .postgresql:
                server = try await DataAPILocalServer.startWithEphemeralPostgres(logger: logger, configure: configure)
            case .mysql:
                server = try await DataAPILocalServer.startWithEphemeralMySQL(logger: logger, configure: configure)
            }
            if clusterArn != DataAPILocalConfiguration.defaultClusterArn
                || secretArn != DataAPILocalConfiguration.defaultSecretArn {
                logger.warning("""
                    --cluster-arn and --secret-arn apply with --postgres-url, --mysql-url or --config; \
                    the ephemeral server answers the default ARNs
                    """)
            }
        }
        FileHandle.standardOutput.write(Data("listening on \(server.endpoint)\n".utf8))
        await SignalWaiter.waitForInterruptOrTermination()
        logger.info("stopping")
        await server.stop()
    }

    /// Serves `--postgres-url`, `--mysql-url` and the clusters of `--config`.
    func startOnExistingServers(logger: Logger) async throws -> DataAPILocalServer {
        var c = DataAPILocalConfiguration()
        configure(&c)
        var engines: [any LocalDatabaseEngine] = []
        let timeout = c.limits.statementTimeout
        if let text = postgresURL ?? mysqlURL {
            let url = try DatabaseURL(text)
            let engine = url.engine(statementTimeout: timeout, logger: logger)
            engines.append(engine)
            c.clusters[clusterArn] = .init(engine: engine)
            c.secrets[secretArn] = .init(username: url.user, password: url.password)
        }
        if let config {
            let file = try ConfigFile.load(config)
            for cluster in file.clusters {
                guard let text = cluster.url ?? cluster.postgresURL else {
                    throw ValidationError("cluster \(cluster.arn) in \(config) has no url")
                }
                let engine = try DatabaseURL(text).engine(statementTimeout: timeout, logger: logger)
                engines.append(engine)
                c.clusters[cluster.arn] = .init(engine: engine)
            }
            for s in file.secrets { c.secrets[s.arn] = .init(username: s.username, password: s.password) }
        }
        let all = engines
        return try await DataAPILocalServer.start(configuration: c, logger: logger) {
            for e in all { await e.shutdown() }
        }
    }
}

enum EngineName: String, ExpressibleByArgument, Sendable { case postgresql, mysql }
