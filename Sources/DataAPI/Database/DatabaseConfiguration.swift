import Foundation

/// Which cluster, secret and database a ``Database`` talks to, and how values are read.
public struct DatabaseConfiguration: Sendable, Hashable {
    /// The Aurora cluster's ARN (`arn:aws:rds:us-east-1:123456789012:cluster:prod`).
    public var resourceArn: String
    /// The Secrets Manager secret holding the database user's credentials.
    public var secretArn: String
    /// The database to run statements in; nil uses the secret's default.
    public var database: String?
    /// The cluster's engine, which decides the SQL dialect.
    public var engine: DatabaseEngine
    /// The region; nil takes it from the resource ARN.
    public var region: String?
    /// An endpoint URL instead of the regional one (`http://127.0.0.1:8080` for
    /// `data-api-local`); nil uses `AWS_ENDPOINT_URL_RDS_DATA`, `AWS_ENDPOINT_URL`, the
    /// profile's `endpoint_url`, then `https://rds-data.{region}.amazonaws.com`.
    public var endpoint: String?
    /// The time zone of values without one: `timestamp` (PostgreSQL), `DATETIME` (MySQL),
    /// `date` and `time` columns are written and read as wall-clock values in this zone.
    /// `timestamptz` is always UTC. UTC by default, so a `Date` round-trips unchanged.
    public var timeZone: TimeZone
    /// The service's size limits, which batch inserts and streams plan their calls by.
    public var limits: DataAPILimits
    /// MySQL only: write upserts in MySQL 8.0.19's row-alias form
    /// (`VALUES (…) AS new ON DUPLICATE KEY UPDATE qty = new.qty`, `SQLDialect.mySQL8`)
    /// instead of the `VALUES(qty)` form MySQL 8.0.20 deprecates. False by default, since MariaDB (and
    /// so `data-api-local`) accepts only `VALUES()`; set it for Aurora MySQL 3.
    public var mySQLUpsertRowAlias = false

    /// A configuration; only the two ARNs are required.
    public init(resourceArn: String, secretArn: String, database: String? = nil, engine: DatabaseEngine = .postgreSQL,
                region: String? = nil, endpoint: String? = nil, timeZone: TimeZone = TimeZone(identifier: "UTC")!,
                limits: DataAPILimits = DataAPILimits()) {
        self.resourceArn = resourceArn
        self.secretArn = secretArn
        self.database = database
        self.engine = engine
        self.region = region
        self.endpoint = endpoint
        self.timeZone = timeZone
        self.limits = limits
    }
}
