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

        public init(status: Int = 200, headers: [(name: String, value: String)] = [], body: [UInt8] = [],
                    delay: Duration? = nil, drop: Bool = false) {
            self.status = status
            self.headers = headers
            self.body = body
            self.delay = delay
            self.drop = drop
        }

        public static func json(_ text: String, status: Int = 200, headers: [(name: String, value: String)] = []) -> Reply {
            Reply(status: status, headers: [("Content-Type", "application/json")] + headers, body: Array(text.utf8))
        }
        public static let dropConnection = Reply(drop: true)
    }

    public typealias Handler = @Sendable (Request) -> Reply

    public let port: Int
    private let listenFD: Int32
    private let handler: Handler
    private struct State { var connections = 0; var requests = 0; var open: Set<Int32> = []; var stopped = false }
    private let state = Mutex(State())

    /// Starts listening on `127.0.0.1` on a free port.
    public init(handler: @escaping Handler) throws {
        self.handler = handler
        let (fd, port) = try LoopbackSocket.bound()
        guard listen(fd, 256) == 0 else { close(fd); throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        self.port = port
        self.listenFD = fd
        let t = Thread { [self] in acceptLoop() }
        t.name = "loopback-http.accept"
        t.start()
    }

    deinit { stop() }

    /// `http://127.0.0.1:PORT`
    public var baseURL: String { "http://127.0.0.1:\(port)" }
    /// TCP connections accepted so far.
    public var connectionsAccepted: Int { state.withLock { $0.connections } }
    /// Requests answered so far (dropped ones included).
    public var requestsServed: Int { state.withLock { $0.requests } }

    /// Stops accepting and closes every open connection.
    public func stop() {
        // Under the lock, so that no descriptor is shut down after its owner closed it
        // (a closed number may already belong to another socket in the process).
        state.withLock { s in
            if s.stopped { return }
            s.stopped = true
            shutdown(listenFD, Int32(SHUT_RDWR))
            for fd in s.open { shutdown(fd, Int32(SHUT_RDWR)) }
        }
    }

    private func acceptLoop() {
        while true {
            let c = accept(listenFD, nil, nil)
            if c < 0 {
                if errno == EINTR { continue }
                break
            }
            let n: Int? = state.withLock { s in
                if s.stopped { return nil }
                s.connections += 1
                s.open.insert(c)
                return s.connections
            }
            guard let n else { close(c); break }
            var one: Int32 = 1
            setsockopt(c, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            let t = Thread { [self] in serve(c, connection: n) }
            t.name = "loopback-http.conn"
            t.start()
        }
        state.withLock { s in
            if !s.stopped {
                s.stopped = true
                for fd in s.open { shutdown(fd, Int32(SHUT_RDWR)) }
            }
            close(listenFD)
        }
    }

    private func serve(_ fd: Int32, connection: Int) {
        defer {
            state.withLock { s in
                s.open.remove(fd)
                close(fd)
            }
        }
        var buffer = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 65536)
        var resetOnNextRequest = false
        while true {
            if resetOnNextRequest {
                // Wait for the next request's first bytes, then reset without reading them.
                var peek: UInt8 = 0
                if recv(fd, &peek, 1, Int32(MSG_PEEK)) <= 0 { return }
                var hard = linger(l_onoff: 1, l_linger: 0)
                setsockopt(fd, SOL_SOCKET, SO_LINGER, &hard, socklen_t(MemoryLayout<linger>.size))
                return
            }
            // Read until the end of the head.
            var headEnd: Int?
            while headEnd == nil {
                if let r = findHeadEnd(buffer) { headEnd = r; break }
                let n = receive(fd, &chunk)
                if n <= 0 { return }
                buffer.append(contentsOf: chunk[0..<n])
            }
            let head = String(decoding: buffer[0..<headEnd!], as: UTF8.self)
            var lines = head.components(separatedBy: "\r\n")
            let requestLine = lines.removeFirst().split(separator: " ")
            guard requestLine.count >= 2 else { return }
            var headers: [(name: String, value: String)] = []
            for line in lines where !line.isEmpty {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
            }
            let length = headers.first { $0.name.lowercased() == "content-length" }.flatMap { Int($0.value) } ?? 0
            let bodyStart = headEnd! + 4
            while buffer.count < bodyStart + length {
                let n = receive(fd, &chunk)
                if n <= 0 { return }
                buffer.append(contentsOf: chunk[0..<n])
            }
            let body = Array(buffer[bodyStart..<(bodyStart + length)])
            buffer.removeFirst(bodyStart + length)
            let request = Request(method: String(requestLine[0]), path: String(requestLine[1]), headers: headers, body: body, connection: connection)
            let reply = handler(request)
            state.withLock { $0.requests += 1 }
            if let d = reply.delay { Thread.sleep(forTimeInterval: Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18) }
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
            var sent = 0
            while sent < bytes.count {
                let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return }
                sent += n
            }
            if reply.truncatedAfter != nil || reply.closeAfterReply { return }
            if request.header("Connection")?.lowercased() == "close" { return }
            resetOnNextRequest = reply.resetOnNextRequest
        }
    }

    /// `recv` that retries when a signal (SIGCHLD from a test's child process) interrupts it.
    private func receive(_ fd: Int32, _ chunk: inout [UInt8]) -> Int {
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 && errno == EINTR { continue }
            return n
        }
    }

    private func findHeadEnd(_ b: [UInt8]) -> Int? {
        guard b.count >= 4 else { return nil }
        for i in 0...(b.count - 4) where b[i] == 13 && b[i + 1] == 10 && b[i + 2] == 13 && b[i + 3] == 10 { return i }
        return nil
    }
}
