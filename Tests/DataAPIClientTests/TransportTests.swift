import Foundation
import Synchronization
import Testing
@testable import DataAPIClient
import DataAPITestServer

@Suite struct TransportTests {
    @Test(arguments: [true, false])
    func sequentialCallsReuseOneConnection(direct: Bool) async throws {
        let server = try LoopbackHTTPServer { req in .json(#"{"n":\#(req.body.count)}"#) }
        // A long idle limit: a call that a loaded machine delays must not count as idle.
        let transport = CurlTransport(configuration: .init(maxIdleTime: .seconds(600)).direct(direct))
        for i in 0..<50 {
            let r = try await transport.send(
                HTTPRequest(
                    method: "POST", url: server.baseURL + "/Execute", body: Array(String(repeating: "x", count: i).utf8)
                ))
            #expect(r.status == 200 && String(decoding: r.body, as: UTF8.self) == #"{"n":\#(i)}"#)
        }
        #expect(server.connectionsAccepted == 1)
        #expect(transport.statistics.connectionsOpened == 1)
        #expect(transport.statistics.transfers == 50)
    }

    @Test(arguments: [true, false])
    func concurrentCallersRunConcurrentlyAndShareConnections(direct: Bool) async throws {
        let inFlight = Atomic<Int>(0), maxInFlight = Atomic<Int>(0)
        let server = try LoopbackHTTPServer { _ in
            let n = inFlight.add(1, ordering: .sequentiallyConsistent).newValue
            _ = maxInFlight.max(n, ordering: .sequentiallyConsistent)
            Thread.sleep(forTimeInterval: 1.0)  // long enough that all 8 overlap even on a loaded machine
            inFlight.subtract(1, ordering: .sequentiallyConsistent)
            return .json("{}")
        }
        let transport = CurlTransport(configuration: TransportConfiguration().direct(direct))
        // Two rounds of 8: the second round reuses the first round's connections.
        for _ in 0..<2 {
            try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        try await transport.send(HTTPRequest(method: "POST", url: server.baseURL + "/x")).status
                    }
                }
                for try await status in group { #expect(status == 200) }
            }
        }
        // 8 requests were in the server at once: none waited for a cooperative thread
        // (the machine has 2), so no call blocked one.
        #expect(maxInFlight.load(ordering: .sequentiallyConsistent) == 8)
        #expect(server.connectionsAccepted == 8)
    }

    @Test(arguments: [true, false])
    func responseBodyIsCapped(direct: Bool) async throws {
        let server = try LoopbackHTTPServer { _ in Reply(status: 200, body: [UInt8](repeating: 65, count: 2 << 20)) }
        let transport = CurlTransport(configuration: .init(maxResponseBytes: 1 << 20).direct(direct))
        await #expect {
            _ = try await transport.send(HTTPRequest(method: "POST", url: server.baseURL + "/big"))
        } throws: {
            ($0 as? TransportError)?.code == .responseTooLarge
        }
        let ok = try await CurlTransport(configuration: .init(maxResponseBytes: 3 << 20).direct(direct)).send(
            HTTPRequest(method: "POST", url: server.baseURL + "/big"))
        #expect(ok.body.count == 2 << 20)
    }

    @Test(arguments: [true, false])
    func largeRequestBodiesArriveWhole(direct: Bool) async throws {
        let server = try LoopbackHTTPServer { req in .json(#"{"n":\#(req.body.count),"last":\#(req.body.last ?? 0)}"#) }
        var body = [UInt8](repeating: 97, count: 4 << 20)
        body[body.count - 1] = 122
        let r = try await CurlTransport(configuration: TransportConfiguration().direct(direct)).send(HTTPRequest(method: "POST", url: server.baseURL + "/x", body: body))
        #expect(String(decoding: r.body, as: UTF8.self) == #"{"n":4194304,"last":122}"#)
    }

    @Test(arguments: [true, false])
    func cancellingTheTaskCancelsTheTransfer(direct: Bool) async throws {
        let started = Counter()
        let server = try LoopbackHTTPServer { req in
            started.increment()
            return req.path == "/slow" ? Reply(status: 200, delay: .seconds(60)) : .json("{}")
        }
        let transport = CurlTransport(configuration: TransportConfiguration().direct(direct))
        let task = Task { try await transport.send(HTTPRequest(method: "POST", url: server.baseURL + "/slow")) }
        while started.value == 0 { try await Task.sleep(for: .milliseconds(5)) }
        let t0 = ContinuousClock.now
        task.cancel()
        await #expect(throws: CancellationError.self) { _ = try await task.value }
        // The reply would come after a minute; the bound leaves room for a busy test run.
        #expect(ContinuousClock.now - t0 < .seconds(30))
        #expect(try await transport.send(HTTPRequest(method: "POST", url: server.baseURL + "/fast")).status == 200)
    }

    /// A peer that never answers: the request timeout ends the call, as one that was sent.
    @Test(arguments: [true, false])
    func aSilentPeerTimesOutAsSent(direct: Bool) async throws {
        let server = try LoopbackHTTPServer { _ in Reply(status: 200, delay: .seconds(60)) }
        let transport = CurlTransport(configuration: .init(requestTimeout: .seconds(1)).direct(direct))
        await #expect {
            _ = try await transport.send(HTTPRequest(method: "POST", url: server.baseURL + "/x", body: [1]))
        } throws: {
            let e = $0 as? TransportError
            return e?.code == .timedOut && e?.requestSent == true && RetryPolicy.classify(e!) != .retry
        }
    }

    /// A server that answers (413) after the request's head and stops reading the body: the
    /// call gets the answer instead of waiting for the body to be taken. On the direct path.
    @Test func anAnswerBeforeTheBodyIsTakenEndsTheCall() async throws {
        let (listener, port) = try LoopbackSocket.bound()
        defer { close(listener) }
        #expect(listen(listener, 4) == 0)
        Thread.detachNewThread {
            let c = accept(listener, nil, nil)
            guard c >= 0 else { return }
            var seen: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while !seen.suffix(4).elementsEqual([13, 10, 13, 10]) {
                let n = buffer.withUnsafeMutableBytes { recv(c, $0.baseAddress, 1, 0) }
                guard n > 0 else { break }
                seen.append(buffer[0])
            }
            let answer = "HTTP/1.1 413 Payload Too Large\r\nContent-Length: 4\r\nConnection: close\r\n\r\nbig!"
            _ = answer.withCString { send(c, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
            Thread.sleep(forTimeInterval: 40)  // without reading the body
            close(c)
        }
        let transport = CurlTransport(configuration: .init(requestTimeout: .seconds(60)))
        let body = [UInt8](repeating: 120, count: 16 << 20)
        let t0 = ContinuousClock.now
        let r = try await transport.send(HTTPRequest(method: "POST", url: "http://127.0.0.1:\(port)/x", body: body))
        #expect(r.status == 413 && r.body == Array("big!".utf8))
        // The server closes after 40 s; the bound leaves room for a busy test run.
        #expect(ContinuousClock.now - t0 < .seconds(25), "the answer waited for the server to close")
    }

    /// Cancelling a call whose connect hangs ends it at once, on both paths.
    @Test(arguments: [true, false])
    func cancellingDuringTheConnectEndsTheCall(direct: Bool) async throws {
        let listener = try SaturatedListener()
        let transport = CurlTransport(
            configuration: .init(connectTimeout: .seconds(60), requestTimeout: .seconds(120)).direct(direct))
        let task = Task { try await transport.send(HTTPRequest(method: "POST", url: listener.baseURL + "/x")) }
        try await Task.sleep(for: .milliseconds(300))
        let t0 = ContinuousClock.now
        task.cancel()
        await #expect(throws: CancellationError.self) { _ = try await task.value }
        // The connect would take a minute; the bound leaves room for a busy test run.
        #expect(ContinuousClock.now - t0 < .seconds(30))
    }

    /// On the direct path a header that would end the line early, or a name HTTP does not
    /// allow, is refused before anything is sent.
    @Test func headersThatWouldSplitTheHeadAreRefused() async throws {
        let server = try LoopbackHTTPServer { _ in .json("{}") }
        let transport = CurlTransport()
        for (name, value) in [("X-A", "a\r\nX-B: b"), ("X-A", "a\nb"), ("X A", "v"), ("", "v"), ("X:A", "v")] {
            await #expect {
                _ = try await transport.send(
                    HTTPRequest(method: "POST", url: server.baseURL + "/x", headers: [(name, value)]))
            } throws: {
                let e = $0 as? TransportError
                return e?.code == .invalidRequest && e?.requestSent == false
            }
        }
        await #expect {
            _ = try await transport.send(HTTPRequest(method: "GET /x HTTP/1.1\r\nX:", url: server.baseURL + "/x"))
        } throws: {
            ($0 as? TransportError)?.code == .invalidRequest
        }
        #expect(server.requestsServed == 0 && server.connectionsAccepted == 0)
    }

    @Test(arguments: [true, false])
    func alreadyCancelledTaskSendsNothing(direct: Bool) async throws {
        let server = try LoopbackHTTPServer { _ in .json("{}") }
        let transport = CurlTransport(configuration: TransportConfiguration().direct(direct))
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await transport.send(HTTPRequest(method: "POST", url: server.baseURL + "/x"))
        }
        await #expect(throws: CancellationError.self) { _ = try await task.value }
        #expect(server.requestsServed == 0)
    }

    @Test(arguments: [true, false])
    func connectTimeoutIsExplicitAndNothingIsSent(direct: Bool) async throws {
        let listener = try SaturatedListener()
        // The request timeout is long, so a connect timeout that did not apply shows as a
        // wait of a minute; the bound below leaves room for a machine busy with other suites.
        let transport = CurlTransport(
            configuration: .init(connectTimeout: .milliseconds(300), requestTimeout: .seconds(120)).direct(direct))
        let t0 = ContinuousClock.now
        await #expect {
            _ = try await transport.send(HTTPRequest(method: "POST", url: listener.baseURL + "/Execute"))
        } throws: {
            let e = $0 as? TransportError
            return e?.code == .timedOut && e?.requestSent == false && RetryPolicy.classify(e!) == .retry
        }
        let elapsed = ContinuousClock.now - t0
        #expect(elapsed >= .milliseconds(250) && elapsed < .seconds(60))
    }

    /// A connection idle for longer than `maxIdleTime` is not reused, so a request rarely meets
    /// one the server is about to close; a younger one is.
    @Test(arguments: [true, false])
    func connectionsIdleTooLongAreNotReused(direct: Bool) async throws {
        let server = try LoopbackHTTPServer { _ in .json("{}") }
        let transport = CurlTransport(configuration: .init(maxIdleTime: .seconds(2)).direct(direct))
        let request = HTTPRequest(method: "POST", url: server.baseURL + "/Execute", body: Array("{}".utf8))
        _ = try await transport.send(request)
        _ = try await transport.send(request)
        // Reuse in general is sequentialCallsReuseOneConnection's test; a loaded machine may
        // delay the second call past the short limit here.
        let before = server.connectionsAccepted
        try await Task.sleep(for: .milliseconds(3_500))
        _ = try await transport.send(request)
        #expect(server.connectionsAccepted == before + 1)
        #expect(transport.statistics.resendsRefused == 0)
    }

    @Test(arguments: [true, false])
    func getAndPutAndHeaders(direct: Bool) async throws {
        let server = try LoopbackHTTPServer { req in
            LoopbackHTTPServer.Reply(
                status: 201, headers: [("X-Method", req.method), ("X-Echo", req.header("X-In") ?? "")],
                body: Array(req.body))
        }
        let transport = CurlTransport(configuration: TransportConfiguration().direct(direct))
        let get = try await transport.send(
            HTTPRequest(method: "GET", url: server.baseURL + "/g", headers: [("X-In", "a b")]))
        #expect(get.status == 201 && get.header("x-method") == "GET" && get.header("X-ECHO") == "a b")
        let put = try await transport.send(
            HTTPRequest(method: "PUT", url: server.baseURL + "/p", body: Array("hi".utf8)))
        #expect(put.header("X-Method") == "PUT" && put.body == Array("hi".utf8))
    }

    @Test(arguments: [true, false])
    func tlsVerificationIsAlwaysOn(direct: Bool) async throws {
        let dir = try TemporaryDirectory()
        _ = try await Subprocess.run(
            "/usr/bin/env",
            [
                "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
                "-keyout", dir.path + "/key.pem", "-out", dir.path + "/cert.pem", "-days", "1",
            ])
        let script = """
        import http.server, ssl, sys, threading
        class H(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                self.send_response(200); self.send_header('Content-Length', '2'); self.end_headers(); self.wfile.write(b'{}')
            def log_message(self, *a): pass
        s = http.server.HTTPServer(('127.0.0.1', 0), H)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER); ctx.load_cert_chain('\(dir.path)/cert.pem', '\(dir.path)/key.pem')
        s.socket = ctx.wrap_socket(s.socket, server_side=True)
        print(s.server_address[1], flush=True)
        threading.Thread(target=s.serve_forever, daemon=True).start()
        sys.stdin.read()
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin; process.standardOutput = stdout
        try process.run()
        defer { try? stdin.fileHandleForWriting.close() }
        let port = try await BlockingIO.run { () -> String in
            var line = Data()
            while let b = try stdout.fileHandleForReading.read(upToCount: 1), !b.isEmpty, b != Data("\n".utf8) {
                line += b
            }
            return String(decoding: line, as: UTF8.self)
        }
        await #expect {
            _ = try await CurlTransport(configuration: TransportConfiguration().direct(direct)).send(HTTPRequest(method: "POST", url: "https://localhost:\(port)/Execute"))
        } throws: {
            let e = $0 as? TransportError
            return e?.code == .tls && e?.requestSent == false
        }
    }
}

/// Records log lines for assertions.
final class CapturedLogs: @unchecked Sendable {
    private let lock = NSLock()
    private var _lines: [(level: Logger.Level, message: String, metadata: Logger.Metadata)] = []
    var lines: [(level: Logger.Level, message: String, metadata: Logger.Metadata)] { lock.withLock { _lines } }
    func append(_ l: Logger.Level, _ m: String, _ md: Logger.Metadata) { lock.withLock { _lines.append((l, m, md)) } }
    var logger: Logger {
        Logger(label: "test") { _ in Handler(sink: self) }
    }
    struct Handler: LogHandler {
        let sink: CapturedLogs
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] } set { metadata[key] = newValue }
        }
        func log(
            level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String,
            function: String, line: UInt
        ) {
            sink.append(level, message.description, self.metadata.merging(metadata ?? [:]) { $1 })
        }
    }
}

import Logging

@Suite struct ClientTests {
    @Test func signedRequestOnTheWireVerifiesWithBotocore() async throws {
        let captured = Mutex<LoopbackHTTPServer.Request?>(nil)
        let server = try LoopbackHTTPServer { req in
            captured.withLock { $0 = req }
            return .json(
                #"{"records":[[{"longValue":1},{"stringValue":"ünï"}]],"numberOfRecordsUpdated":0}"#,
                headers: [("x-amzn-RequestId", "r1")])
        }
        let creds = AWSCredentials(
            accessKeyId: "ASIAEXAMPLE", secretAccessKey: SampleKeys.secretAccessKey, sessionToken: "SESSION/TOKEN+=")
        let client = DataAPIClient(
            configuration: .init(region: "eu-west-1", endpoint: server.baseURL, environment: [:]),
            credentialProvider: StaticCredentialProvider(creds))
        let r = try await client.executeStatement(
            .init(
                resourceArn: TestARN.cluster, secretArn: TestARN.secret, sql: "SELECT 1, 'ünï'",
                includeResultMetadata: false))
        #expect(r.records == [[.longValue(1), .stringValue("ünï")]])
        let req = try #require(captured.withLock { $0 })
        #expect(req.method == "POST" && req.path == "/Execute")
        #expect(req.header("Content-Type") == "application/json")
        #expect(req.header("X-Amz-Security-Token") == "SESSION/TOKEN+=")
        let script = #"""
import json, sys, datetime
from unittest import mock
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
i = json.load(sys.stdin)
req = AWSRequest(method='POST', url=i['url'], data=i['body'].encode('utf-8'), headers={'Content-Type': i['contentType']})
when = datetime.datetime.strptime(i['date'], '%Y%m%dT%H%M%SZ')
with mock.patch('botocore.auth.get_current_datetime', return_value=when):
    SigV4Auth(Credentials('ASIAEXAMPLE', i['secret'], 'SESSION/TOKEN+='), 'rds-data', 'eu-west-1').add_auth(req)
print(req.headers['Authorization'])
"""#
        let input = try JSONSerialization.data(withJSONObject: [
            "url": server.baseURL + req.path, "body": req.bodyText, "contentType": req.header("Content-Type")!,
            "date": req.header("X-Amz-Date")!, "secret": SampleKeys.secretAccessKey,
        ])
        let expected = try await Subprocess.python(script, input: input).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(req.header("Authorization") == expected)
        #expect(expected.contains("/eu-west-1/rds-data/aws4_request"))
    }

    @Test func everyOperationHitsItsPathAndDecodes() async throws {
        let server = try LoopbackHTTPServer { req in
            switch req.path {
            case "/Execute": return .json(#"{"numberOfRecordsUpdated":2,"generatedFields":[{"longValue":9}]}"#)
            case "/BatchExecute":
                return .json(#"{"updateResults":[{"generatedFields":[]},{"generatedFields":[{"longValue":3}]}]}"#)
            case "/BeginTransaction": return .json(#"{"transactionId":"tx-1"}"#)
            case "/CommitTransaction": return .json(#"{"transactionStatus":"Transaction Committed"}"#)
            case "/RollbackTransaction": return .json(#"{"transactionStatus":"Rollback Complete"}"#)
            case "/ExecuteSql":
                return .json(
                    #"{"sqlStatementResults":[{"numberOfRecordsUpdated":0,"resultFrame":{"records":[{"values":[{"intValue":1}]}]}}]}"#
                )
            default: return .json("{}", status: 404)
            }
        }
        let client = makeClient(server)
        let (c, s) = (TestARN.cluster, TestARN.secret)
        #expect(
            try await client.executeStatement(.init(resourceArn: c, secretArn: s, sql: "x")).generatedFields == [
                .longValue(9)
            ])
        #expect(
            try await client.batchExecuteStatement(
                .init(resourceArn: c, secretArn: s, sql: "x", parameterSets: [[], []])
            ).updateResults?.count == 2)
        #expect(try await client.beginTransaction(.init(resourceArn: c, secretArn: s)).transactionId == "tx-1")
        #expect(
            try await client.commitTransaction(.init(resourceArn: c, secretArn: s, transactionId: "tx-1"))
                .transactionStatus == "Transaction Committed")
        #expect(
            try await client.rollbackTransaction(.init(resourceArn: c, secretArn: s, transactionId: "tx-1"))
                .transactionStatus == "Rollback Complete")
        let sql = try await client.send(
            ExecuteSqlRequest(dbClusterOrInstanceArn: c, awsSecretStoreArn: s, sqlStatements: "SELECT 1"))
        #expect(sql.sqlStatementResults?.first?.resultFrame?.records?.first?.values == [.intValue(1)])
    }

    @Test func logsOneDebugLinePerCallAndNeverValuesOrSecrets() async throws {
        let attempts = Counter()
        let server = try LoopbackHTTPServer { _ in
            attempts.increment() == 1
                ? .json(
                    #"{"message":"slow down"}"#, status: 400, headers: [("x-amzn-ErrorType", "ThrottlingException")])
                : .json(#"{"numberOfRecordsUpdated":1}"#)
        }
        let logs = CapturedLogs()
        let client = DataAPIClient(
            configuration: .init(
                region: "us-east-1", endpoint: server.baseURL,
                retryPolicy: .init(baseDelay: .milliseconds(1), totalDeadline: .seconds(120)),
                environment: [:]),
            credentialProvider: StaticCredentialProvider(
                AWSCredentials(accessKeyId: "AKIDLOG", secretAccessKey: "SECRETLOGKEY", sessionToken: "LOGTOKEN")),
            logger: logs.logger)
        _ = try await client.executeStatement(
            .init(
                resourceArn: TestARN.cluster, secretArn: TestARN.secret, sql: "UPDATE t SET a = :a",
                parameters: [.init(name: "a", value: .stringValue("PARAMVALUE-SECRET"))]))
        let calls = logs.lines.filter { $0.message == "data api call" }
        #expect(calls.count == 2)
        #expect(calls.allSatisfy { $0.level == .debug })
        let last = try #require(calls.last)
        #expect(last.metadata["operation"] == "ExecuteStatement")
        #expect(last.metadata["status"] == "200")
        #expect(last.metadata["attempt"] == "2")
        #expect(
            last.metadata["duration_ms"] != nil && last.metadata["bytes_out"] != nil
                && last.metadata["bytes_in"] == "28")
        let sqlLines = logs.lines.filter { $0.metadata["sql"] != nil }
        #expect(
            sqlLines.count == 1 && sqlLines[0].level == .trace && sqlLines[0].metadata["sql"] == "UPDATE t SET a = :a")
        let everything = logs.lines.map { "\($0.message) \($0.metadata)" }.joined(separator: "\n")
        for secret in ["PARAMVALUE-SECRET", "SECRETLOGKEY", "LOGTOKEN", "Signature="] {
            #expect(!everything.contains(secret), "logs leak \(secret)")
        }
    }
}

extension TransportConfiguration {
    /// This configuration on the direct path (true) or libcurl's transfer thread (false).
    func direct(_ on: Bool) -> TransportConfiguration {
        var c = self
        c.directExchange = on
        return c
    }
}
