import DataAPIClient
@testable import DataAPILocal
import Foundation
import Testing

/// The HTTP front door: how the server treats connections (HTTP/1.0, `Connection: close`).
@Suite(.serialized) struct FrontDoorTests {
    typealias R = TestRequests

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
