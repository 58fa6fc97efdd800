import DataAPIClient
import DataAPILocal

/// The engines a local server can sit on.
public enum LocalEngineKind: String, CaseIterable, Sendable {
    case postgresql, mysql
}

/// One ephemeral PostgreSQL and one ephemeral MariaDB for the whole test process (every test
/// target runs in it), started on first use, and local Data API servers on top of them. Their
/// watchdogs remove both databases when the process ends.
public actor SharedDatabases {
    public static let shared = SharedDatabases()
    // Tasks, not values: the actor is reentrant across `await`, and two suites asking at once
    // must share one start rather than race two databases into existence.
    private var postgresStart: Task<EphemeralPostgres, Error>?
    private var mariaDBStart: Task<EphemeralMariaDB, Error>?

    /// The shared PostgreSQL.
    public func postgres() async throws -> EphemeralPostgres {
        if postgresStart == nil { postgresStart = Task { try await EphemeralPostgres.start() } }
        return try await postgresStart!.value
    }

    /// The shared MariaDB.
    public func mariaDB() async throws -> EphemeralMariaDB {
        if mariaDBStart == nil { mariaDBStart = Task { try await EphemeralMariaDB.start() } }
        return try await mariaDBStart!.value
    }

    /// A server on the shared database of `engine`, under the default cluster and secret ARNs,
    /// with the rest of `configuration` (limits, faults, authentication); stop it after use.
    public func server(_ engine: LocalEngineKind,
                       configuration: DataAPILocalConfiguration = .init()) async throws -> DataAPILocalServer {
        var c = configuration
        let cleanup: @Sendable () async -> Void
        switch engine {
        case .postgresql:
            let pg = try await postgres()
            let e = PostgresEngine(host: "127.0.0.1", port: pg.port, statementTimeout: c.limits.statementTimeout)
            c.clusters[DataAPILocalConfiguration.defaultClusterArn] = .init(engine: e)
            c.secrets[DataAPILocalConfiguration.defaultSecretArn] = .init(username: pg.user, password: pg.password)
            cleanup = { await e.shutdown() }
        case .mysql:
            let db = try await mariaDB()
            let e = MySQLEngine(
                host: "127.0.0.1", port: db.port, defaultDatabase: db.database,
                statementTimeout: c.limits.statementTimeout)
            c.clusters[DataAPILocalConfiguration.defaultClusterArn] = .init(engine: e)
            c.secrets[DataAPILocalConfiguration.defaultSecretArn] = .init(username: db.user, password: db.password)
            cleanup = { await e.shutdown() }
        }
        return try await DataAPILocalServer.start(configuration: c, cleanup: cleanup)
    }
}
