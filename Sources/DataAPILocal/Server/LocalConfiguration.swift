import DataAPIClient
import Foundation

/// Configuration of a local Data API server.
public struct DataAPILocalConfiguration: Sendable {
    /// A cluster the server answers for: its engine and the database used when a request names none.
    public struct Cluster: Sendable {
        /// The database that serves the cluster.
        public var engine: any LocalDatabaseEngine
        /// The database for requests that name none; nil uses the engine's default.
        public var defaultDatabase: String?
        /// A cluster served by `engine`.
        public init(engine: any LocalDatabaseEngine, defaultDatabase: String? = nil) {
            self.engine = engine
            self.defaultDatabase = defaultDatabase
        }
    }

    /// A secret: the database user and password it holds.
    public struct Secret: Sendable, Hashable {
        /// The database user.
        public var username: String
        /// The database user's password.
        public var password: String
        /// A secret holding `username` and `password`.
        public init(username: String, password: String) {
            self.username = username
            self.password = password
        }
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
        /// A request body's size (the service's 4 MiB).
        public var maxRequestBytes = 4 << 20
        /// The `sql` member's length in UTF-16 code units (the service's 65,536).
        public var maxSQLCharacters = 65_536
        /// A result's size (the service's 1 MiB); past it, `UnsupportedResultException`.
        public var maxResultBytes = 1 << 20
        /// One row's size (64 KiB); past it, `UnsupportedResultException`.
        public var maxRowBytes = 64 * 1024
        /// The `formattedRecords` JSON of one result (the service's 10 MB).
        public var maxFormattedJSONBytes = 10 * 1_000_000
        /// How long a statement may run (the service's 45 s).
        public var statementTimeout: Duration = .seconds(45)
        /// How long a transaction may sit unused (the service's 3 minutes).
        public var transactionIdleTimeout: Duration = .seconds(180)
        /// How long a transaction may live (the service's 24 hours).
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
        /// The Data API's own limits.
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
        /// No faults.
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
    /// The clusters served, by resource ARN.
    public var clusters: [String: Cluster] = [:]
    /// The secrets accepted, by secret ARN.
    public var secrets: [String: Secret] = [:]
    /// How requests are authenticated; SigV4 with the default key pair unless set.
    public var authentication: Authentication = .sigV4(
        accessKeyId: DataAPILocalConfiguration.defaultAccessKeyId,
        secretAccessKey: DataAPILocalConfiguration.defaultSecretAccessKey)
    /// Answer the deprecated `ExecuteSql` as Aurora Serverless v2 does (an error).
    public var strictV2 = false
    /// The service's limits.
    public var limits = Limits()
    /// Faults to inject; none by default.
    public var faults = Faults()
    /// Serve the server's own request metrics in Prometheus's text format at `GET /metrics`
    /// on the same listener (`--metrics`): requests, errors by AWS exception code and latency
    /// per operation, and open transactions. Off by default; off, nothing is recorded and
    /// `GET /metrics` is refused like any other `GET`.
    public var exposesMetrics = false

    /// A configuration with every property at the default documented above.
    public init() {}

    /// The ARNs users of the older Docker-based local Data API already have configured.
    public static let defaultClusterArn = "arn:aws:rds:us-east-1:123456789012:cluster:dummy"
    /// The secret ARN served by default (the older emulator's).
    public static let defaultSecretArn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:dummy"
    /// The default key pair requests must be signed with (AWS's documentation example keys).
    public static let defaultAccessKeyId = "AKIAIOSFODNN7EXAMPLE"
    /// The secret access key of the default key pair (AWS's documentation example).
    public static let defaultSecretAccessKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
}
