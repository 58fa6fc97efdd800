import DataAPIClient
import Foundation

/// Configuration of a local Data API server.
public struct DataAPILocalConfiguration: Sendable {
    /// A cluster the server answers for: its engine and the database used when a request names none.
    public struct Cluster: Sendable {
        public var engine: any LocalDatabaseEngine
        public var defaultDatabase: String?
        public init(engine: any LocalDatabaseEngine, defaultDatabase: String? = nil) {
            self.engine = engine; self.defaultDatabase = defaultDatabase
        }
    }

    /// A secret: the database user and password it holds.
    public struct Secret: Sendable, Hashable {
        public var username: String
        public var password: String
        public init(username: String, password: String) { self.username = username; self.password = password }
    }

    /// Request authentication.
    public enum Authentication: Sendable, Hashable {
        /// Verify SigV4 signatures made with this key pair; reject requests whose
        /// `X-Amz-Date` is further than `maxClockSkew` from now.
        case sigV4(accessKeyId: String, secretAccessKey: String, maxClockSkew: Duration = .seconds(300))
        /// Accept every request (`--no-auth`).
        case none
    }

    /// The service's limits; tests shrink them.
    public struct Limits: Sendable, Hashable {
        public var maxRequestBytes = 4 << 20
        public var maxSQLCharacters = 65_536
        public var maxResultBytes = 1 << 20
        public var maxRowBytes = 64 * 1024
        public var maxFormattedJSONBytes = 10 * 1_000_000
        public var statementTimeout: Duration = .seconds(45)
        public var transactionIdleTimeout: Duration = .seconds(180)
        public var transactionLifetime: Duration = .seconds(24 * 3600)
        /// Transactions open at once. Each holds a database connection of its own; beyond this
        /// many, BeginTransaction is refused (`BadRequestException`), so that the database keeps
        /// connections for autocommit calls.
        public var maxOpenTransactions = 64
        /// An HTTP connection with no traffic for this long is closed (slow or vanished clients).
        public var connectionIdleTimeout: Duration = .seconds(60)
        /// Open HTTP connections the server serves at once. A connection beyond it is answered
        /// `ThrottlingException` (429) at its first request and closed.
        public var maxConnections = 256
        /// Request bodies held in memory at once, summed over all connections. A request whose
        /// body would take the total past it is answered `ThrottlingException` (429) and its
        /// connection closed; a body's bytes count from its `Content-Length`, or as they arrive.
        public var maxBufferedRequestBytes = 64 << 20
        public init() {}
    }

    /// Faults to inject, all off by default.
    public struct Faults: Sendable, Hashable {
        /// Added to every request before it is handled.
        public var latency: Duration = .zero
        /// When set, every call fails with `DatabaseResumingException` until this long after
        /// the first call, as an auto-paused Aurora Serverless v2 cluster does.
        public var autoPauseResume: Duration?
        /// The share of requests (0…1) answered with a 5xx (`ServiceUnavailableError` or
        /// `InternalServerErrorException`, alternately).
        public var serverErrorRate: Double = 0
        public init() {}
    }

    /// Address to bind; loopback by default.
    public var host = "127.0.0.1"
    /// Port; 0 picks a free one.
    public var port = 0
    /// Host names (`Host` header values) the server answers besides the loopback names
    /// `localhost`, `127.0.0.1` and `[::1]` and the bound `host`: a name alone allows it with
    /// any port, `name:port` with that port only. Any other `Host` is refused
    /// (`BadRequestException`, 400), so that a web page cannot reach the server through a
    /// DNS name rebound to loopback.
    public var allowedHosts: [String] = []
    public var clusters: [String: Cluster] = [:]
    public var secrets: [String: Secret] = [:]
    public var authentication: Authentication = .sigV4(accessKeyId: DataAPILocalConfiguration.defaultAccessKeyId,
                                                        secretAccessKey: DataAPILocalConfiguration.defaultSecretAccessKey)
    /// Answer the deprecated `ExecuteSql` as Aurora Serverless v2 does (an error).
    public var strictV2 = false
    public var limits = Limits()
    public var faults = Faults()

    public init() {}

    /// The ARNs users of the older Docker-based local Data API already have configured.
    public static let defaultClusterArn = "arn:aws:rds:us-east-1:123456789012:cluster:dummy"
    public static let defaultSecretArn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:dummy"
    /// The default key pair requests must be signed with (AWS's documentation example keys).
    public static let defaultAccessKeyId = "AKIAIOSFODNN7EXAMPLE"
    public static let defaultSecretAccessKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
}
