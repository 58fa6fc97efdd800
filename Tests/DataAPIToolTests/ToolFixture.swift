import DataAPI
import DataAPIClient
import DataAPILocal
import DataAPILocalTestSupport
import Foundation
import Testing

/// The built `data-api` executable, run as a user runs it: arguments, standard input,
/// environment; against local Data API servers on the test process's shared databases.
actor ToolFixture {
    static let shared = ToolFixture()
    private var servers: [DatabaseEngine: Task<DataAPILocalServer, Error>] = [:]

    /// The local server of `engine`.
    func server(_ engine: DatabaseEngine) async throws -> DataAPILocalServer {
        if servers[engine] == nil {
            servers[engine] = Task { try await SharedDatabases.shared.server(engine == .mySQL ? .mysql : .postgresql) }
        }
        return try await servers[engine]!.value
    }

    /// What a run of the tool left behind.
    struct Outcome: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var executable: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("data-api").path
    }

    /// A fresh machine's environment: no AWS settings, no credentials.
    static var bareEnvironment: [String: String] {
        ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": NSTemporaryDirectory()]
    }

    /// The environment that points the tool at the local server of `engine`, as a user would
    /// set it: the endpoint and the engine, nothing else.
    func environment(_ engine: DatabaseEngine) async throws -> [String: String] {
        var env = Self.bareEnvironment
        env["AWS_ENDPOINT_URL_RDS_DATA"] = try await server(engine).endpoint
        env["AURORA_ENGINE"] = engine.rawValue
        return env
    }

    /// Runs the tool on a thread of its own; standard input is `input`.
    static func run(_ arguments: [String], input: String = "", environment: [String: String]) async throws -> Outcome {
        // No run may hang the suite: a tool still running after five minutes is killed (its
        // embedded database's watchdog then stops that too), which ends its output and fails
        // the test with its status.
        let outcome = try await ChildProcess.runDetached(executable, arguments, input: Data(input.utf8),
                                                         environment: environment, timeout: .seconds(300))
        return Outcome(status: outcome.status, stdout: outcome.output, stderr: outcome.errorOutput)
    }

    /// Runs the tool against the local server of `engine`.
    func run(_ engine: DatabaseEngine, _ arguments: [String], input: String = "") async throws -> Outcome {
        try await Self.run(arguments, input: input, environment: try await environment(engine))
    }
}

/// Every suite of the tool, one test at a time: each test starts processes, and run beside
/// each other and the other targets' suites they would crowd this machine's two cores and
/// slow the timing-sensitive tests of the local server.
@Suite(.serialized) struct ToolTests {}
