#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An HTTP request as the transport sends it.
public struct HTTPRequest: Sendable {
    /// The HTTP method.
    public var method: String
    /// The absolute URL.
    public var url: String
    /// The headers, in the order they are sent.
    public var headers: [(name: String, value: String)]
    /// The body bytes.
    public var body: [UInt8]
    /// Overrides the transport's request timeout for this request.
    public var timeout: Duration?
    /// Overrides the transport's connect timeout for this request.
    public var connectTimeout: Duration?

    /// A request; `timeout` and `connectTimeout` override the transport's when given.
    public init(
        method: String, url: String, headers: [(name: String, value: String)] = [], body: [UInt8] = [],
        timeout: Duration? = nil, connectTimeout: Duration? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.connectTimeout = connectTimeout
    }
}

/// An HTTP response: status, headers (as received) and body.
public struct HTTPResponse: Sendable {
    /// The HTTP status code.
    public var status: Int
    /// The headers, as received.
    public var headers: [(name: String, value: String)]
    /// The body bytes.
    public var body: [UInt8]

    /// A response.
    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first header with this name, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.asciiCaseInsensitiveEquals(name) }?.value
    }
}

/// Sends HTTP requests. ``CurlTransport`` is the real one; tests of a single layer may
/// supply their own.
public protocol HTTPTransport: Sendable {
    /// Sends the request and returns the whole response, or throws ``TransportError``.
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}

/// Timeouts and limits of a transport.
public struct TransportConfiguration: Sendable, Hashable {
    /// Time allowed to open a TCP (and TLS) connection. Default 10 s.
    public var connectTimeout: Duration
    /// Time allowed for a whole request, connect included. Default 60 s: longer than the
    /// service's 45 s statement timeout, so the service's own timeout error arrives first.
    public var requestTimeout: Duration
    /// Largest response body accepted; a larger one fails with ``TransportError/Code/responseTooLarge``.
    /// Default 16 MiB (the service caps responses at 1 MiB, JSON-formatted records at 10 MB).
    public var maxResponseBytes: Int
    /// Idle connections kept open for reuse. Default 32.
    public var maxIdleConnections: Int
    /// A connection idle for longer is closed rather than reused (whole seconds, at least 1).
    /// Default 20 s: below the idle timeouts of HTTP servers and load balancers, so a request
    /// rarely meets a connection the server is closing (such a request fails, as it may have
    /// reached the server, and is not sent again).
    public var maxIdleTime: Duration
    /// Whether requests go the direct way (the calling task writes and reads a connection
    /// libcurl opened; see ``CurlTransport``) rather than through libcurl's transfer thread.
    /// On by default on Linux; tests and benchmarks turn it off to compare the two.
    package var directExchange = true
    /// A PEM file of certificate authorities to trust instead of the system's (tests).
    package var certificateAuthorityFile: String?
    /// Proxy variables to follow instead of the process's (tests): which requests take the
    /// direct path, and the proxy libcurl's path uses.
    package var proxyEnvironment: [String: String]?

    /// A configuration; the defaults are 10 s to connect, 60 s per request, 16 MiB, 32 idle connections, 20 s idle.
    public init(
        connectTimeout: Duration = .seconds(10), requestTimeout: Duration = .seconds(60),
        maxResponseBytes: Int = 16 << 20, maxIdleConnections: Int = 32, maxIdleTime: Duration = .seconds(20)
    ) {
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.maxResponseBytes = maxResponseBytes
        self.maxIdleConnections = maxIdleConnections
        self.maxIdleTime = maxIdleTime
    }
}

extension Duration {
    var milliseconds: Int {
        let (s, atto) = components
        return Int(s) * 1000 + Int(atto / 1_000_000_000_000_000)
    }
    var timeInterval: TimeInterval {
        let (s, atto) = components
        return TimeInterval(s) + TimeInterval(atto) / 1e18
    }
}

extension String {
    /// Equality ignoring ASCII case, as HTTP header names compare.
    func asciiCaseInsensitiveEquals(_ other: String) -> Bool { HeaderName.matches(utf8, other) }
}

/// Header names compared as HTTP compares them, ASCII letters without case, and without
/// allocating a lowercased copy of every name for every lookup.
package enum HeaderName {
    /// Whether `name` equals `other` but for ASCII case (only ASCII letters fold).
    package static func matches(_ name: String, _ other: String) -> Bool { matches(name.utf8, other) }

    /// Whether the bytes `name` spell `other` but for ASCII case (only ASCII letters fold).
    package static func matches(_ name: some Collection<UInt8>, _ other: String) -> Bool {
        let b = other.utf8
        guard name.count == b.count else { return false }
        return name.elementsEqual(b) { x, y in fold(x) == fold(y) }
    }

    @inline(__always)
    private static func fold(_ x: UInt8) -> UInt8 { x >= UInt8(ascii: "A") && x <= UInt8(ascii: "Z") ? x | 0x20 : x }

    /// The values of every header named `lowercase`, in order.
    package static func values(_ lowercase: String, in headers: [(name: String, value: String)]) -> [String] {
        var found: [String] = []
        for header in headers where matches(header.name, lowercase) { found.append(header.value) }
        return found
    }
}
