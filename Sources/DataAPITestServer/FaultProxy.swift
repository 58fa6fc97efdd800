#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// An HTTP/1.1 proxy on 127.0.0.1 that forwards to a server on another loopback port and
/// cuts a chosen request's connection at a chosen point: before forwarding it, right after
/// forwarding it, after the server answered it, or partway through the answer.
///
/// Each client connection gets an upstream connection of its own and a thread; requests
/// and responses are forwarded whole, one at a time (bodies need `Content-Length`). Every
/// request gets a number in arrival order across all connections, starting at 1.
public final class FaultProxy: Sendable {
    /// Where to cut a request's connection.
    public enum Cut: Sendable, Hashable, CustomStringConvertible {
        /// Forward the request and its answer.
        case none
        /// Reset the client's connection as soon as the request arrives; the server never
        /// sees it.
        case beforeForwarding
        /// Forward the request, then reset the client's connection at once; the server runs
        /// the request and its answer is thrown away.
        case afterForwarding
        /// Forward the request, wait for the server's whole answer, then reset the client's
        /// connection without sending any of it.
        case afterAnswer
        /// Forward the first `bytes` bytes of the answer, then close the client's connection.
        case midAnswer(bytes: Int)
        /// Forward the answer's head and half its body, then close the client's connection.
        case midBody

        public var description: String {
            switch self {
            case .none: "none"
            case .beforeForwarding: "before forwarding"
            case .afterForwarding: "after forwarding"
            case .afterAnswer: "after the answer"
            case .midAnswer(let n): "after \(n) bytes of the answer"
            case .midBody: "in the middle of the answer's body"
            }
        }
    }

    /// A request as the proxy read it.
    public struct Request: Sendable {
        /// Its number in arrival order, from 1.
        public var number: Int
        /// Its number on its connection, from 1 (above 1 on a reused connection).
        public var numberOnConnection: Int
        public var path: String
        public var body: [UInt8]
        public var bodyText: String { String(decoding: body, as: UTF8.self) }
    }

    public typealias Decide = @Sendable (Request) -> Cut

    public let port: Int
    private let acceptor: LoopbackAcceptor

    /// Listens on a free loopback port and forwards to `127.0.0.1:upstreamPort`.
    public init(upstreamPort: Int, decide: @escaping Decide) throws {
        let numbers = RequestNumbers()
        acceptor = try LoopbackAcceptor(backlog: 64, name: "fault-proxy") { acceptor, client, _ in
            guard let upstream = LoopbackSocket.connect(port: upstreamPort) else { return }
            guard acceptor.track(upstream) else { close(upstream); return }
            defer { acceptor.release(upstream) }
            Self.relay(client: client, upstream: upstream, numbers: numbers, decide: decide)
        }
        port = acceptor.port
    }

    deinit { stop() }

    /// `http://127.0.0.1:PORT`
    public var baseURL: String { "http://127.0.0.1:\(port)" }
    /// Client connections accepted so far.
    public var connectionsAccepted: Int { acceptor.connectionsAccepted }

    /// Stops accepting and closes every connection.
    public func stop() { acceptor.stop() }

    private static func relay(client: Int32, upstream: Int32, numbers: RequestNumbers, decide: Decide) {
        let fromClient = HTTPMessageReader(fd: client)
        let fromUpstream = HTTPMessageReader(fd: upstream)
        var onConnection = 0
        while let message = fromClient.next() {
            onConnection += 1
            let request = Request(number: numbers.next(), numberOnConnection: onConnection,
                                  path: message.startLine.split(separator: " ").dropFirst().first.map(String.init) ?? "",
                                  body: message.body)
            let cut = decide(request)
            if cut == .beforeForwarding { return reset(client) }
            guard write(upstream, message.bytes) else { return }
            if cut == .afterForwarding {
                reset(client)
                _ = fromUpstream.next()  // let the server finish before its connection closes
                return
            }
            guard let answer = fromUpstream.next() else { return }
            switch cut {
            case .afterAnswer:
                return reset(client)
            case .midAnswer(let n):
                _ = write(client, Array(answer.bytes.prefix(n)))
                return
            case .midBody:
                _ = write(client, Array(answer.bytes.prefix(answer.bytes.count - answer.body.count / 2)))
                return
            default:
                guard write(client, answer.bytes) else { return }
            }
        }
    }

    /// Makes the coming close a TCP reset rather than an orderly shutdown.
    private static func reset(_ fd: Int32) {
        var hard = linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &hard, socklen_t(MemoryLayout<linger>.size))
    }

    private static func write(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return false }
            sent += n
        }
        return true
    }
}

/// Numbers requests in arrival order across connections.
private final class RequestNumbers: Sendable {
    private let last = Atomic<Int>(0)
    func next() -> Int { last.add(1, ordering: .relaxed).newValue }
}

/// Reads whole HTTP/1.1 messages (head, then a `Content-Length` body) from a blocking socket.
final class HTTPMessageReader {
    struct Message {
        var startLine: String
        var headers: [(name: String, value: String)]
        /// The whole message as received.
        var bytes: [UInt8]
        var body: [UInt8]
    }

    private let fd: Int32
    private var buffer: [UInt8] = []
    private var chunk = [UInt8](repeating: 0, count: 65536)

    init(fd: Int32) { self.fd = fd }

    /// The next message, or nil when the peer closed or broke the connection.
    func next() -> Message? {
        var headEnd: Int?
        while headEnd == nil {
            headEnd = Self.headEnd(buffer)
            if headEnd == nil && !fill() { return nil }
        }
        let head = String(decoding: buffer[0..<headEnd!], as: UTF8.self)
        let lines = head.components(separatedBy: "\r\n")
        var headers: [(name: String, value: String)] = []
        for line in lines.dropFirst() where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        let length = headers.first { $0.name.lowercased() == "content-length" }.flatMap { Int($0.value) } ?? 0
        let total = headEnd! + 4 + length
        while buffer.count < total { if !fill() { return nil } }
        let message = Message(startLine: lines[0], headers: headers, bytes: Array(buffer[0..<total]),
                              body: Array(buffer[(headEnd! + 4)..<total]))
        buffer.removeFirst(total)
        return message
    }

    private func fill() -> Bool {
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return false }
            buffer.append(contentsOf: chunk[0..<n])
            return true
        }
    }

    static func headEnd(_ b: [UInt8]) -> Int? {
        guard b.count >= 4 else { return nil }
        for i in 0...(b.count - 4) where b[i] == 13 && b[i + 1] == 10 && b[i + 2] == 13 && b[i + 3] == 10 { return i }
        return nil
    }
}
