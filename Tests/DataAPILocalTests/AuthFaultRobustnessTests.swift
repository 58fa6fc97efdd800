import DataAPIClient
@testable import DataAPILocal
import DataAPITestServer
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Raw HTTP to the server, for requests a well-behaved client never sends.
func rawPost(
    _ server: DataAPILocalServer, path: String = "/Execute", body: String, headers: [(String, String)] = []
) async throws -> HTTPResponse {
    try await CurlTransport().send(HTTPRequest(method: "POST", url: server.endpoint + path,
            headers: [("Content-Type", "application/json")] + headers.map { (name: $0.0, value: $0.1) },
                                               body: Array(body.utf8)))
}

@Suite(.serialized) struct AuthTests {
    @Test func unsignedWrongKeyWrongSecretAndSkewAreRejected() async throws {
        let server = try await LocalFixture.shared.standard()
        let missing = try await rawPost(server, body: "{}")
        #expect(missing.status == 403)
        #expect(DataAPIError.from(response: missing).code.rawValue == "MissingAuthenticationTokenException")

        func client(_ id: String, _ secret: String, clock: Date? = nil) -> DataAPIClient {
            DataAPIClient(
                configuration: .init(
                    region: "us-east-1", endpoint: server.endpoint, retryPolicy: .none, environment: [:]),
                credentialProvider: StaticCredentialProvider(accessKeyId: id, secretAccessKey: secret))
        }
        let request = ExecuteStatementRequest(
            resourceArn: DataAPILocalConfiguration.defaultClusterArn,
            secretArn: DataAPILocalConfiguration.defaultSecretArn, sql: "SELECT 1")
        await expectError("UnrecognizedClientException") {
            _ = try await client("AKIDOTHER", DataAPILocalConfiguration.defaultSecretAccessKey).executeStatement(
                request)
        }
        await expectError("InvalidSignatureException", "does not match") {
            _ = try await client(DataAPILocalConfiguration.defaultAccessKeyId, "wrong").executeStatement(request)
        }

        // A correctly signed request from 10 minutes ago.
        let old = Date().addingTimeInterval(-600)
        let body = Array(try WireJSON.encoder.encode(request))
        let signed = try SigV4.sign(
            SigningRequest(
                method: "POST", url: server.endpoint + "/Execute", headers: [("Content-Type", "application/json")],
                body: body),
            credentials: AWSCredentials(
                accessKeyId: DataAPILocalConfiguration.defaultAccessKeyId,
                secretAccessKey: DataAPILocalConfiguration.defaultSecretAccessKey),
            region: "us-east-1", service: "rds-data", date: old)
        let stale = try await CurlTransport().send(HTTPRequest(method: "POST", url: server.endpoint + "/Execute",
                headers: [("Content-Type", "application/json")] + signed.added.map { (name: $0.key, value: $0.value) },
                body: body))
        #expect(stale.status == 403)
        let e = DataAPIError.from(response: stale)
        #expect(e.code.rawValue == "InvalidSignatureException" && e.message.hasPrefix("Signature expired"))
        // The same request signed now passes, with a session token too.
        let fresh = try SigV4.sign(
            SigningRequest(
                method: "POST", url: server.endpoint + "/Execute", headers: [("Content-Type", "application/json")],
                body: body),
            credentials: AWSCredentials(
                accessKeyId: DataAPILocalConfiguration.defaultAccessKeyId,
                secretAccessKey: DataAPILocalConfiguration.defaultSecretAccessKey, sessionToken: "anything"),
            region: "us-east-1", service: "rds-data", date: Date())
        let ok = try await CurlTransport().send(HTTPRequest(method: "POST", url: server.endpoint + "/Execute",
                headers: [("Content-Type", "application/json")] + fresh.added.map { (name: $0.key, value: $0.value) },
                body: body))
        #expect(ok.status == 200)
        // A body changed after signing fails.
        var tampered = body
        tampered[tampered.count - 3] = UInt8(ascii: "2")
        let bad = try await CurlTransport().send(HTTPRequest(method: "POST", url: server.endpoint + "/Execute",
                headers: [("Content-Type", "application/json")] + fresh.added.map { (name: $0.key, value: $0.value) },
                body: tampered))
        #expect(bad.status == 403)
    }

    @Test func noAuthAcceptsUnsignedRequests() async throws {
        let server = try await LocalFixture.shared.server { $0.authentication = .none }
        let r = try await rawPost(
            server,
            body:
                #"{"resourceArn":"\#(DataAPILocalConfiguration.defaultClusterArn)","secretArn":"\#(DataAPILocalConfiguration.defaultSecretArn)","sql":"SELECT 1"}"#
        )
        #expect(
            r.status == 200
                && String(decoding: r.body, as: UTF8.self)
                    == #"{"numberOfRecordsUpdated":0,"records":[[{"longValue":1}]]}"#
        )
        await server.stop()
    }
}

func expectError(
    _ code: String, _ contains: String? = nil, sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () async throws -> Void
) async {
    await expectError(DataAPIError.Code(rawValue: code), contains, sourceLocation: sourceLocation, body)
}

@Suite(.serialized) struct FaultTests {
    @Test func autoPauseThenResume() async throws {
        let server = try await LocalFixture.shared.server { $0.faults.autoPauseResume = .milliseconds(800) }
        let t = try await Target.make(server)
        await expectError(.databaseResuming, "resuming after being auto-paused") { try await t.execute("SELECT 1") }
        // The client's own retry schedule for DatabaseResumingException rides it out.
        let patient = try await Target.make(
            server,
            retry: .init(
                maxAttempts: 1,
                resuming: .init(
                    maxAttempts: 20, baseDelay: .milliseconds(100), maxDelay: .milliseconds(200),
                    totalDeadline: .seconds(10))))
        #expect(try await patient.execute("SELECT 1").records?.first == [.longValue(1)])
        await server.stop()
    }

    @Test func injectedServerErrorsAndLatency() async throws {
        let server = try await LocalFixture.shared.server {
            $0.faults.serverErrorRate = 1; $0.faults.latency = .milliseconds(200)
        }
        let t = try await Target.make(server)
        let start = ContinuousClock.now
        do {
            try await t.execute("SELECT 1")
            Issue.record("expected a 5xx")
        } catch let e as DataAPIError {
            #expect([DataAPIError.Code.serviceUnavailable, .internalServerError].contains(e.code))
            #expect(e.httpStatus >= 500)
        }
        #expect(ContinuousClock.now - start >= .milliseconds(200))
        await server.stop()
    }
}

@Suite(.serialized) struct RobustnessTests {
    @Test func malformedRequestsGetTypedErrors() async throws {
        let server = try await LocalFixture.shared.server { $0.authentication = .none }
        let arns =
            #""resourceArn":"\#(DataAPILocalConfiguration.defaultClusterArn)","secretArn":"\#(DataAPILocalConfiguration.defaultSecretArn)""#
        let cases: [(String, String, String, String)] = [
            ("/Execute", "{not json", "BadRequestException", "not a JSON object"),
            ("/Execute", "[1,2]", "BadRequestException", "not a JSON object"),
            ("/Execute", "{\(arns)}", "ValidationException", "'sql'"),
            ("/Execute", "{\(arns),\"sql\":5}", "BadRequestException", "sql"),
            (
                "/Execute", "{\(arns),\"sql\":\"SELECT :a\",\"parameters\":[{\"name\":\"a\",\"value\":{}}]}",
                "BadRequestException", "one and only one"
            ),
            (
                "/Execute",
                "{\(arns),\"sql\":\"SELECT :a\",\"parameters\":[{\"name\":\"a\",\"value\":{\"longValue\":1,\"stringValue\":\"x\"}}]}",
                "BadRequestException", "one and only one"
            ),
            (
                "/Execute",
                "{\(arns),\"sql\":\"SELECT 1\",\"parameters\":[{\"name\":\"a\",\"value\":{\"isNull\":true},\"typeHint\":\"BOGUS\"}]}",
                "BadRequestException", "typeHint"
            ),
            ("/CommitTransaction", "{\(arns)}", "ValidationException", "transactionId"),
            ("/Nope", "{}", "UnknownOperationException", ""),
            ("/Execute", "", "BadRequestException", ""),
        ]
        for (path, body, code, text) in cases {
            let r = try await rawPost(server, path: path, body: body)
            let e = DataAPIError.from(response: r)
            #expect(e.code.rawValue == code, "\(path) \(body): \(e)")
            #expect(text.isEmpty || e.message.contains(text), "\(body): \(e.message)")
            #expect(r.header("x-amzn-ErrorType")?.hasPrefix(code + ":") == true)
            #expect(r.header("x-amzn-RequestId") != nil)
        }
        // Still serving.
        let ok = try await rawPost(server, body: "{\(arns),\"sql\":\"SELECT 1\"}")
        #expect(ok.status == 200)
        await server.stop()
    }

    @Test func idleConnectionsAreClosed() async throws {
        let server = try await LocalFixture.shared.server {
            $0.authentication = .none; $0.limits.connectionIdleTimeout = .milliseconds(300)
        }
        let fd = try #require(LoopbackSocket.connect(port: server.port))
        defer { close(fd) }
        _ = "POST /Execute HTTP/1.1\r\nHost: x\r\n".withCString { send(fd, $0, strlen($0), Int32(MSG_NOSIGNAL)) }  // and then nothing
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        // The blocking reads run on a thread of their own and are timed there.
        let (n, elapsed) = await BlockingIO.run { () -> (Int, Duration) in
            let start = ContinuousClock.now
            var buffer = [UInt8](repeating: 0, count: 4096)
            var n = 1
            while n > 0 { n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) } }
            return (n, ContinuousClock.now - start)
        }
        #expect(n == 0, "the server should close the idle connection")
        #expect(elapsed < .seconds(4))
        await server.stop()
    }

    @Test func halfClosedAndSlowConnectionsDoNotHurtTheServer() async throws {
        let server = try await LocalFixture.shared.server { $0.authentication = .none }
        // Connections that send half a request and vanish, or send nothing at all.
        for partial in ["POST /Execute HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"sql\":", "POST /Exe", ""] {
            let fd = try #require(LoopbackSocket.connect(port: server.port))
            _ = partial.withCString { send(fd, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
            shutdown(fd, Int32(SHUT_WR))
            close(fd)
        }
        let arns =
            #""resourceArn":"\#(DataAPILocalConfiguration.defaultClusterArn)","secretArn":"\#(DataAPILocalConfiguration.defaultSecretArn)""#
        for _ in 0..<5 {
            let ok = try await rawPost(server, body: "{\(arns),\"sql\":\"SELECT 1\"}")
            #expect(ok.status == 200)
        }
        await server.stop()
    }
}

@Suite struct SigV4VerifierUnitTests {
    @Test func parsesAmzDatesExactly() {
        #expect(SigV4Verifier.parse("20150830T123600Z") == Date(timeIntervalSince1970: 1_440_938_160))
        #expect(SigV4Verifier.parse("20000229T000000Z") == Date(timeIntervalSince1970: 951_782_400))
        #expect(SigV4Verifier.parse("19700101T000000Z") == Date(timeIntervalSince1970: 0))
        #expect(SigV4Verifier.parse("20151330T123600Z") == nil)
        #expect(SigV4Verifier.parse("2015-08-30T12:36Z") == nil)
        #expect(SigV4Verifier.parse("20150830T1236aaZ") == nil)
    }
}
