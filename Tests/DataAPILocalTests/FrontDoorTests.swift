import DataAPIClient
@testable import DataAPILocal
import Foundation
import Testing

/// The HTTP front door: what the server refuses from a request's headers alone, before it
/// reads the body, and how it treats connections (caps, HTTP/1.0, `Connection: close`).
@Suite(.serialized) struct FrontDoorTests {
    typealias R = TestRequests

    // MARK: Rejected from the headers, before the body

    @Test func headerOnlyRejectionsAreAnsweredBeforeTheBodyArrives() async throws {
        let server = try await LocalFixture.shared.standard()
        let body = R.execute("SELECT 1", paddedTo: 4 << 20)
        let host = server.hostHeader
        let signed = try R.signedHeaders(host: host, body: body)
        let stale = try R.signedHeaders(host: host, body: body, date: Date().addingTimeInterval(-600))
        let other = try R.signedHeaders(host: host, body: body, accessKeyId: "AKIDOTHER")
        let rebound = try R.signedHeaders(host: "rebind.attacker.example:8080", body: body)
        let json = ("Content-Type", "application/json")
        let cases: [(String, [(String, String)], Int, Int, String)] = [
            ("no Authorization", [("Host", host), json], 4 << 20, 403, "MissingAuthenticationTokenException"),
            ("malformed Authorization", [("Host", host), json, ("Authorization", "Bearer x")], 4 << 20, 403,
             "IncompleteSignatureException"),
            ("unknown access key", other, 4 << 20, 403, "UnrecognizedClientException"),
            ("stale X-Amz-Date", stale, 4 << 20, 403, "InvalidSignatureException"),
            ("foreign Host", rebound, 4 << 20, 400, "BadRequestException"),
            ("Content-Length over the limit", signed, (4 << 20) + 1, 400, "BadRequestException"),
        ]
        for (name, headers, length, status, code) in cases {
            let connection = try RawHTTPConnection(port: server.port)
            defer { connection.close() }
            // The head only: a server that waits for the 4 MiB body never answers.
            await connection.send(rawRequest(headers: headers, contentLength: length))
            let r = try #require(await connection.response(within: .seconds(3)), "\(name): no answer before the body")
            #expect(r.status == status && r.errorCode == code, "\(name): \(r.status) \(r.bodyText)")
            #expect(r.header("x-amzn-ErrorType")?.hasPrefix(code + ":") == true, "\(name)")
            #expect(r.header("x-amzn-RequestId") != nil, "\(name)")
            #expect(r.header("Connection")?.lowercased() == "close", "\(name)")
            #expect(await connection.closedByServer(within: .seconds(3)), "\(name): connection left open")
        }
        // Still serving, and a well-formed 4 MiB request is accepted.
        let ok = try #require(await server.rawExchange(rawRequest(headers: signed, body: body), within: .seconds(30)))
        #expect(ok.status == 200, "\(ok.bodyText)")
    }

    @Test func connectionsBeyondTheCapAreThrottledAndClosed() async throws {
        let server = try await LocalFixture.shared.server { $0.authentication = .none; $0.limits.maxConnections = 3 }
        let request = rawRequest(headers: [("Host", server.hostHeader), ("Content-Type", "application/json")],
                                 body: R.execute("SELECT 1"))
        let idle = try (0..<3).map { _ in try RawHTTPConnection(port: server.port) }
        // Each answered once and kept open, so the server has certainly counted all three
        // (a fixed pause was not always enough on a loaded machine).
        for c in idle {
            await c.send(request)
            #expect(await c.response(within: .seconds(20))?.status == 200)
        }
        let extra = try RawHTTPConnection(port: server.port)
        await extra.send(request)
        let r = try #require(await extra.response(within: .seconds(10)))
        #expect(r.status == 429 && r.errorCode == "ThrottlingException", "\(r.status) \(r.bodyText)")
        #expect(r.errorMessage.contains("3"), "names the limit: \(r.errorMessage)")
        #expect(r.header("Connection")?.lowercased() == "close")
        #expect(await extra.closedByServer(within: .seconds(3)))
        // A freed slot serves again.
        idle[0].close()
        var status = 0
        let deadline = ContinuousClock.now + .seconds(5)
        while status != 200 && ContinuousClock.now < deadline {
            status = try await server.rawExchange(request)?.status ?? 0
            if status != 200 { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(status == 200)
        for c in idle { c.close() }
        await server.stop()
    }

    @Test func bufferedRequestBytesAreCapped() async throws {
        let server = try await LocalFixture.shared.server {
            $0.authentication = .none
            $0.limits.maxBufferedRequestBytes = 1 << 20
        }
        let headers = [("Host", server.hostHeader), ("Content-Type", "application/json")]
        let body = R.execute("SELECT 1", paddedTo: 700_000)
        // A holds 700 KB of the 1 MiB budget while its body is still arriving…
        let a = try RawHTTPConnection(port: server.port)
        defer { a.close() }
        let request = rawRequest(headers: headers, body: body)
        await a.send(Array(request[..<(request.count - 600_000)]))
        // Wait until the server holds A's bytes (a fixed pause was too short on a loaded machine).
        let deadline = ContinuousClock.now + .seconds(30)
        while server.gate.current.bufferedBytes < body.count, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        // …so B's 700 KB do not fit: answered from its head, and closed.
        let b = try RawHTTPConnection(port: server.port)
        defer { b.close() }
        await b.send(rawRequest(headers: headers, contentLength: body.count))
        let throttled = try #require(await b.response(within: .seconds(10)), "no answer before the body")
        #expect(throttled.status == 429 && throttled.errorCode == "ThrottlingException", "\(throttled.bodyText)")
        #expect(await b.closedByServer(within: .seconds(10)))
        // A completes, and its bytes are released for the next request.
        await a.send(Array(request[(request.count - 600_000)...]))
        #expect(await a.response(within: .seconds(10))?.status == 200)
        #expect(try await server.rawExchange(request, within: .seconds(10))?.status == 200)
        // A chunked body counts as it arrives: 1.5 MiB of chunks go past the budget.
        let chunked = try RawHTTPConnection(port: server.port)
        defer { chunked.close() }
        await chunked.send(rawRequest(headers: headers + [("Transfer-Encoding", "chunked")]))
        let chunk = [UInt8](repeating: 32, count: 256 << 10)
        var answer: RawHTTPConnection.Response?
        for _ in 0..<6 where answer == nil {
            await chunked.send(Array("\(String(chunk.count, radix: 16))\r\n".utf8) + chunk + Array("\r\n".utf8))
            answer = await chunked.response(within: .milliseconds(200))
        }
        if answer == nil { answer = await chunked.response(within: .seconds(3)) }
        #expect(answer?.status == 429 && answer?.errorCode == "ThrottlingException",
                "\(answer?.bodyText ?? "no answer")")
        await server.stop()
    }

    // MARK: JSON only, no CORS

    @Test(arguments: EngineKind.allCases)
    func onlyJSONRequestsRunSQLEvenWithoutAuthentication(_ engine: EngineKind) async throws {
        let server = try await LocalFixture.shared.server(engine) { $0.authentication = .none }
        let table = Target.table("form")
        let create = R.execute("CREATE TABLE \(table) (v int)")
        let refused: [String?] = [
            "text/plain", "text/plain; charset=utf-8", "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x", nil, "", "application/jsonp", "text/json", "application/json-patch+json",
            "application/x-amz-json-1.1",
        ]
        for contentType in refused {
            var headers = [("Host", server.hostHeader)]
            if let contentType { headers.append(("Content-Type", contentType)) }
            let r = try #require(await server.rawExchange(rawRequest(headers: headers, body: create)))
            #expect(r.status == 415 && r.errorCode == "UnsupportedMediaTypeException",
                    "\(contentType ?? "no Content-Type"): \(r.status) \(r.bodyText)")
        }
        let accepted = ["application/json", "application/json; charset=utf-8", "Application/JSON",
                        "application/json;charset=UTF-8"]
        let count = R.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = '\(table)'")
        for contentType in accepted {
            let headers = [("Host", server.hostHeader), ("Content-Type", contentType)]
            let r = try #require(await server.rawExchange(rawRequest(headers: headers, body: count)))
            #expect(r.status == 200 && r.bodyText.contains(#"[[{"longValue":0}]]"#), "\(contentType): \(r.bodyText)")
        }
        await server.stop()
    }

    @Test func optionsAndCrossOriginPostsGrantNoCORS() async throws {
        let server = try await LocalFixture.shared.server { $0.authentication = .none }
        let preflight = rawRequest(method: "OPTIONS", headers: [
            ("Host", server.hostHeader), ("Origin", "http://evil.example"), ("Access-Control-Request-Method", "POST"),
            ("Access-Control-Request-Headers", "content-type"),
        ])
        let r = try #require(await server.rawExchange(preflight))
        #expect(r.status >= 400, "\(r.status)")
        #expect(!r.headers.contains { $0.name.lowercased().hasPrefix("access-control-") }, "\(r.headers)")
        let post = rawRequest(headers: [("Host", server.hostHeader), ("Content-Type", "application/json"),
                                        ("Origin", "http://evil.example")], body: R.execute("SELECT 1"))
        let p = try #require(await server.rawExchange(post))
        #expect(!p.headers.contains { $0.name.lowercased().hasPrefix("access-control-") }, "\(p.headers)")
        await server.stop()
    }

    // MARK: Host

    @Test func onlyLoopbackAndAllowedHostsAreServed() async throws {
        let server = try await LocalFixture.shared.standard()
        let port = server.port
        let body = R.execute("SELECT 1")
        func status(_ host: String, on server: DataAPILocalServer) async throws -> (Int, String?) {
            let headers = try R.signedHeaders(host: host, body: body)
            let r = try await server.rawExchange(rawRequest(headers: headers, body: body))
            return (r?.status ?? 0, r?.errorCode)
        }
        for host in ["rebind.attacker.example:8080", "rebind.attacker.example", "localhost.attacker.example:\(port)",
                     "127.0.0.2:\(port)", "0.0.0.0:\(port)", "localhost:x", "[::2]:\(port)",
                     "localhost:\(port):\(port)", ""] {
            let (s, code) = try await status(host, on: server)
            #expect(s == 400 && code == "BadRequestException", "Host '\(host)': \(s)")
        }
        for host in ["localhost", "localhost:\(port)", "LOCALHOST:\(port)", "127.0.0.1", "127.0.0.1:\(port)", "[::1]",
                     "[::1]:\(port)", "localhost:1"] {
            let (s, _) = try await status(host, on: server)
            #expect(s == 200, "Host '\(host)': \(s)")
        }
        // Without authentication too, and with names the configuration allows.
        let open = try await LocalFixture.shared.server {
            $0.authentication = .none
            $0.allowedHosts = ["dev.example", "api.test:9000"]
        }
        func openStatus(_ host: String) async throws -> Int {
            let request = rawRequest(headers: [("Host", host), ("Content-Type", "application/json")], body: body)
            return try await open.rawExchange(request)?.status ?? 0
        }
        #expect(try await openStatus("rebind.attacker.example:\(open.port)") == 400)
        #expect(try await openStatus("dev.example") == 200)
        #expect(try await openStatus("DEV.example:1234") == 200)
        #expect(try await openStatus("api.test:9000") == 200)
        #expect(try await openStatus("api.test:9001") == 400)
        #expect(try await openStatus("api.test") == 400)
        #expect(try await openStatus("sub.dev.example") == 400)
        await open.stop()
    }

    @Test func aRefusedPipelinedRequestIsAnsweredAfterTheOneBeforeIt() async throws {
        let server = try await LocalFixture.shared.server { $0.authentication = .none }
        let body = R.execute("SELECT 1")
        let connection = try RawHTTPConnection(port: server.port)
        defer { connection.close() }
        // Both in one write: the second head arrives while the first request is still running.
        let host = ("Host", server.hostHeader)
        await connection.send(rawRequest(headers: [host, ("Content-Type", "application/json")], body: body)
                              + rawRequest(headers: [host, ("Content-Type", "text/plain")], body: body))
        let first = try #require(await connection.response())
        #expect(first.status == 200 && first.header("Connection")?.lowercased() != "close", "\(first.bodyText)")
        let second = try #require(await connection.response())
        #expect(second.status == 415 && second.header("Connection")?.lowercased() == "close", "\(second.bodyText)")
        #expect(await connection.closedByServer(within: .seconds(3)))
        await server.stop()
    }

    // MARK: HTTP/1.0 and Connection: close

    @Test(arguments: EngineKind.allCases) func http10IsAnsweredThenClosed(_ engine: EngineKind) async throws {
        let server = try await LocalFixture.shared.server(engine) { $0.authentication = .none }
        let connection = try RawHTTPConnection(port: server.port)
        defer { connection.close() }
        let headers = [("Host", server.hostHeader), ("Content-Type", "application/json")]
        await connection.send(rawRequest(version: "HTTP/1.0", headers: headers, body: R.execute("SELECT 1")))
        let r = try #require(await connection.response())
        #expect(r.status == 200 && r.bodyText.contains(#"{"longValue":1}"#), "\(r.bodyText)")
        #expect(r.header("Connection")?.lowercased() == "close")
        #expect(r.header("Content-Length") != nil && r.header("Transfer-Encoding") == nil)
        #expect(await connection.closedByServer(within: .seconds(3)),
                "an HTTP/1.0 connection must end after its response")
        await server.stop()
    }

    @Test func http10KeepAliveAndHTTP11CloseAreHonoured() async throws {
        let server = try await LocalFixture.shared.server { $0.authentication = .none }
        let json = [("Host", server.hostHeader), ("Content-Type", "application/json")]
        let body = R.execute("SELECT 1")
        // HTTP/1.0 asking for keep-alive gets it, and says so.
        let keepAlive = try RawHTTPConnection(port: server.port)
        defer { keepAlive.close() }
        for _ in 0..<2 {
            let headers = json + [("Connection", "keep-alive")]
            await keepAlive.send(rawRequest(version: "HTTP/1.0", headers: headers, body: body))
            let r = try #require(await keepAlive.response())
            #expect(r.status == 200 && r.header("Connection")?.lowercased() == "keep-alive")
        }
        // HTTP/1.1 `Connection: Close`, in any case, ends the connection after the response.
        for value in ["close", "Close", "keep-alive, CLOSE"] {
            let c = try RawHTTPConnection(port: server.port)
            defer { c.close() }
            await c.send(rawRequest(headers: json + [("Connection", value)], body: body))
            let r = try #require(await c.response())
            #expect(r.status == 200 && r.header("Connection")?.lowercased() == "close", "\(value)")
            #expect(await c.closedByServer(within: .seconds(3)), "Connection: \(value)")
        }
        // Plain HTTP/1.1 keeps the connection for the next request.
        let c = try RawHTTPConnection(port: server.port)
        defer { c.close() }
        for _ in 0..<2 {
            await c.send(rawRequest(headers: json, body: body))
            #expect(await c.response()?.status == 200)
        }
        #expect(await !c.closedByServer(within: .milliseconds(300)))
        await server.stop()
    }
}

/// The front door's pure parts: `Host` parsing, the content-type rule, the gate's counting.
@Suite struct FrontDoorPolicyUnitTests {
    @Test func hostValuesSplitIntoNameAndPort() {
        #expect(HostAllowList.split("LocalHost:8080")! == ("localhost", 8080))
        #expect(HostAllowList.split("[::1]")! == ("[::1]", nil))
        #expect(HostAllowList.split("[::1]:1")! == ("[::1]", 1))
        #expect(HostAllowList.split("example")! == ("example", nil))
        for bad in ["", ":80", "a:", "a:b", "a:+80", "a:65536", "a:123456", "a:1:2", "[::1", "[::1]x", "[::1]:",
                    "a b", "u@h"] {
            #expect(HostAllowList.split(bad) == nil, "\(bad)")
        }
    }

    @Test func allowListHoldsLoopbackTheBoundHostAndTheConfiguredNames() {
        let list = HostAllowList(allowed: ["Dev.Example", "api.test:9000", "fe80::1"], boundHost: "192.168.1.5")
        for ok in ["localhost", "localhost:1", "127.0.0.1:8080", "[::1]:8080", "dev.example:3", "api.test:9000",
                   "[fe80::1]:80", "192.168.1.5:8080"] {
            #expect(list.allows(ok), "\(ok)")
        }
        for refused in ["api.test", "api.test:9001", "x.dev.example", "127.0.0.2", "localhost.", "[::2]",
                        "0.0.0.0:80"] {
            #expect(!list.allows(refused), "\(refused)")
        }
        let wildcard = HostAllowList(allowed: [], boundHost: "0.0.0.0")
        #expect(!wildcard.allows("0.0.0.0:8080") && wildcard.allows("localhost"))
        #expect(!HostAllowList(allowed: [], boundHost: "::").allows("[::]:8080"))
    }

    @Test func onlyApplicationJSONIsAccepted() {
        for ok in ["application/json", "APPLICATION/JSON", "application/json; charset=utf-8",
                   " application/json ;x=y", "\tApplication/JSON\t; charset=utf-8"] {
            #expect(FrontDoorPolicy.checkContentType([ok]) == nil, "\(ok)")
        }
        for refused in [["text/plain"], [], [""], ["application/json", "application/json"], ["application/json+x"],
                        ["application/x-amz-json-1.1"], ["multipart/form-data; boundary=application/json"],
                        // Only spaces and tabs surround a value in HTTP (RFC 9110's OWS), not Unicode spaces.
                        ["\u{00A0}application/json"]] {
            #expect(FrontDoorPolicy.checkContentType(refused)?.code == .unsupportedMediaType, "\(refused)")
        }
    }

    @Test func theGateCountsConnectionsAndBytes() {
        let gate = FrontDoorGate(maxConnections: 2, maxBufferedBytes: 100)
        #expect(gate.connectionOpened() && gate.connectionOpened())
        #expect(!gate.connectionOpened())
        gate.connectionClosed()
        #expect(gate.current.connections == 2)
        #expect(gate.reserve(60) && !gate.reserve(41) && gate.reserve(40))
        gate.release(60)
        #expect(gate.current.bufferedBytes == 40 && gate.reserve(60))
    }
}
