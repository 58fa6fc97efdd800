import DataAPIClient
import DataAPISQL
import Foundation
import Logging

/// A database reached through the RDS Data API: the entry point for typed statements,
/// raw SQL and transactions.
///
/// ```swift
/// let db = Database(resourceArn: clusterArn, secretArn: secretArn, database: "app")
/// try await db.create(User.self)
/// let ken = try await db.insert(User(id: nil, name: "ken"))          // id filled in
/// let users = try await db.fetchAll(User.select().where(User.name.like("k%")))
/// try await db.transaction { tx in
///     try await tx.execute(User.update().set(User.name, to: "Ken").where(User.id.eq(ken.id!)))
/// }
/// ```
///
/// A `Database` is a small `Sendable` value: copies share one `DataAPIClient` (and its
/// connection pool), so pass it to as many tasks as you like. Configure it in code, from
/// the environment (``fromEnvironment(_:client:logger:)``) or from one URL
/// (``init(url:client:logger:)``).
public struct Database: DatabaseExecutor {
    let core: DatabaseCore

    /// A database from its configuration. Without a `client`, one is made from the
    /// configuration's region and endpoint and the standard AWS credential chain.
    public init(configuration: DatabaseConfiguration, client: DataAPIClient? = nil,
                logger: Logger = Logger(label: "swift-data-api")) {
        let client =
            client
            ?? DataAPIClient(configuration: .init(region: configuration.region, endpoint: configuration.endpoint))
        core = DatabaseCore(configuration: configuration, client: client, logger: logger)
    }

    /// A database in code: the cluster, the secret, the database name and the engine.
    public init(resourceArn: String, secretArn: String, database: String? = nil, engine: DatabaseEngine = .postgreSQL,
                client: DataAPIClient? = nil, logger: Logger = Logger(label: "swift-data-api")) {
        self.init(
            configuration: DatabaseConfiguration(
                resourceArn: resourceArn, secretArn: secretArn, database: database, engine: engine),
            client: client, logger: logger)
    }

    /// What this database talks to.
    public var configuration: DatabaseConfiguration { core.configuration }
    /// The client that sends its calls.
    public var client: DataAPIClient { core.client }

    /// The database, outside any transaction.
    public var executionContext: ExecutionContext { ExecutionContext(core: core, transaction: nil) }
}

/// What every executor of one database shares.
final class DatabaseCore: Sendable {
    let configuration: DatabaseConfiguration
    let client: DataAPIClient
    let logger: Logger
    let temporal: TemporalCoding
    /// Metrics and spans, from the client's observability; nil when both are off.
    let observer: ExecutorObservation?
    var dialect: SQLDialect {
        configuration.engine == .mySQL && configuration.mySQLUpsertRowAlias ? .mySQL8 : configuration.engine.dialect
    }

    init(configuration: DatabaseConfiguration, client: DataAPIClient, logger: Logger) {
        self.configuration = configuration
        self.client = client
        self.logger = logger
        temporal = TemporalCoding(timeZone: configuration.timeZone)
        observer = ExecutorObservation(client: client, configuration: configuration)
    }
}
