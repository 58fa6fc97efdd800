import ArgumentParser
import DataAPILocal
import Dispatch
import Foundation
import Logging

@main
struct DataAPILocalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data-api-local",
        abstract: "A local Amazon RDS Data API backed by a real PostgreSQL or MySQL/MariaDB.",
        discussion: """
        Without --postgres-url or --mysql-url it creates an ephemeral PostgreSQL (or, with --engine mysql, MariaDB) \
        from the installed binaries in a temporary directory and removes it on exit. Requests must be signed with SigV4 using --access-key-id and \
        --secret-access-key (defaults: \(DataAPILocalConfiguration.defaultAccessKeyId) / \(DataAPILocalConfiguration.defaultSecretAccessKey)) \
        unless --no-auth is given.
        """)

    @Option(help: "Address to bind.") var host = "127.0.0.1"
    @Option(help: "Port to bind; 0 picks a free one.") var port = 8080
    @Option(help: "The ephemeral server's engine: postgresql or mysql.") var engine: EngineName = .postgresql
    @Option(help: "An existing PostgreSQL server, postgres://user:password@host:port/database.") var postgresURL: String?
    @Option(help: "An existing MySQL or MariaDB server, mysql://user:password@host:port/database.") var mysqlURL: String?
    @Option(help: "A JSON file with clusters and secrets: {\"clusters\": [{\"arn\": …, \"url\": \"postgres://… or mysql://…\"}], \"secrets\": [{\"arn\": …, \"username\": …, \"password\": …}]}.")
    var config: String?
    @Option(help: "The cluster ARN to answer for.") var clusterArn = DataAPILocalConfiguration.defaultClusterArn
    @Option(help: "The secret ARN to accept.") var secretArn = DataAPILocalConfiguration.defaultSecretArn
    @Option(help: "Access key id requests must be signed with.") var accessKeyId = DataAPILocalConfiguration.defaultAccessKeyId
    @Option(help: "Secret access key requests must be signed with.") var secretAccessKey = DataAPILocalConfiguration.defaultSecretAccessKey
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
    @Option(help: "Transaction idle timeout in seconds (the service's is 180).") var transactionIdleTimeout: Double = 180
    @Option(help: "Transaction lifetime in seconds (the service's is 86400).") var transactionLifetime: Double = 86400
    @Option(help: "Transactions open at once; BeginTransaction beyond it is refused.") var maxTransactions = 64
    @Option(help: "Latency added to every request, in milliseconds.") var latencyMs: Int = 0
    @Option(help: "Simulate an auto-paused cluster: DatabaseResumingException until this many seconds after the first call.") var autoPauseSeconds: Double?
    @Option(help: "Share of requests (0-1) answered with a 5xx error.") var serverErrorRate: Double = 0
    @Option(help: "Log level: trace, debug, info, warning, error.") var logLevel = "info"

    func validate() throws {
        guard maxConnections > 0 else { throw ValidationError("--max-connections must be at least 1") }
        guard maxBufferedRequestMib > 0 else { throw ValidationError("--max-buffered-request-mib must be at least 1") }
    }

    func run() async throws {
        var logger = Logger(label: "data-api-local")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let configure: (inout DataAPILocalConfiguration) -> Void = { c in
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
        }
        let server: DataAPILocalServer
        if postgresURL != nil && mysqlURL != nil { throw ValidationError("give --postgres-url or --mysql-url, not both") }
        if config != nil || postgresURL != nil || mysqlURL != nil {
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
                    guard let text = cluster.url ?? cluster.postgresURL else { throw ValidationError("cluster \(cluster.arn) in \(config) has no url") }
                    let engine = try DatabaseURL(text).engine(statementTimeout: timeout, logger: logger)
                    engines.append(engine)
                    c.clusters[cluster.arn] = .init(engine: engine)
                }
                for s in file.secrets { c.secrets[s.arn] = .init(username: s.username, password: s.password) }
            }
            let all = engines
            server = try await DataAPILocalServer.start(configuration: c, logger: logger) { for e in all { await e.shutdown() } }
        } else {
            switch engine {
            case .postgresql: server = try await DataAPILocalServer.startWithEphemeralPostgres(logger: logger, configure: configure)
            case .mysql: server = try await DataAPILocalServer.startWithEphemeralMySQL(logger: logger, configure: configure)
            }
            if clusterArn != DataAPILocalConfiguration.defaultClusterArn || secretArn != DataAPILocalConfiguration.defaultSecretArn {
                logger.warning("--cluster-arn and --secret-arn apply with --postgres-url, --mysql-url or --config; the ephemeral server answers the default ARNs")
            }
        }
        FileHandle.standardOutput.write(Data("listening on \(server.endpoint)\n".utf8))
        await waitForSignal()
        logger.info("stopping")
        await server.stop()
    }

    func waitForSignal() async {
        await withCheckedContinuation { (cont: CheckedContinuation<Void, Never>) in
            let once = OnceFlag()
            var sources: [DispatchSourceSignal] = []
            for sig in [SIGINT, SIGTERM] {
                signal(sig, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
                source.setEventHandler { if once.take() { cont.resume() } }
                source.resume()
                sources.append(source)
            }
            SignalSources.keep(sources)
        }
    }
}

final class OnceFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var done = false
    func take() -> Bool { lock.withLock { defer { done = true }; return !done } }
}

enum SignalSources {
    nonisolated(unsafe) static var kept: [DispatchSourceSignal] = []
    static func keep(_ s: [DispatchSourceSignal]) { kept = s }
}

enum EngineName: String, ExpressibleByArgument, Sendable { case postgresql, mysql }

/// `postgres://user:password@host:port/database` or `mysql://…`.
struct DatabaseURL {
    var isMySQL: Bool, host: String, port: Int, user: String, password: String, database: String?
    init(_ text: String) throws {
        guard let c = URLComponents(string: text), let scheme = c.scheme, ["postgres", "postgresql", "mysql", "mariadb"].contains(scheme),
              let host = c.host else {
            throw ValidationError("a database URL must look like postgres://user:password@host:port/database or mysql://user:password@host:port/database")
        }
        isMySQL = scheme == "mysql" || scheme == "mariadb"
        self.host = host; port = c.port ?? (isMySQL ? 3306 : 5432); user = c.user ?? (isMySQL ? "root" : "postgres"); password = c.password ?? ""
        let db = c.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        database = db.isEmpty ? (isMySQL ? nil : "postgres") : db
    }

    func engine(statementTimeout: Duration, logger: Logger) -> any LocalDatabaseEngine {
        if isMySQL {
            return MySQLEngine(host: host, port: port, defaultDatabase: database, statementTimeout: statementTimeout, logger: logger)
        }
        return PostgresEngine(host: host, port: port, defaultDatabase: database ?? "postgres", statementTimeout: statementTimeout, logger: logger)
    }
}

struct ConfigFile: Decodable {
    struct Cluster: Decodable { var arn: String; var url: String?; var postgresURL: String? }
    struct Secret: Decodable { var arn: String; var username: String; var password: String }
    var clusters: [Cluster]
    var secrets: [Secret]
    static func load(_ path: String) throws -> ConfigFile {
        try JSONDecoder().decode(ConfigFile.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }
}
