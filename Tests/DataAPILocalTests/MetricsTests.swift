import DataAPIClient
@testable import DataAPILocal
import DataAPITestServer
import Foundation
import Testing

/// `--metrics`: the server's own request metrics at `GET /metrics`, in Prometheus text format.
@Suite struct MetricsTests {
    static let arns = #""resourceArn":"\#(DataAPILocalConfiguration.defaultClusterArn)","#
        + #""secretArn":"\#(DataAPILocalConfiguration.defaultSecretArn)""#

    static func post(_ endpoint: String, _ path: String, _ body: String) async throws -> HTTPResponse {
        try await CurlTransport().send(HTTPRequest(method: "POST", url: endpoint + path,
                                                   headers: [("Content-Type", "application/json")],
                                                   body: Array(body.utf8)))
    }

    static func scrape(_ endpoint: String) async throws -> (status: Int, type: String?, text: String) {
        let r = try await CurlTransport().send(HTTPRequest(method: "GET", url: endpoint + "/metrics"))
        let type = r.headers.first { $0.name.lowercased() == "content-type" }?.value
        return (r.status, type, String(decoding: r.body, as: UTF8.self))
    }

    /// The executable with `--metrics` over the shared PostgreSQL: successful calls, failing
    /// ones and an open transaction show up in the counters, the histogram and the gauge.
    @Test func dataAPILocalWithMetricsCountsRequestsErrorsAndOpenTransactions() async throws {
        let pg = try await LocalFixture.shared.database()
        let p = try ProcessTests.Launched(["--port", "0", "--no-auth", "--metrics", "--postgres-url",
                                           "postgres://\(pg.user):\(pg.password)@127.0.0.1:\(pg.port)/postgres"])
        let line = try await p.firstLine()
        let endpoint = String(line.dropFirst("listening on ".count))
        defer { p.process.terminate() }

        for _ in 0..<2 {
            let ok = try await Self.post(endpoint, "/Execute", #"{\#(Self.arns),"sql":"SELECT 1"}"#)
            #expect(ok.status == 200)
        }
        let failing = try await Self.post(endpoint, "/Execute", #"{\#(Self.arns),"sql":"SELECT * FROM no_such_table"}"#)
        #expect(failing.status == 400)
        let invalid = try await Self.post(endpoint, "/Execute", #"{\#(Self.arns)}"#)
        #expect(invalid.status == 400)
        let begin = try await Self.post(endpoint, "/BeginTransaction", "{\(Self.arns)}")
        let tx = try #require(String(decoding: begin.body, as: UTF8.self).split(separator: "\"").dropLast().last)

        let first = try await Self.scrape(endpoint)
        #expect(first.status == 200)
        #expect(first.type?.hasPrefix("text/plain; version=0.0.4") == true)
        let text = first.text
        #expect(text.contains(#"data_api_local_requests_total{operation="ExecuteStatement"} 4"#), "\(text)")
        #expect(text.contains(#"data_api_local_requests_total{operation="BeginTransaction"} 1"#))
        let errors = #"data_api_local_errors_total{operation="ExecuteStatement","#
        #expect(text.contains(errors + #"code="DatabaseErrorException"} 1"#))
        #expect(text.contains(errors + #"code="ValidationException"} 1"#))
        #expect(!text.contains(#"data_api_local_errors_total{operation="BeginTransaction""#))
        let duration = "data_api_local_request_duration_seconds"
        #expect(text.contains(duration + #"_count{operation="ExecuteStatement"} 4"#))
        #expect(text.contains(duration + #"_bucket{operation="ExecuteStatement",le="+Inf"} 4"#))
        #expect(text.contains("data_api_local_open_transactions 1.0\n"))
        // Low cardinality: no SQL, ARN or transaction id in any label.
        #expect(!text.contains("SELECT") && !text.contains("no_such_table") && !text.contains("arn:aws"))
        #expect(!text.contains(String(tx)))

        let rollback = try await Self.post(endpoint, "/RollbackTransaction",
                                           #"{\#(Self.arns),"transactionId":"\#(tx)"}"#)
        #expect(rollback.status == 200)
        let second = try await Self.scrape(endpoint).text
        #expect(second.contains("data_api_local_open_transactions 0.0\n"), "\(second)")
        #expect(second.contains(#"data_api_local_requests_total{operation="RollbackTransaction"} 1"#))
        p.process.terminate()
        #expect(await p.waitForExit(seconds: 15) == 0)
    }

    /// Off by default: `GET /metrics` is refused like any `GET`, and nothing else changes.
    @Test func withoutTheFlagMetricsAreNotServed() async throws {
        var configuration = DataAPILocalConfiguration()
        configuration.authentication = .none
        let server = try await DataAPILocalServer.start(configuration: configuration)
        defer { Task { await server.stop() } }
        let scrape = try await Self.scrape(server.endpoint)
        #expect(scrape.status == 404)
        #expect(scrape.text.contains("UnknownOperationException"))
    }

    /// In process: a path that names no operation counts as `unknown`, and the `Host` check
    /// still guards the scrape.
    @Test func unknownPathsCountAsUnknownAndTheHostCheckStillApplies() async throws {
        var configuration = DataAPILocalConfiguration()
        configuration.authentication = .none
        configuration.exposesMetrics = true
        let server = try await DataAPILocalServer.start(configuration: configuration)
        defer { Task { await server.stop() } }
        let unknown = try await Self.post(server.endpoint, "/DropEverything", "{}")
        #expect(unknown.status == 404)
        let notEnabled = try await Self.post(server.endpoint, "/Execute", #"{\#(Self.arns),"sql":"SELECT 1"}"#)
        #expect(notEnabled.status == 400)
        let text = try await Self.scrape(server.endpoint).text
        #expect(text.contains(#"data_api_local_requests_total{operation="unknown"} 1"#), "\(text)")
        #expect(text.contains(#"data_api_local_errors_total{operation="unknown",code="UnknownOperationException"} 1"#))
        #expect(text.contains(#"code="HttpEndpointNotEnabledException"} 1"#))
        #expect(!text.contains("DropEverything"))
        let foreign = try await CurlTransport().send(HTTPRequest(method: "GET", url: server.endpoint + "/metrics",
                                                                 headers: [("Host", "rebind.attacker.example")]))
        #expect(foreign.status == 400)
    }
}
