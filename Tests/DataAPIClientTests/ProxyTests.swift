import Foundation
import Synchronization
import Testing
@testable import DataAPIClient
import DataAPITestServer

/// Which requests take the direct path when proxy variables are set: only those libcurl would
/// certainly not send through a proxy; the rest go through libcurl, which applies the proxy.
@Suite struct ProxyTests {
    @Test func proxyVariablesAreReadAsLibcurlReadsThem() {
        let cases: [(environment: [String: String], scheme: String, host: String, mayProxy: Bool)] = [
            ([:], "https", "rds-data.us-east-1.amazonaws.com", false),
            // http_proxy is read in lowercase only, and for http only.
            (["HTTP_PROXY": "http://p:1"], "http", "example.com", false),
            (["http_proxy": "http://p:1"], "http", "example.com", true),
            (["http_proxy": "http://p:1"], "https", "example.com", false),
            (["https_proxy": "http://p:1"], "https", "example.com", true),
            (["HTTPS_PROXY": "http://p:1"], "https", "example.com", true),
            (["https_proxy": "http://p:1"], "http", "example.com", false),
            (["all_proxy": "http://p:1"], "http", "example.com", true),
            (["ALL_PROXY": "http://p:1"], "https", "example.com", true),
            // An empty variable names no proxy, and does not hide the next one.
            (["https_proxy": ""], "https", "example.com", false),
            (["https_proxy": "", "HTTPS_PROXY": "http://p:1"], "https", "example.com", true),
            // no_proxy: `*` alone excludes every host.
            (["https_proxy": "http://p:1", "no_proxy": "*"], "https", "example.com", false),
            (["https_proxy": "http://p:1", "no_proxy": "*, example.org"], "https", "example.com", true),
            // A name excludes itself and its subdomains, in any case, with or without a leading dot.
            (["https_proxy": "http://p:1", "no_proxy": "example.com"], "https", "example.com", false),
            (["https_proxy": "http://p:1", "no_proxy": "example.com"], "https", "db.EXAMPLE.com", false),
            (["https_proxy": "http://p:1", "no_proxy": ".example.com"], "https", "db.example.com", false),
            (["https_proxy": "http://p:1", "no_proxy": "example.com"], "https", "myexample.com", true),
            (["https_proxy": "http://p:1", "no_proxy": "a.test, example.com ,b.test"], "https", "x.example.com", false),
            (["https_proxy": "http://p:1", "no_proxy": "amazonaws.com"],
             "https", "rds-data.us-east-1.amazonaws.com", false),
            // no_proxy is read before NO_PROXY, even when empty.
            (["https_proxy": "http://p:1", "NO_PROXY": "example.com"], "https", "example.com", false),
            (["https_proxy": "http://p:1", "no_proxy": "", "NO_PROXY": "example.com"], "https", "example.com", true),
            // Addresses: the same address only; ranges and partial addresses are left to libcurl.
            (["http_proxy": "http://p:1", "no_proxy": "127.0.0.1"], "http", "127.0.0.1", false),
            (["http_proxy": "http://p:1", "no_proxy": "0.0.1"], "http", "127.0.0.1", true),
            (["http_proxy": "http://p:1", "no_proxy": "127.0.0.0/8"], "http", "127.0.0.1", true),
            (["http_proxy": "http://p:1", "no_proxy": "[::1]"], "http", "::1", false),
            (["http_proxy": "http://p:1", "no_proxy": "::1"], "http", "::1", false),
            // What libcurl may read differently: a trailing dot, an entry with a port or a tab.
            (["https_proxy": "http://p:1", "no_proxy": "example.com"], "https", "example.com.", true),
            (["https_proxy": "http://p:1", "no_proxy": "example.com:443"], "https", "example.com", true),
            (["https_proxy": "http://p:1", "no_proxy": "a.test\texample.com"], "https", "example.com", true),
        ]
        for c in cases {
            let rules = ProxyRules(environment: c.environment)
            #expect(rules.mayProxy(scheme: c.scheme, host: c.host) == c.mayProxy,
                    "\(c.environment) \(c.scheme)://\(c.host)")
        }
    }

    /// A host `no_proxy` excludes takes the direct path although a proxy is named (a closed port:
    /// a request sent to it would fail).
    @Test func aHostNoProxyExcludesTakesTheDirectPath() async throws {
        let server = try LoopbackHTTPServer { _ in .json(#"{"ok":true}"#) }
        let closed = try RefusingPort()
        var c = TransportConfiguration()
        c.proxyEnvironment = ["http_proxy": "http://127.0.0.1:\(closed.port)", "no_proxy": "localhost,127.0.0.1"]
        let transport = CurlTransport(configuration: c)
        let r = try await transport.send(HTTPRequest(method: "POST", url: server.baseURL + "/Execute", body: []))
        #expect(r.status == 200)
        #if os(Linux)
        #expect(transport.directTransfers == 1)
        #endif
    }

    /// A request libcurl may send through a proxy goes through libcurl, and through the proxy: the
    /// proxy sees the absolute URL of a host that does not resolve, and its answer comes back.
    @Test func aProxiedRequestGoesThroughTheProxy() async throws {
        let seen = Mutex<[String]>([])
        let proxy = try LoopbackHTTPServer { req in
            seen.withLock { $0.append("\(req.method) \(req.path)") }
            return .json(#"{"records":[[{"longValue":7}]]}"#)
        }
        var c = TransportConfiguration()
        c.proxyEnvironment = ["http_proxy": proxy.baseURL, "no_proxy": "example.org"]
        let transport = CurlTransport(configuration: c)
        let url = "http://db.proxied.invalid:8080/Execute"
        let r = try await transport.send(HTTPRequest(method: "POST", url: url, body: Array("{}".utf8)))
        #expect(r.status == 200 && String(decoding: r.body, as: UTF8.self).contains("longValue"))
        #expect(seen.withLock { $0 } == ["POST \(url)"])
        #expect(transport.directTransfers == 0)
    }
}
