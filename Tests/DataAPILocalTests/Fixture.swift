import DataAPIClient
import DataAPILocalTestSupport
@testable import DataAPILocal
import Foundation
import Logging
import Testing

/// Local servers on the test process's shared PostgreSQL and MariaDB.
actor LocalFixture {
    static let shared = LocalFixture()
    private var defaultServer: Task<DataAPILocalServer, Error>?
    private var defaultMySQLServer: Task<DataAPILocalServer, Error>?

    func mysqlDatabase() async throws -> EphemeralMariaDB { try await SharedDatabases.shared.mariaDB() }
    func database() async throws -> EphemeralPostgres { try await SharedDatabases.shared.postgres() }

    /// A server on the shared database of `engine` with `configure` applied.
    func server(
        _ engine: EngineKind, _ configure: (inout DataAPILocalConfiguration) -> Void = { _ in }
    ) async throws -> DataAPILocalServer {
        var c = DataAPILocalConfiguration()
        configure(&c)
        return try await SharedDatabases.shared.server(engine == .mysql ? .mysql : .postgresql, configuration: c)
    }

    /// The shared server of `engine` with default configuration.
    func standard(_ engine: EngineKind) async throws -> DataAPILocalServer {
        guard engine == .mysql else { return try await standard() }
        if defaultMySQLServer == nil { defaultMySQLServer = Task { try await self.server(.mysql) } }
        return try await defaultMySQLServer!.value
    }

    /// A server on the shared PostgreSQL with `configure` applied.
    func server(_ configure: (inout DataAPILocalConfiguration) -> Void = { _ in }) async throws -> DataAPILocalServer {
        try await server(.postgresql, configure)
    }

    /// The shared server with default configuration.
    func standard() async throws -> DataAPILocalServer {
        if defaultServer == nil { defaultServer = Task { try await self.server() } }
        return try await defaultServer!.value
    }
}

/// The engines behind the local server; engine-parameterized tests run once per case.
enum EngineKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case postgresql, mysql
    var testDescription: String { rawValue }

    /// Column types spelled for this engine.
    var autoIdColumn: String { self == .mysql ? "INT AUTO_INCREMENT PRIMARY KEY" : "serial PRIMARY KEY" }
    var blobType: String { self == .mysql ? "LONGBLOB" : "bytea" }
    var timestampType: String { self == .mysql ? "DATETIME(6)" : "timestamp(6)" }
    var doubleType: String { self == .mysql ? "DOUBLE" : "float8" }
    func sleep(seconds: Double) -> String {
        self == .mysql ? "SELECT SLEEP(\(seconds))" : "SELECT pg_sleep(\(seconds))"
    }
}

/// Where the integration suite runs: against AWS when `DATA_API_TEST_ENDPOINT` (or standard
/// AWS configuration with `DATA_API_TEST_RESOURCE_ARN`) is set, else against the local server.
struct Target: Sendable {
    let client: DataAPIClient
    let resourceArn: String
    let secretArn: String
    let isLocal: Bool

    static func make(_ server: DataAPILocalServer? = nil, retry: RetryPolicy = .none) async throws -> Target {
        let env = ProcessInfo.processInfo.environment
        if server == nil, let arn = env["DATA_API_TEST_RESOURCE_ARN"], let secret = env["DATA_API_TEST_SECRET_ARN"] {
            let client = DataAPIClient(
                configuration: .init(endpoint: env["DATA_API_TEST_ENDPOINT"], retryPolicy: retry))
            return Target(client: client, resourceArn: arn, secretArn: secret, isLocal: false)
        }
        let s: DataAPILocalServer
        if let server { s = server } else { s = try await LocalFixture.shared.standard() }
        let client = DataAPIClient(
            configuration: .init(region: "us-east-1", endpoint: s.endpoint, retryPolicy: retry, environment: [:]),
            credentialProvider: StaticCredentialProvider(accessKeyId: DataAPILocalConfiguration.defaultAccessKeyId,
                secretAccessKey: DataAPILocalConfiguration.defaultSecretAccessKey))
        return Target(client: client, resourceArn: DataAPILocalConfiguration.defaultClusterArn,
                      secretArn: DataAPILocalConfiguration.defaultSecretArn, isLocal: true)
    }

    @discardableResult
    func execute(
        _ sql: String, _ parameters: [SqlParameter]? = nil, transactionId: String? = nil, metadata: Bool? = nil,
        options: ResultSetOptions? = nil, format: RecordsFormatType? = nil, continueAfterTimeout: Bool? = nil,
        database: String? = nil, schema: String? = nil
    ) async throws -> ExecuteStatementResponse {
        try await client.executeStatement(
            .init(
                resourceArn: resourceArn, secretArn: secretArn, sql: sql, database: database, schema: schema,
                parameters: parameters, transactionId: transactionId, includeResultMetadata: metadata,
                continueAfterTimeout: continueAfterTimeout, resultSetOptions: options, formatRecordsAs: format))
    }

    func begin(database: String? = nil) async throws -> String {
        try await client.beginTransaction(.init(resourceArn: resourceArn, secretArn: secretArn, database: database))
            .transactionId!
    }
    func commit(_ id: String) async throws -> String? {
        try await client.commitTransaction(.init(resourceArn: resourceArn, secretArn: secretArn, transactionId: id))
            .transactionStatus
    }
    func rollback(_ id: String) async throws -> String? {
        try await client.rollbackTransaction(.init(resourceArn: resourceArn, secretArn: secretArn, transactionId: id))
            .transactionStatus
    }

    /// A table name unique to one test.
    static func table(_ prefix: String = "t") -> String { "\(prefix)_\(UUID().uuidString.prefix(8).lowercased())" }
}

/// Expects a `DataAPIError` with this code (and, when given, a message containing `contains`).
func expectError(
    _ code: DataAPIError.Code, _ contains: String? = nil, sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () async throws -> Void
) async {
    do {
        try await body()
        Issue.record("expected \(code), got success", sourceLocation: sourceLocation)
    } catch let e as DataAPIError {
        #expect(e.code == code, "\(e)", sourceLocation: sourceLocation)
        if let contains {
            #expect(e.message.contains(contains), "message: \(e.message)", sourceLocation: sourceLocation)
        }
    } catch {
        Issue.record("expected \(code), got \(error)", sourceLocation: sourceLocation)
    }
}
