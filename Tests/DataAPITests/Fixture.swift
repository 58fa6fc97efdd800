import DataAPI
import DataAPIClient
import DataAPILocal
import DataAPILocalTestSupport
import DataAPISQL
import Foundation
import Logging
import Synchronization
import Testing

/// Local Data API servers on the test process's shared PostgreSQL and MariaDB; executors talk
/// to them over real HTTP.
actor ExecutorFixture {
    static let shared = ExecutorFixture()
    private var standard: [DatabaseEngine: Task<DataAPILocalServer, Error>] = [:]

    /// A server on the shared database of `engine` with `configure` applied; stop it after use.
    func server(
        _ engine: DatabaseEngine, _ configure: (inout DataAPILocalConfiguration) -> Void = { _ in }
    ) async throws -> DataAPILocalServer {
        var c = DataAPILocalConfiguration()
        configure(&c)
        return try await SharedDatabases.shared.server(engine == .mySQL ? .mysql : .postgresql, configuration: c)
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
                         retryPolicy: RetryPolicy = .none, limits: DataAPILimits = DataAPILimits(),
                         transport: (any HTTPTransport)? = nil, logger: Logger = Logger(label: "test")) -> Database {
        let client = DataAPIClient(
            configuration: .init(region: "us-east-1", endpoint: endpoint, retryPolicy: retryPolicy, environment: [:]),
            credentialProvider: StaticCredentialProvider(accessKeyId: DataAPILocalConfiguration.defaultAccessKeyId,
                secretAccessKey: DataAPILocalConfiguration.defaultSecretAccessKey),
            transport: transport)
        let configuration = DatabaseConfiguration(resourceArn: DataAPILocalConfiguration.defaultClusterArn,
                                                  secretArn: DataAPILocalConfiguration.defaultSecretArn,
                                                  engine: engine, timeZone: timeZone, limits: limits)
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

/// A transport that sends through libcurl and records each request's operation and body size;
/// calls to the operations in `failing` are answered with a 500 `InternalServerErrorException`
/// without being sent, as the service answers when it failed before running a call.
final class RecordingTransport: HTTPTransport {
    struct Call: Sendable {
        var path: String
        var bodyBytes: Int
    }
    private let inner = CurlTransport(configuration: TransportConfiguration())
    private let log = Mutex<[Call]>([])
    private let failing: Set<String>

    init(failing: Set<String> = []) {
        self.failing = failing
    }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let path = request.url.split(separator: "/").last.map(String.init) ?? request.url
        log.withLock { $0.append(Call(path: path, bodyBytes: request.body.count)) }
        if failing.contains(path) {
            return HTTPResponse(status: 500, headers: [("x-amzn-ErrorType", "InternalServerErrorException")],
                                body: Array(#"{"message":""}"#.utf8))
        }
        return try await inner.send(request)
    }

    var calls: [Call] { log.withLock { $0 } }
    func reset() { log.withLock { $0 = [] } }
    /// Calls to one operation path (`Execute`, `BatchExecute`, `BeginTransaction`).
    func calls(_ path: String) -> [Call] { calls.filter { $0.path == path } }
}
