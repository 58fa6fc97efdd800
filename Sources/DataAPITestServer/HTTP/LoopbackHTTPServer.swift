#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// A small HTTP/1.1 server on 127.0.0.1 for tests and benchmarks.
///
/// Each connection gets a thread of its own and is kept alive between requests. A
/// handler decides each reply, so a test can script any status, header, body, delay or
/// dropped connection. The server counts accepted TCP connections, which is how tests
/// prove that the client reuses connections.
public final class LoopbackHTTPServer: Sendable {
    /// A request as received.
    public struct Request: Sendable {
        public var method: String
        public var path: String
        public var headers: [(name: String, value: String)]
        public var body: [UInt8]
        /// Which accepted connection it came on (1-based).
        public var connection: Int

        public func header(_ name: String) -> String? {
            headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
        }
        public var bodyText: String { String(decoding: body, as: UTF8.self) }
    }

    /// What to answer.
    public struct Reply: Sendable {
        public var status: Int
        public var headers: [(name: String, value: String)]
        public var body: [UInt8]
        /// Wait this long before answering.
        public var delay: Duration?
        /// Close the connection instead of answering.
        public var drop: Bool
        /// Send only this many bytes of the response (status line and headers included), then
        /// close the connection.
        public var truncatedAfter: Int?
        /// Close the connection after answering, without a `Connection: close` header.
        public var closeAfterReply = false
        /// Answer, keep the connection open, and reset it as soon as the next request on it
        /// starts to arrive, without reading that request (a server closing an idle
        /// connection just as the client reuses it).
        public var resetOnNextRequest = false

        public init(
            status: Int = 200, headers: [(name: String, value: String)] = [], body: [UInt8] = [],
            delay: Duration? = nil, drop: Bool = false
        ) {
            self.status = status
            self.headers = headers
            self.body = body
            self.delay = delay
            self.drop = drop
        }

        public static func json(
            _ text: String, status: Int = 200, headers: [(name: String, value: String)] = []
        ) -> Reply {
            Reply(status: status, headers: [("Content-Type", "application/json")] + headers, body: Array(text.utf8))
        }
        public static let dropConnection = Reply(drop: true)
    }

    public typealias Handler = @Sendable (Request) -> Reply

    public let port: Int
    private let acceptor: LoopbackAcceptor
    private let requests: RequestCounter

    /// Starts listening on `127.0.0.1` on a free port.
    public init(handler: @escaping Handler) throws {
        let requests = RequestCounter()
        self.requests = requests
        acceptor = try LoopbackAcceptor(backlog: 256, name: "loopback-http") { _, fd, n in
            Self.serve(fd, connection: n, handler: handler, requests: requests)
        }
        port = acceptor.port
    }

    deinit { stop() }

    /// `http://127.0.0.1:PORT`
    public var baseURL: String { "http://127.0.0.1:\(port)" }
    /// TCP connections accepted so far.
    public var connectionsAccepted: Int { acceptor.connectionsAccepted }
    /// Requests answered so far (dropped ones included).
    public var requestsServed: Int { requests.value }

    /// Stops accepting and closes every open connection.
    public func stop() { acceptor.stop() }

    private static func serve(_ fd: Int32, connection: Int, handler: Handler, requests: RequestCounter) {
        let reader = HTTPMessageReader(fd: fd)
        var resetOnNextRequest = false
        while true {
            if resetOnNextRequest {
                // Wait for the next request's first bytes, then reset without reading them.
                var peek: UInt8 = 0
                if recv(fd, &peek, 1, Int32(MSG_PEEK)) <= 0 { return }
                LoopbackSocket.resetOnClose(fd)
                return
            }
            guard let message = reader.next() else { return }
            let requestLine = message.startLine.split(separator: " ")
            guard requestLine.count >= 2 else { return }
            let request = Request(
                method: String(requestLine[0]), path: String(requestLine[1]), headers: message.headers,
                body: message.body, connection: connection)
            let reply = handler(request)
            requests.increment()
            if let d = reply.delay {
                Thread.sleep(forTimeInterval: Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)
            }
            if reply.drop { return }
            var out = "HTTP/1.1 \(reply.status) \(reply.status == 200 ? "OK" : "Status")\r\n"
            var hasLength = false
            for (k, v) in reply.headers {
                if k.lowercased() == "content-length" { hasLength = true }
                out += "\(k): \(v)\r\n"
            }
            if !hasLength { out += "Content-Length: \(reply.body.count)\r\n" }
            out += "\r\n"
            var bytes = Array(out.utf8) + reply.body
            if let cut = reply.truncatedAfter { bytes = Array(bytes.prefix(cut)) }
            guard LoopbackSocket.sendAll(fd, bytes) else { return }
            if reply.truncatedAfter != nil || reply.closeAfterReply { return }
            if request.header("Connection")?.lowercased() == "close" { return }
            resetOnNextRequest = reply.resetOnNextRequest
        }
    }
}

/// Requests answered, counted from the connection threads.
private final class RequestCounter: Sendable {
    private let count = Atomic<Int>(0)
    var value: Int { count.load(ordering: .relaxed) }
    func increment() { count.add(1, ordering: .relaxed) }
}
