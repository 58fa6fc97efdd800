import DataAPI
import DataAPIClient
import DataAPILocal
import DataAPISQL
import DataAPITestServer
import Foundation
import Logging
import Testing

/// The client's no-resend rule against data-api-local on both engines: a proxy cuts the
/// connection of an INSERT at each point, on a fresh and on a reused connection, and the
/// table says how often the statement ran.
@Suite(.serialized) struct ResendAgainstLocalTests {
    static let cuts: [FaultProxy.Cut] = [
        .beforeForwarding, .afterForwarding, .afterAnswer, .midAnswer(bytes: 12), .midBody,
    ]

    static func client(_ proxy: FaultProxy) -> DataAPIClient {
        DataAPIClient(
            configuration: .init(region: "us-east-1", endpoint: proxy.baseURL, environment: [:]),
            credentialProvider: StaticCredentialProvider(accessKeyId: DataAPILocalConfiguration.defaultAccessKeyId,
                secretAccessKey: DataAPILocalConfiguration.defaultSecretAccessKey))
    }

    static func upstreamPort(_ engine: DatabaseEngine) async throws -> Int {
        let endpoint = try await ExecutorFixture.shared.standardServer(engine).endpoint
        return Int(endpoint.split(separator: ":").last!)!
    }

    @Test(arguments: DatabaseEngine.allCases, [false, true])
    func anInsertCutAnywhereRunsAtMostOnce(_ engine: DatabaseEngine, reused: Bool) async throws {
        let db = try await ExecutorFixture.shared.database(engine)
        _ = try await db.execute("DROP TABLE IF EXISTS resend_rows")
        _ = try await db.execute("CREATE TABLE resend_rows (n INT NOT NULL)")
        for (i, cut) in Self.cuts.enumerated() {
            // On a fresh connection, "before forwarding" is a reset as the first request arrives.
            let proxy = try FaultProxy(upstreamPort: try await Self.upstreamPort(engine)) { request in
                request.bodyText.contains("INSERT INTO resend_rows") ? cut : .none
            }
            defer { proxy.stop() }
            let client = Self.client(proxy)
            let execute = { (sql: String) in
                try await client.executeStatement(.init(resourceArn: DataAPILocalConfiguration.defaultClusterArn,
                        secretArn: DataAPILocalConfiguration.defaultSecretArn, sql: sql))
            }
            if reused { _ = try await execute("SELECT 1") }
            var failure: (any Error)?
            do { _ = try await execute("INSERT INTO resend_rows VALUES (\(i))") } catch { failure = error }
            let runs = try await db.fetch("SELECT n FROM resend_rows WHERE n = :n", parameters: ["n": Int64(i)]).count
            switch cut {
            case .beforeForwarding:
                #expect(runs == 0, "\(cut): the server never saw it")
                #expect(failure != nil && (failure as? TransportError)?.requestSent == true || runs == 1,
                        "\(cut): \(String(describing: failure))")
            default:
                #expect(runs == 1, "\(cut), reused \(reused): ran \(runs) times")
                let e = failure as? TransportError
                #expect(e?.requestSent == true, "\(cut), reused \(reused): \(String(describing: failure))")
            }
        }
    }

    /// A commit whose connection is cut after it committed: the transaction's writes are in,
    /// and the caller hears that the outcome is unknown, not "transaction not found".
    @Test(arguments: DatabaseEngine.allCases)
    func aCommitCutAfterItCommittedHasAnUnknownOutcome(_ engine: DatabaseEngine) async throws {
        let db = try await ExecutorFixture.shared.database(engine)
        _ = try await db.execute("DROP TABLE IF EXISTS resend_commits")
        _ = try await db.execute("CREATE TABLE resend_commits (n INT NOT NULL)")
        let proxy = try FaultProxy(upstreamPort: try await Self.upstreamPort(engine)) { request in
            request.path == "/CommitTransaction" ? .afterAnswer : .none
        }
        defer { proxy.stop() }
        let viaProxy = ExecutorFixture.database(engine, endpoint: proxy.baseURL)
        let e = await expectQueryError(.commitOutcomeUnknown) {
            try await viaProxy.transaction { tx in _ = try await tx.execute("INSERT INTO resend_commits VALUES (1)") }
        }
        #expect(e?.mayHaveRun == true)
        #expect(try await db.fetch("SELECT n FROM resend_commits").count == 1)
    }
}
