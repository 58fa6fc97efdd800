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
            // no_proxy is read before NO_PROXY; set to nothing, it counts as not set (as libcurl reads it).
            (["https_proxy": "http://p:1", "NO_PROXY": "example.com"], "https", "example.com", false),
            (["https_proxy": "http://p:1", "no_proxy": "a.test", "NO_PROXY": "example.com"], "https", "example.com", true),
            (["https_proxy": "http://p:1", "no_proxy": "", "NO_PROXY": "example.com"], "https", "example.com", false),
            // Entries are separated by commas; blanks around them are ignored.
            (["https_proxy": "http://p:1", "no_proxy": " a.test ,\texample.com "], "https", "example.com", false),
            // A blank inside an entry ends the reading (libcurl 8.9 on reads such a list differently).
            (["https_proxy": "http://p:1", "no_proxy": "a.test example.com"], "https", "example.com", true),
            (["https_proxy": "http://p:1", "no_proxy": "a.test b.test, example.com"], "https", "example.com", true),
            (["https_proxy": "http://p:1", "no_proxy": " * "], "https", "example.com", true),
            // Addresses: a dotted quad, by the same dotted quad only; every other form is left to libcurl,
            // which reads `127.1`, `2130706433` and `0x7f.0.0.1` as 127.0.0.1.
            (["http_proxy": "http://p:1", "no_proxy": "127.0.0.1"], "http", "127.0.0.1", false),
            (["http_proxy": "http://p:1", "no_proxy": "0.0.1"], "http", "127.0.0.1", true),
            (["http_proxy": "http://p:1", "no_proxy": "127.0.0.0/8"], "http", "127.0.0.1", true),
            (["http_proxy": "http://p:1", "no_proxy": "127.1"], "http", "127.1", true),
            (["http_proxy": "http://p:1", "no_proxy": "2130706433"], "http", "2130706433", true),
            (["http_proxy": "http://p:1", "no_proxy": "0x7f.0.0.1"], "http", "0x7f.0.0.1", true),
            (["http_proxy": "http://p:1", "no_proxy": "0.0.1"], "http", "0x7f.0.0.1", true),
            (["http_proxy": "http://p:1", "no_proxy": "127.000.0.1"], "http", "127.000.0.1", true),
            (["http_proxy": "http://p:1", "no_proxy": "1password.com"], "http", "1password.com", true),
            // IPv6 hosts (bracketed, as URLs carry them) are left to libcurl.
            (["http_proxy": "http://p:1", "no_proxy": "[::1]"], "http", "[::1]", true),
            (["http_proxy": "http://p:1", "no_proxy": "::1"], "http", "[::1]", true),
            (["http_proxy": "http://p:1", "no_proxy": "[[::1]]"], "http", "[::1]", true),
            (["http_proxy": "http://p:1", "no_proxy": "*"], "http", "[::1]", false),
            // What libcurl may read differently: a trailing dot, an entry with a port or a line break.
            (["https_proxy": "http://p:1", "no_proxy": "example.com"], "https", "example.com.", true),
            (["https_proxy": "http://p:1", "no_proxy": "example.com:443"], "https", "example.com", true),
            (["https_proxy": "http://p:1", "no_proxy": "example.com\n"], "https", "example.com", true),
        ]
        for c in cases {
            let rules = ProxyRules(environment: c.environment)
            #expect(rules.mayProxy(scheme: c.scheme, host: c.host) == c.mayProxy,
                    "\(c.environment) \(c.scheme)://\(c.host)")
        }
    }

    /// The process's rules read every variable libcurl reads (a name left out would let a
    /// request bypass the proxy it names).
    @Test func theProcessRulesReadEveryProxyVariable() {
        let asked = Mutex<[String]>([])
        _ = ProxyRules { name in asked.withLock { $0.append(name) }; return nil }
        #expect(Set(asked.withLock { $0 }) == ["http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY",
                                               "no_proxy", "NO_PROXY"])
        // Each variable has its effect: set alone, it names a proxy or excludes the host.
        for name in ["https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"] {
            #expect(ProxyRules { $0 == name ? "http://p:1" : nil }.mayProxy(scheme: "https", host: "a.test"), "\(name)")
        }
        #expect(ProxyRules { $0 == "http_proxy" ? "http://p:1" : nil }.mayProxy(scheme: "http", host: "a.test"))
        for name in ["no_proxy", "NO_PROXY"] {
            let rules = ProxyRules { $0 == "https_proxy" ? "http://p:1" : $0 == name ? "a.test" : nil }
            #expect(!rules.mayProxy(scheme: "https", host: "a.test"), "\(name)")
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
