import DataAPITestServer
import Foundation
import InMemoryTracing
import MetricsTestKit
import Testing
import Tracing
@testable import DataAPIClient

/// The client's metrics and spans against a scripted loopback server, with `TestMetrics` and
/// `InMemoryTracer` injected through its configuration (never bootstrapped globally).
@Suite struct ClientObservabilityTests {
    static let request = ExecuteStatementRequest(
        resourceArn: TestARN.cluster, secretArn: TestARN.secret, sql: "SELECT :v", database: "app",
        parameters: [SqlParameter(name: "v", value: .stringValue("s3cret-value-7d1e"))])

    static func client(_ server: LoopbackHTTPServer, metrics: TestMetrics, tracer: InMemoryTracer,
                       retry: RetryPolicy = .init(maxAttempts: 3, baseDelay: .milliseconds(1),
                                                  maxDelay: .milliseconds(2))) -> DataAPIClient {
        DataAPIClient(
            configuration: .init(region: "us-east-1", endpoint: server.baseURL, retryPolicy: retry, environment: [:],
                                 observability: .init(metricsFactory: metrics, tracer: tracer)),
            credentialProvider: StaticCredentialProvider(SampleKeys.credentials))
    }

    static func string(_ span: FinishedInMemorySpan, _ key: String) -> String? {
        if case .string(let s)? = span.attributes.get(key) { return s }
        return nil
    }

    static func int(_ span: FinishedInMemorySpan, _ key: String) -> Int64? {
        if case .int64(let n)? = span.attributes.get(key) { return n }
        return nil
    }

    @Test func retriedCallCountsOnceWithItsRetryAndLastRequestId() async throws {
        let seen = Counter()
        let server = try LoopbackHTTPServer { _ in
            if seen.increment() == 1 {
                return .json(#"{"message":"slow down"}"#, status: 400,
                             headers: [("x-amzn-ErrorType", "ThrottlingException"), ("x-amzn-RequestId", "req-1")])
            }
            return .json(#"{"records":[[{"longValue":1}],[{"longValue":2}]],"numberOfRecordsUpdated":0}"#,
                         headers: [("x-amzn-RequestId", "req-2")])
        }
        defer { server.stop() }
        let metrics = TestMetrics(), tracer = InMemoryTracer()
        let client = Self.client(server, metrics: metrics, tracer: tracer)
        let response = try await tracer.withSpan("caller") { _ in try await client.executeStatement(Self.request) }
        #expect(response.records?.count == 2)

        let op = [("operation", "ExecuteStatement")]
        #expect(metrics.counterTotal(label: "data_api_client_calls_total", dimensions: op) == 1)
        #expect(metrics.counterTotal(label: "data_api_client_retries_total",
                                     dimensions: op + [("reason", "ThrottlingException")]) == 1)
        #expect(metrics.counters(label: "data_api_client_failures_total").isEmpty)
        let body = try await client.signedRequest(for: Self.request).body.count
        #expect(metrics.counterTotal(label: "data_api_client_request_bytes_total", dimensions: op) == Int64(2 * body))
        #expect(try metrics.expectTimer("data_api_client_call_duration_seconds", op + [("outcome", "success")])
            .values.count == 1)

        let caller = try #require(tracer.finishedSpans.first { $0.operationName == "caller" })
        let call = try #require(tracer.finishedSpans.first { $0.operationName == "RDSData.ExecuteStatement" })
        #expect(call.parentSpanID == caller.spanID && call.traceID == caller.traceID)
        #expect(call.kind == .client)
        #expect(call.status?.code != .error)
        #expect(Self.string(call, "aws.request_id") == "req-2")
        #expect(Self.int(call, "http.response.status_code") == 200)
        #expect(Self.int(call, "http.request.resend_count") == 1)
        #expect(Self.int(call, "db.response.returned_rows") == 2)
        #expect(Self.string(call, "db.query.text") == "SELECT :v")
        #expect(Self.string(call, "db.namespace") == "app")
        #expect(call.events.map(\.name) == ["retry"])
        var texts: [String] = []
        call.attributes.forEach { texts.append("\($0)=\($1)") }
        #expect(!texts.contains { $0.contains("s3cret") || $0.contains("arn:aws") }, "\(texts)")
    }

    @Test func failedCallCarriesItsErrorCode() async throws {
        let server = try LoopbackHTTPServer { _ in
            .json(#"{"message":"ERROR: duplicate key value; Key (name)=(s3cret-value-7d1e) exists; SQLState: 23505"}"#,
                  status: 400, headers: [("x-amzn-ErrorType", "DatabaseErrorException"), ("x-amzn-RequestId", "req-9")])
        }
        defer { server.stop() }
        let metrics = TestMetrics(), tracer = InMemoryTracer()
        let client = Self.client(server, metrics: metrics, tracer: tracer)
        await #expect(throws: DataAPIError.self) { try await client.executeStatement(Self.request) }

        #expect(metrics.counterTotal(label: "data_api_client_failures_total", dimensions: [
            ("operation", "ExecuteStatement"), ("error_code", "DatabaseErrorException"),
        ]) == 1)
        #expect(metrics.counters(label: "data_api_client_retries_total").isEmpty)
        let call = try #require(tracer.finishedSpans.first)
        #expect(call.status?.code == .error)
        #expect(Self.string(call, "error.type") == "DatabaseErrorException")
        #expect(Self.string(call, "aws.request_id") == "req-9")
        #expect(Self.string(call, "db.response.status_code") == "23505")
        #expect(Self.int(call, "http.response.status_code") == 400)
        #expect(call.parentSpanID == nil)
        var texts = [call.status?.message ?? ""]
        call.attributes.forEach { texts.append("\($0)=\($1)") }
        #expect(!texts.contains { $0.contains("s3cret") }, "\(texts)")
    }

    /// An exception name the endpoint makes up (a proxy's) does not become a dimension value.
    @Test func unknownServiceErrorNamesAreBucketedByStatusClass() async throws {
        let server = try LoopbackHTTPServer { req in
            .json(#"{"message":"no"}"#, status: 400, headers: [("x-amzn-ErrorType", "Proxy\(req.path.count)Refusal")])
        }
        defer { server.stop() }
        let metrics = TestMetrics(), tracer = InMemoryTracer()
        let client = Self.client(server, metrics: metrics, tracer: tracer)
        await #expect(throws: DataAPIError.self) { try await client.executeStatement(Self.request) }
        #expect(metrics.counterTotal(label: "data_api_client_failures_total", dimensions: [
            ("operation", "ExecuteStatement"), ("error_code", "OtherServiceError.4xx"),
        ]) == 1)
        #expect(Self.string(try #require(tracer.finishedSpans.first), "error.type") == "OtherServiceError.4xx")
    }

    @Test func transportFailureIsCountedByKind() async throws {
        let closed = try LoopbackHTTPServer { _ in .json("{}") }
        closed.stop()
        let metrics = TestMetrics(), tracer = InMemoryTracer()
        let client = Self.client(closed, metrics: metrics, tracer: tracer, retry: .none)
        await #expect(throws: TransportError.self) {
            try await client.beginTransaction(.init(resourceArn: TestARN.cluster, secretArn: TestARN.secret))
        }
        #expect(metrics.counterTotal(label: "data_api_client_failures_total", dimensions: [
            ("operation", "BeginTransaction"), ("error_code", "TransportError.connectFailed"),
        ]) == 1)
        let call = try #require(tracer.finishedSpans.first)
        #expect(call.operationName == "RDSData.BeginTransaction")
        #expect(Self.string(call, "error.type") == "TransportError.connectFailed")
    }

    /// Calls from many tasks at once, each under its own span: every call's span has its own
    /// caller as parent (the context is taken on the calling task, not on libcurl's thread).
    @Test func concurrentCallsNestUnderTheirOwnCallers() async throws {
        let server = try LoopbackHTTPServer { _ in
            var reply = Reply.json(#"{"records":[]}"#, headers: [("x-amzn-RequestId", "r")])
            reply.delay = .milliseconds(5)
            return reply
        }
        defer { server.stop() }
        let metrics = TestMetrics(), tracer = InMemoryTracer()
        let client = Self.client(server, metrics: metrics, tracer: tracer)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<16 {
                group.addTask {
                    try await tracer.withSpan("caller-\(i)") { _ in
                        _ = try await client.executeStatement(Self.request)
                    }
                }
            }
            try await group.waitForAll()
        }
        let spans = tracer.finishedSpans
        let calls = spans.filter { $0.operationName == "RDSData.ExecuteStatement" }
        #expect(calls.count == 16)
        let callers = Dictionary(uniqueKeysWithValues: spans.filter { $0.operationName.hasPrefix("caller-") }
            .map { ($0.spanID, $0) })
        #expect(callers.count == 16)
        #expect(Set(calls.compactMap(\.parentSpanID)) == Set(callers.keys))
        for call in calls { #expect(callers[call.parentSpanID ?? ""]?.traceID == call.traceID) }
        #expect(metrics.counterTotal(label: "data_api_client_calls_total",
                                     dimensions: [("operation", "ExecuteStatement")]) == 16)
    }

    @Test func noBackendMeansNoWork() {
        let client = DataAPIClient(configuration: .init(region: "us-east-1", environment: [:],
                                                        observability: .disabled))
        #expect(!client.observation.isActive)
        #expect(client.observation.factory == nil && client.observation.tracer == nil)
    }
}
