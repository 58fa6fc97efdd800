import DataAPI
import Foundation
import Testing

extension ToolTests {
    /// The single-call commands (`execute`, `begin`, `commit`, `rollback`) as the README shows them.
    @Suite struct RawCommandTests {
        /// `data-api execute --endpoint-url http://127.0.0.1:PORT "SELECT 1"` on a machine with no
        /// AWS settings at all: the local server's default ARNs and example keys are used.
        @Test(arguments: DatabaseEngine.allCases)
        func executeAgainstALocalEndpointNeedsNoSetup(_ engine: DatabaseEngine) async throws {
            let endpoint = try await ToolFixture.shared.server(engine).endpoint
            let r = try await ToolFixture.run(
                ["execute", "--endpoint-url", endpoint, "SELECT 1"], environment: ToolFixture.bareEnvironment)
            #expect(r.status == 0, "\(r.stderr)")
            let response = try JSONDecoder().decode(ExecuteStatementResponse.self, from: Data(r.stdout.utf8))
            #expect(response.records == [[.longValue(1)]])
        }

        @Test func beginExecuteInTheTransactionAndRollBack() async throws {
            let endpoint = try await ToolFixture.shared.server(.postgreSQL).endpoint
            let env = ToolFixture.bareEnvironment
            let begun = try await ToolFixture.run(["begin", "--endpoint-url", endpoint], environment: env)
            let id =
                try JSONDecoder().decode(BeginTransactionResponse.self, from: Data(begun.stdout.utf8)).transactionId
                ?? ""
            #expect(!id.isEmpty, "\(begun.stderr)")
            let inside = try await ToolFixture.run(["execute", "--endpoint-url", endpoint, "--transaction-id", id,
                    "--param", "n:long=41", "SELECT CAST(:n AS bigint) + 1",
                ], environment: env)
            #expect(
                try JSONDecoder().decode(ExecuteStatementResponse.self, from: Data(inside.stdout.utf8)).records == [
                    [.longValue(42)]
                ],
                "\(inside.stderr)")
            let rolledBack = try await ToolFixture.run(["rollback", "--endpoint-url", endpoint, id], environment: env)
            #expect(rolledBack.status == 0, "\(rolledBack.stderr)")
        }

        @Test func dryRunSignsWithTheExampleKeysWithoutAnyConfiguration() async throws {
            let r = try await ToolFixture.run(
                ["execute", "--dry-run", "SELECT 1"], environment: ToolFixture.bareEnvironment)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.hasPrefix("POST https://rds-data.us-east-1.amazonaws.com/Execute\n"))
            #expect(r.stdout.contains("Credential=AKIDEXAMPLE/"))
        }
    }
}
