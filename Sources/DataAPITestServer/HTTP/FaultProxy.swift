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
            let request = Request(
                number: numbers.next(), numberOnConnection: onConnection,
                path: message.startLine.split(separator: " ").dropFirst().first.map(String.init) ?? "",
                body: message.body)
            let cut = decide(request)
            if cut == .beforeForwarding { return LoopbackSocket.resetOnClose(client) }
            guard LoopbackSocket.sendAll(upstream, message.bytes) else { return }
            if cut == .afterForwarding {
                LoopbackSocket.resetOnClose(client)
                _ = fromUpstream.next()  // let the server finish before its connection closes
                return
            }
            guard let answer = fromUpstream.next() else { return }
            switch cut {
            case .afterAnswer:
                return LoopbackSocket.resetOnClose(client)
            case .midAnswer(let n):
                _ = LoopbackSocket.sendAll(client, Array(answer.bytes.prefix(n)))
                return
            case .midBody:
                _ = LoopbackSocket.sendAll(
                    client, Array(answer.bytes.prefix(answer.bytes.count - answer.body.count / 2)))
                return
            default:
                guard LoopbackSocket.sendAll(client, answer.bytes) else { return }
            }
        }
    }
}

/// Numbers requests in arrival order across connections.
private final class RequestNumbers: Sendable {
    private let last = Atomic<Int>(0)
    func next() -> Int { last.add(1, ordering: .relaxed).newValue }
}
