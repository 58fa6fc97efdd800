import DataAPITestServer
import Testing
@testable import DataAPIClient

/// The direct path's plain sockets: `http` to an IP address or `localhost` connects without
/// libcurl (which is then not loaded for it), and its failures say what happened.
@Suite struct PlainSocketTests {
    @Test func hostsThatNeedNoLookup() {
        #expect(PlainSocket.addresses("127.0.0.1", port: 80).count == 1)
        #expect(PlainSocket.addresses("::1", port: 80).count == 1)
        #expect(PlainSocket.addresses("[::1]", port: 80).count == 1)
        #expect(PlainSocket.addresses("[2001:db8::1]", port: 80).count == 1)
        #expect(PlainSocket.addresses("localhost", port: 80).count == 2)
        #expect(PlainSocket.addresses("LocalHost", port: 80).count == 2)
        // Names, zones and the short forms getaddrinfo accepts take libcurl's path.
        // So do brackets around anything but an IPv6 address, which libcurl refuses.
        for host in [
            "example.com", "localhost.localdomain", "fe80::1%eth0", "1.2.3", "0x7f.1", "", "[]", "127.0.0.1.nip.io",
            "[127.0.0.1]", "[localhost]", "[::1", "::1]",
        ] {
            #expect(PlainSocket.addresses(host, port: 80).isEmpty, "\(host)")
        }
        // A port out of range is libcurl's to refuse, not to wrap around.
        for port in [0, -1, 65536, 70000] { #expect(PlainSocket.addresses("127.0.0.1", port: port).isEmpty) }
        #expect(PlainSocket.addresses("127.0.0.1", port: 65535).count == 1)
        // The port is in network order.
        let v4 = PlainSocket.addresses("10.1.2.3", port: 0x1234)[0]
        #expect(v4[2] == 0x12 && v4[3] == 0x34 && Array(v4[4..<8]) == [10, 1, 2, 3])
    }

    @Test func whichURLsTakeAPlainSocket() throws {
        #expect(try DirectTarget(URLParts("http://127.0.0.1:8080/")).plain)
        #expect(try DirectTarget(URLParts("http://localhost:8080")).plain)
        #expect(try DirectTarget(URLParts("http://[::1]:8080/x")).plain)
        #expect(try !DirectTarget(URLParts("https://127.0.0.1:8080/")).plain)
        #expect(try !DirectTarget(URLParts("https://rds-data.us-east-1.amazonaws.com/")).plain)
        #expect(try !DirectTarget(URLParts("http://example.com/")).plain)
        #expect(try !DirectTarget(URLParts("http://127.0.0.1:70000/x?a=1")).plain)
    }

    /// Calls to a loopback server by address and by `localhost` run on plain sockets, one
    /// connection each, and libcurl opens none of them.
    @Test(arguments: ["127.0.0.1", "localhost"])
    func plainHTTPNeedsNoLibcurl(host: String) async throws {
        let server = try LoopbackHTTPServer { req in .json(#"{"n":\#(req.body.count)}"#) }
        let transport = CurlTransport(configuration: .init(maxIdleTime: .seconds(600)).direct(true))
        for i in 0..<20 {
            let body = [UInt8](repeating: 120, count: i * 10_000)
            let r = try await transport.send(
                HTTPRequest(method: "POST", url: "http://\(host):\(server.port)/Execute", body: body))
            #expect(r.status == 200 && String(decoding: r.body, as: UTF8.self) == #"{"n":\#(body.count)}"#)
        }
        #expect(transport.directTransfers == 20)
        #expect(transport.statistics.connectionsOpened == 1)
        #expect(server.connectionsAccepted == 1)
        #expect(transport.directConnectionsByLibcurl == 0)
    }

    /// A refused connect on a plain socket: nothing was sent, it names the address and the
    /// reason, and it is retried like libcurl's.
    @Test(arguments: ["127.0.0.1", "[::1]"])
    func aRefusedConnectNamesTheReason(host: String) async throws {
        let refusing = try RefusingPort()
        let transport = CurlTransport(configuration: TransportConfiguration().direct(true))
        await #expect {
            _ = try await transport.send(HTTPRequest(method: "POST", url: "http://\(host):\(refusing.port)/x"))
        } throws: {
            guard let e = $0 as? TransportError else { return false }
            return e.code == .connectFailed && !e.requestSent && e.curlCode == nil
                && e.message.contains("port \(refusing.port)") && RetryPolicy.classify(e) == .retry
        }
        #expect(transport.directConnectionsByLibcurl == 0)
    }

    /// A process that cannot load libcurl cannot make HTTPS calls at all: never retried.
    @Test func aMissingLibcurlIsNotRetried() {
        #expect(RetryPolicy.classify(TransportError(code: .unavailable, requestSent: false, message: "x")) == .never)
    }
}
