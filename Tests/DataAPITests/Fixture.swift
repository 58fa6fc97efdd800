import DataAPI
import DataAPIClient
@testable import DataAPILocal
import DataAPISQL
import Foundation
import Logging
import Testing

/// One ephemeral PostgreSQL and one ephemeral MariaDB for this test target, and local Data
/// API servers on top of them; executors talk to the servers over real HTTP.
actor ExecutorFixture {
    static let shared = ExecutorFixture()
    private var postgres: Task<EphemeralPostgres, Error>?
    private var mariaDB: Task<EphemeralMariaDB, Error>?
    private var standard: [DatabaseEngine: Task<DataAPILocalServer, Error>] = [:]

    /// A server on the shared database of `engine` with `configure` applied; stop it after use.
    func server(_ engine: DatabaseEngine, _ configure: (inout DataAPILocalConfiguration) -> Void = { _ in }) async throws -> DataAPILocalServer {
        var c = DataAPILocalConfiguration()
        configure(&c)
        let cleanup: @Sendable () async -> Void
        switch engine {
        case .postgreSQL:
            if postgres == nil { postgres = Task { try await EphemeralPostgres.start() } }
            let pg = try await postgres!.value
            let e = PostgresEngine(host: "127.0.0.1", port: pg.port, statementTimeout: c.limits.statementTimeout)
            c.clusters[DataAPILocalConfiguration.defaultClusterArn] = .init(engine: e)
            c.secrets[DataAPILocalConfiguration.defaultSecretArn] = .init(username: pg.user, password: pg.password)
            cleanup = { await e.shutdown() }
        case .mySQL:
            if mariaDB == nil { mariaDB = Task { try await EphemeralMariaDB.start() } }
            let db = try await mariaDB!.value
            let e = MySQLEngine(host: "127.0.0.1", port: db.port, defaultDatabase: db.database, statementTimeout: c.limits.statementTimeout)
            c.clusters[DataAPILocalConfiguration.defaultClusterArn] = .init(engine: e)
            c.secrets[DataAPILocalConfiguration.defaultSecretArn] = .init(username: db.user, password: db.password)
            cleanup = { await e.shutdown() }
        }
        return try await DataAPILocalServer.start(configuration: c, cleanup: cleanup)
    }

    /// The shared server of `engine`.
    func standardServer(_ engine: DatabaseEngine) async throws -> DataAPILocalServer {
        if standard[engine] == nil { standard[engine] = Task { try await self.server(engine) } }
        return try await standard[engine]!.value
    }

    /// A database handle on the shared server of `engine`.
    func database(_ engine: DatabaseEngine, logger: Logger = Logger(label: "test")) async throws -> Database {
        Self.database(engine, endpoint: try await standardServer(engine).endpoint, logger: logger)
    }

    /// A database handle for `engine` at `endpoint`, signed with the local server's keys.
    static func database(_ engine: DatabaseEngine, endpoint: String, timeZone: TimeZone = TimeZone(identifier: "UTC")!,
                         retryPolicy: RetryPolicy = .none, logger: Logger = Logger(label: "test")) -> Database {
        let client = DataAPIClient(
            configuration: .init(region: "us-east-1", endpoint: endpoint, retryPolicy: retryPolicy, environment: [:]),
            credentialProvider: StaticCredentialProvider(accessKeyId: DataAPILocalConfiguration.defaultAccessKeyId,
                                                         secretAccessKey: DataAPILocalConfiguration.defaultSecretAccessKey))
        let configuration = DatabaseConfiguration(resourceArn: DataAPILocalConfiguration.defaultClusterArn,
                                                  secretArn: DataAPILocalConfiguration.defaultSecretArn,
                                                  engine: engine, timeZone: timeZone)
        return Database(configuration: configuration, client: client, logger: logger)
    }
}

extension DatabaseEngine: CustomTestStringConvertible {
    public var testDescription: String { rawValue }
}

/// Runs `body` and checks it throws a `QueryError` with `code`; returns the error.
@discardableResult
func expectQueryError(_ code: QueryError.Code, sourceLocation: SourceLocation = #_sourceLocation,
                      _ body: () async throws -> Void) async -> QueryError? {
    do {
        try await body()
        Issue.record("expected QueryError.\(code), got success", sourceLocation: sourceLocation)
    } catch let e as QueryError {
        #expect(e.code == code, "\(e)", sourceLocation: sourceLocation)
        return e
    } catch {
        Issue.record("expected QueryError.\(code), got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}
