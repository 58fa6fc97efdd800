#if os(Linux)
import CCurl
import CDataAPISystem
import Glibc
import Synchronization

/// The transport's fast path: the calling task writes the request itself on a kept
/// connection, and the readiness loop's thread writes what the socket did not take at once,
/// reads the whole response and resumes the task once. A call then costs one wake-up of the
/// caller, instead of a hop to libcurl's thread and back and libcurl's per-transfer set-up.
///
/// An `https` connection, and one to a host given by name (other than `localhost`), is opened
/// by libcurl (`CURLOPT_CONNECT_ONLY`: name resolution, TCP, TLS and its verification are
/// libcurl's) and read and written through it. An `http` connection to an IP address or to
/// `localhost` is a plain socket of this type's own, so a process that only talks to a local
/// server never loads libcurl.
///
/// The exchange is plain HTTP/1.1 (``HTTPResponseReader``) with the guarantees of the
/// libcurl path: the request is written once and never again, a connection idle too long or
/// closed by the server is not used, and every failure is a ``TransportError`` that says
/// whether any byte of the request went out.
final class DirectExchange: Sendable {
    private let configuration: TransportConfiguration
    private let pool: DirectConnectionPool
    /// Each URL seen, and where it goes: its target, or nil for the libcurl path.
    private let targets = Mutex<[String: DirectTarget?]>([:])
    private let counters = Mutex<(transfers: Int, connections: Int)>((0, 0))
    /// Connections libcurl opened (the others are plain sockets).
    private let libcurlConnections = Atomic<Int>(0)

    init(configuration: TransportConfiguration, proxies: ProxyRules) {
        self.configuration = configuration
        self.proxies = proxies
        pool = DirectConnectionPool(
            maxIdle: configuration.maxIdleConnections, maxIdleTime: max(.seconds(1), configuration.maxIdleTime))
    }

    /// When libcurl would use a proxy: such requests take the libcurl path, which knows proxies.
    private let proxies: ProxyRules

    /// The process's proxy variables, read once (when the first transport is made).
    static let processProxies = ProxyRules.fromProcess()

    var statistics: (transfers: Int, connections: Int) { counters.withLock { $0 } }
    /// Connections libcurl opened (tests: which connections needed it).
    var connectionsByLibcurl: Int { libcurlConnections.load(ordering: .relaxed) }

    /// The scheme, host and path of `url`, or nil for a URL this path does not take (the
    /// libcurl path then sends it, or reports why it cannot): one libcurl may send through a
    /// proxy, or one it would read differently.
    func target(_ url: String) -> DirectTarget? {
        if let hit = targets.withLock({ $0[url] }) { return hit }
        // A declined URL is kept too: a proxied endpoint is not parsed again on every call.
        let target: DirectTarget? =
            if let parts = try? URLParts(url), !url.contains("@"),
                !proxies.mayProxy(scheme: parts.scheme, host: parts.host) { DirectTarget(parts) } else { nil }
        targets.withLock {
            if $0.count >= 64 { $0.removeAll() }
            $0.updateValue(target, forKey: url)
        }
        return target
    }

    func send(_ request: HTTPRequest, to target: DirectTarget) async throws -> HTTPResponse {
        try Task.checkCancellation()
        let timeout = request.timeout ?? configuration.requestTimeout
        // The time the request may spend connecting and waiting on its socket. Time the
        // calling task spends waiting for a thread does not count: a busy process must not
        // turn a response that arrived into a timeout.
        var budget = timeout
        let head = try Self.head(request, target)
        defer { counters.withLock { $0.transfers += 1 } }
        var connection: DirectConnection
        if let idle = pool.take(target.key) {
            connection = idle
        } else {
            let connectTimeout = min(request.connectTimeout ?? configuration.connectTimeout, timeout)
            let opened = try await DirectConnection.open(
                target, connectTimeout: connectTimeout, caFile: configuration.certificateAuthorityFile)
            connection = opened.connection
            budget -= opened.took
            counters.withLock { $0.connections += 1 }
            if connection.isLibcurls { libcurlConnections.add(1, ordering: .relaxed) }
            // Cancelled while connecting: the request is not sent (the connection is kept).
            if Task.isCancelled {
                pool.put(connection)
                throw CancellationError()
            }
        }
        do {
            let (response, keepAlive) = try await exchange(
                head, request.body, on: connection, budget: budget, timeout: timeout)
            if keepAlive { pool.put(connection) } else { connection.close() }
            return response
        } catch {
            connection.close()
            throw error
        }
    }

    /// The request line and headers, with `Host` (as the signer computed it) and the body's
    /// length; a header that would split the head is refused.
    static func head(_ request: HTTPRequest, _ target: DirectTarget) throws -> [UInt8] {
        var head: [UInt8] = []
        head.reserveCapacity(256 + request.headers.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 4 })
        func line(_ name: String, _ value: String) {
            head.append(contentsOf: name.utf8)
            head.append(contentsOf: ": ".utf8)
            head.append(contentsOf: value.utf8)
            head.append(contentsOf: "\r\n".utf8)
        }
        guard !request.method.isEmpty,
              request.method.utf8.allSatisfy({ ($0 | 0x20) >= UInt8(ascii: "a") && ($0 | 0x20) <= UInt8(ascii: "z") })
        else {
            throw TransportError(code: .invalidRequest, requestSent: false, message: "invalid method \(request.method)")
        }
        head.append(contentsOf: request.method.utf8)
        head.append(32)
        head.append(contentsOf: target.requestTarget.utf8)
        head.append(contentsOf: " HTTP/1.1\r\n".utf8)
        var hasHost = false, hasLength = false
        for (name, value) in request.headers {
            guard !name.isEmpty, !name.utf8.contains(where: { $0 <= 32 || $0 == UInt8(ascii: ":") || $0 >= 127 }),
                  !value.utf8.contains(where: { $0 == 13 || $0 == 10 || $0 == 0 })
            else {
                throw TransportError(code: .invalidRequest, requestSent: false, message: "invalid header \(name)")
            }
            if HeaderName.matches(name, "host") { hasHost = true }
            if HeaderName.matches(name, "content-length") { hasLength = true }
            line(name, value)
        }
        if !hasHost { line("Host", target.hostHeader) }
        if !hasLength && (!request.body.isEmpty || request.method != "GET") {
            line("Content-Length", String(request.body.count))
        }
        head.append(contentsOf: "\r\n".utf8)
        return head
    }

    /// Writes what the socket takes at once from the calling task; the loop thread writes the
    /// rest, reads the whole response and resumes the task once.
    private func exchange(
        _ head: [UInt8], _ body: [UInt8], on connection: DirectConnection, budget: Duration, timeout: Duration
    ) async throws -> (HTTPResponse, keepAlive: Bool) {
        // Head and body leave in one write, as libcurl sends them.
        let wire = WireExchange(
            connection: connection, message: body.isEmpty ? head : head + body,
            maxBodyBytes: configuration.maxResponseBytes)
        // Nothing is written once the time is up (the connect may have used it all).
        guard budget > .zero else { throw wire.timedOut(after: timeout) }
        if case .finished = wire.write(), let failure = wire.failure { throw failure }
        switch await ReadinessLoop.shared.finish(wire, within: budget) {
        case .done:
            if let failure = wire.failure { throw failure }
            let r = wire.reader
            // A server that answered before taking the whole request leaves it half written.
            return (HTTPResponse(status: r.status, headers: r.headers, body: r.body), r.keepAlive && wire.isWritten)
        case .timedOut: throw wire.timedOut(after: timeout)
        case .cancelled: throw CancellationError()
        }
    }
}

/// One request on a connection: written by the calling task as far as the socket takes it,
/// then finished by the readiness loop's thread, which alone touches it until it resumes the
/// task.
final class WireExchange: @unchecked Sendable {
    enum Step {
        /// Waiting for the socket to take more (true) or to bring more (false).
        case wait(writable: Bool)
        /// Done: a whole response, or ``WireExchange/failure``.
        case finished
    }

    let connection: DirectConnection
    private let message: [UInt8]
    private(set) var sent = 0
    var reader: HTTPResponseReader
    /// Why the exchange failed, once it is finished.
    private(set) var failure: TransportError?
    private let maxBodyBytes: Int

    init(connection: DirectConnection, message: [UInt8], maxBodyBytes: Int) {
        self.connection = connection
        self.message = message
        self.maxBodyBytes = maxBodyBytes
        reader = HTTPResponseReader(maxBodyBytes: maxBodyBytes)
    }

    var isWritten: Bool { sent == message.count }

    func timedOut(after timeout: Duration) -> TransportError {
        TransportError(
            code: .timedOut, requestSent: sent > 0,
            message: "no complete response within \(timeout.milliseconds) milliseconds")
    }

    /// Writes what the socket takes; `.wait(writable: false)` once all is written.
    func write() -> Step {
        while sent < message.count {
            switch message.withUnsafeBytes({ connection.send($0, from: sent) }) {
            case .moved(let n): sent += n
            case .again: return .wait(writable: true)
            case .failed(let curlCode, let reason):
                return finish(TransportError(
                    code: .transferFailed, requestSent: sent > 0, curlCode: curlCode,
                    message: "sending the request failed: \(reason)"))
            }
        }
        return .wait(writable: false)
    }

    /// Writes the rest of the request and reads what has arrived. While the request is not
    /// all written, what the server sent is read too: an answer before the end of a large
    /// request (a refusal), or TLS records libcurl must read before it can write again.
    func step() -> Step {
        if !isWritten {
            switch write() {
            case .finished: return .finished
            case .wait(writable: true):
                // A whole answer ends the exchange; so does a connection that closed or broke.
                if case .finished = read() { return .finished }
                return .wait(writable: true)
            case .wait(writable: false): break
            }
        }
        return read()
    }

    /// Reads what has arrived; `.wait(writable: false)` when the response is not yet whole.
    private func read() -> Step {
        let buffer = connection.buffer
        while !reader.isComplete {
            let outcome = connection.receive(into: buffer)
            if case .again = outcome { return .wait(writable: false) }
            if case .moved(let n) = outcome, n > 0 {
                do throws(HTTPResponseReader.Failure) {
                    try reader.consume(UnsafeRawBufferPointer(rebasing: buffer[..<n]))
                    continue
                } catch {
                    switch error {
                    case .tooLarge: return finish(.responseTooLarge(limit: maxBodyBytes))
                    case .malformed(let why):
                        return finish(TransportError(
                            code: .transferFailed, requestSent: true, message: "malformed response: \(why)"))
                    }
                }
            }
            var curlCode: Int? = nil, reason = ""
            switch outcome {
            case .failed(let code, let why): (curlCode, reason) = (code, ": \(why)")
            default: reader.connectionClosed()
            }
            if reader.isComplete { break }
            let message =
                !reader.receivedAny
                ? "the connection closed before any response arrived; the request may have been sent"
                : !reader.headComplete
                    ? "the connection closed in the middle of the response head"
                    : "the connection closed in the middle of the response body"
            return finish(TransportError(
                code: .transferFailed, requestSent: true, curlCode: curlCode, message: message + reason))
        }
        return .finished
    }

    private func finish(_ error: TransportError) -> Step {
        failure = error
        return .finished
    }
}

/// Where a URL's requests go: its pool key, `Host` header and request target.
struct DirectTarget: Sendable {
    let scheme: String
    let host: String
    let port: Int
    let hostHeader: String
    let requestTarget: String
    /// The socket addresses of a plain socket of the direct path's own: plain HTTP to an IP
    /// address or to `localhost`, which need no name resolution. Empty: the connection is
    /// libcurl's.
    let plainAddresses: [[UInt8]]
    /// Whether the connection is a plain socket of the direct path's own.
    var plain: Bool { !plainAddresses.isEmpty }
    var key: String { "\(scheme)://\(host):\(port)" }

    init(_ parts: URLParts) {
        scheme = parts.scheme
        host = parts.host.contains(":") && !parts.host.hasPrefix("[") ? "[\(parts.host)]" : parts.host
        port = parts.port ?? (parts.scheme == "https" ? 443 : 80)
        hostHeader = parts.hostHeader
        let path = parts.path.isEmpty ? "/" : parts.path
        requestTarget = parts.query.map { "\(path)?\($0)" } ?? path
        plainAddresses = parts.scheme == "http" ? PlainSocket.addresses(parts.host, port: port) : []
    }
}

/// What a read or a write on a connection did.
enum SocketIO {
    /// Bytes moved; 0 from a read is the end of the connection.
    case moved(Int)
    /// Nothing can move now: wait for the socket.
    case again
    /// The connection failed (`curlCode`: libcurl's code, on one of libcurl's connections).
    case failed(curlCode: Int?, reason: String)
}

/// One connection of the direct path, used by one call at a time: a plain socket (plain
/// HTTP to an address), or one libcurl opened (TLS, or a host name to resolve).
final class DirectConnection: @unchecked Sendable {
    /// libcurl's handle, or nil for a plain socket of this type's own.
    private let easy: UnsafeMutableRawPointer?
    let socket: Int32
    /// A timer in the readiness loop's set, armed with the deadline of each exchange.
    let timer: Int32
    let key: String
    var idleSince = ContinuousClock.now
    private let closed = Atomic<Bool>(false)
    /// Where responses are read into (a page of results takes a handful of reads).
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 128 << 10, alignment: 16)

    private init(easy: UnsafeMutableRawPointer?, socket: Int32, timer: Int32, key: String) {
        self.easy = easy
        self.socket = socket
        self.timer = timer
        self.key = key
    }

    /// Whether libcurl opened the connection (tests).
    var isLibcurls: Bool { easy != nil }

    /// Opens a connection (TCP, and TLS with peer and host verification) on a thread of its
    /// own, since a connect blocks (and so does loading libcurl, the first time it is needed).
    /// Also returns how long the connect took on its thread.
    /// Cancelling the task ends the wait at once; a connection opened after that is closed.
    static func open(
        _ target: DirectTarget, connectTimeout: Duration, caFile: String?
    ) async throws -> (connection: DirectConnection, took: Duration) {
        let race = ConnectRace()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                guard race.install(continuation) else { return continuation.resume(throwing: CancellationError()) }
                NativeThread.detach(name: "data-api.connect") {
                    let result = Result { () throws(TransportError) in
                        try connect(target, connectTimeout: connectTimeout, caFile: caFile)
                    }
                    if !race.deliver(result), case .success(let opened) = result { opened.connection.close() }
                }
            }
        } onCancel: {
            race.cancel()
        }
    }

    /// The connect, on the calling thread (it blocks).
    private static func connect(
        _ target: DirectTarget, connectTimeout: Duration, caFile: String?
    ) throws(TransportError) -> (connection: DirectConnection, took: Duration) {
        // The time libcurl takes to load (the first time) is not the connect's.
        if !target.plain { try CurlLibrary.loadHere() }
        let started = ContinuousClock.now
        var easy: UnsafeMutableRawPointer? = nil
        let socket: Int32
        if target.plain {
            socket = try PlainSocket.connect(
                target.plainAddresses, naming: target.host, port: target.port, within: connectTimeout)
        } else {
            (easy, socket) = try curlConnect(target, connectTimeout: connectTimeout, caFile: caFile)
        }
        let took = ContinuousClock.now - started
        let timer = timerfd_create(CLOCK_MONOTONIC, Int32(TFD_NONBLOCK | TFD_CLOEXEC))
        guard timer >= 0 else {
            let reason = "timerfd_create failed: \(String(cString: strerror(errno)))"
            if let easy { ccurl_easy_cleanup(easy) } else { Glibc.close(socket) }
            throw TransportError(code: .connectFailed, requestSent: false, message: "after connecting: \(reason)")
        }
        let connection = DirectConnection(easy: easy, socket: socket, timer: timer, key: target.key)
        ReadinessLoop.shared.add(socket)
        ReadinessLoop.shared.add(timer)
        return (connection, took)
    }

    /// libcurl's connect (libcurl loaded).
    private static func curlConnect(
        _ target: DirectTarget, connectTimeout: Duration, caFile: String?
    ) throws(TransportError) -> (easy: UnsafeMutableRawPointer, socket: Int32) {
        let url = "\(target.scheme)://\(target.host):\(target.port)/"
        guard let easy = ccurl_easy_init() else {
            throw TransportError(code: .invalidRequest, requestSent: false, message: "curl_easy_init failed")
        }
        _ = ccurl_easy_setopt_string(easy, CURLOPT_URL, url)
        _ = ccurl_easy_setopt_string(easy, CURLOPT_PROTOCOLS_STR, "http,https")
        _ = ccurl_easy_setopt_string(easy, CURLOPT_PROXY, "")
        _ = ccurl_easy_setopt_long(easy, CURLOPT_CONNECT_ONLY, 1)
        // HTTP/1.1 only: otherwise TLS may agree on HTTP/2 (ALPN), and libcurl would wrap
        // what this path writes in HTTP/2 frames.
        _ = ccurl_easy_setopt_long(easy, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1)
        _ = ccurl_easy_setopt_long(easy, CURLOPT_NOSIGNAL, 1)
        _ = ccurl_easy_setopt_long(easy, CURLOPT_SSL_VERIFYPEER, 1)
        _ = ccurl_easy_setopt_long(easy, CURLOPT_SSL_VERIFYHOST, 2)
        if let caFile { _ = ccurl_easy_setopt_string(easy, CURLOPT_CAINFO, caFile) }
        _ = ccurl_easy_setopt_long(easy, CURLOPT_TCP_KEEPALIVE, 1)
        _ = ccurl_easy_setopt_long(easy, CURLOPT_TCP_NODELAY, 1)
        _ = ccurl_easy_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, max(1, connectTimeout.milliseconds))
        let rc = ccurl_easy_perform(easy)
        guard rc == CURLE_OK else {
            ccurl_easy_cleanup(easy)
            throw CurlErrors.error(for: rc, requestSent: false)
        }
        var socket: curl_socket_t = -1
        _ = ccurl_easy_getinfo_socket(easy, CURLINFO_ACTIVESOCKET, &socket)
        guard socket >= 0 else {
            ccurl_easy_cleanup(easy)
            throw TransportError(code: .connectFailed, requestSent: false, message: "after connecting: no socket")
        }
        return (easy, socket)
    }

    /// Writes what the connection takes of `bytes` from `offset` on.
    func send(_ bytes: UnsafeRawBufferPointer, from offset: Int) -> SocketIO {
        let start = bytes.baseAddress! + offset
        guard let easy else { return PlainSocket.io(Glibc.send(socket, start, bytes.count - offset, Int32(MSG_NOSIGNAL))) }
        var n = 0
        let rc = ccurl_easy_send(easy, start, bytes.count - offset, &n)
        return Self.io(rc, n)
    }

    /// Reads what is there; `.moved(0)` is the end of the connection.
    func receive(into buffer: UnsafeMutableRawBufferPointer) -> SocketIO {
        guard let easy else { return PlainSocket.io(recv(socket, buffer.baseAddress, buffer.count, 0)) }
        var n = 0
        let rc = ccurl_easy_recv(easy, buffer.baseAddress, buffer.count, &n)
        return Self.io(rc, n)
    }

    private static func io(_ rc: CURLcode, _ n: Int) -> SocketIO {
        switch rc {
        case CURLE_OK: .moved(n)
        case CURLE_AGAIN: .again
        default: .failed(curlCode: Int(rc.rawValue), reason: String(cString: ccurl_easy_strerror(rc)))
        }
    }

    /// Whether the idle connection can carry a request: nothing arrived on it (an end of
    /// stream, a reset, or bytes nobody asked for). On libcurl's connections a TLS record
    /// that is not data (a session ticket) is consumed by libcurl and leaves the connection
    /// usable.
    func isUsable() -> Bool {
        var p = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        let ready = poll(&p, 1, 0)
        guard ready > 0 else { return ready == 0 }
        guard let easy else { return false }
        var byte: UInt8 = 0
        var n = 0
        return ccurl_easy_recv(easy, &byte, 1, &n) == CURLE_AGAIN
    }

    /// Closes the connection (once).
    func close() {
        guard !closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        ReadinessLoop.shared.remove(socket)
        ReadinessLoop.shared.remove(timer)
        Glibc.close(timer)
        if let easy { ccurl_easy_cleanup(easy) } else { Glibc.close(socket) }
    }

    deinit {
        close()
        buffer.deallocate()
    }
}

/// Plain TCP for the direct path's `http` connections to an address: no name resolution
/// (an IP address, or `localhost`, which is the loopback address as RFC 6761 has it), a
/// non-blocking socket, and the options libcurl would set (`TCP_NODELAY`, keep-alive probes
/// after 60 s idle).
enum PlainSocket {
    /// The socket addresses `host` names without a lookup: an IPv4 address, an IPv6 address
    /// (in brackets or not), or `localhost` (127.0.0.1, then ::1); empty for any other host,
    /// and for a port outside 1...65535 (libcurl's path then reports what is wrong).
    static func addresses(_ host: String, port: Int) -> [[UInt8]] {
        guard (1...65535).contains(port) else { return [] }
        var bare = Substring(host)
        let bracketed = bare.hasPrefix("[") && bare.hasSuffix("]") && bare.count >= 2
        if bracketed { bare = bare.dropFirst().dropLast() }
        if !bracketed && bare.lowercased() == "localhost" {
            return addresses("127.0.0.1", port: port) + addresses("::1", port: port)
        }
        var v4 = sockaddr_in()
        // Brackets hold an IPv6 address only (libcurl refuses `[127.0.0.1]`).
        if !bracketed && inet_pton(AF_INET, String(bare), &v4.sin_addr) == 1 {
            v4.sin_family = sa_family_t(AF_INET)
            v4.sin_port = in_port_t(UInt16(truncatingIfNeeded: port).bigEndian)
            return [withUnsafeBytes(of: v4) { Array($0) }]
        }
        var v6 = sockaddr_in6()
        // A zone (`fe80::1%eth0`) needs its interface looked up: libcurl's path takes it.
        if inet_pton(AF_INET6, String(bare), &v6.sin6_addr) == 1 {
            v6.sin6_family = sa_family_t(AF_INET6)
            v6.sin6_port = in_port_t(UInt16(truncatingIfNeeded: port).bigEndian)
            return [withUnsafeBytes(of: v6) { Array($0) }]
        }
        return []
    }

    /// Connects to the first of `addresses` (``addresses(_:port:)`` of `host`) that answers
    /// within the time left (blocking the calling thread); the socket is non-blocking and
    /// close-on-exec.
    static func connect(
        _ addresses: [[UInt8]], naming host: String, port: Int, within timeout: Duration
    ) throws(TransportError) -> Int32 {
        let deadline = ContinuousClock.now + timeout
        var lastFailure = "no address"
        for address in addresses {
            let family = Int32(address.withUnsafeBytes { $0.load(as: sockaddr.self).sa_family })
            let fd = Glibc.socket(
                family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else {
                lastFailure = String(cString: strerror(errno))
                continue
            }
            var rc = address.withUnsafeBytes {
                Glibc.connect(fd, $0.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t($0.count))
            }
            // EINTR: a non-blocking connect goes on in the background, as with EINPROGRESS.
            if rc != 0 && (errno == EINPROGRESS || errno == EINTR) {
                rc = -1
                while true {
                    let left = deadline - ContinuousClock.now
                    guard left > .zero else {
                        Glibc.close(fd)
                        throw TransportError(
                            code: .timedOut, requestSent: false,
                            message: "connecting to \(host) port \(port) took longer than \(timeout.milliseconds) milliseconds")
                    }
                    var p = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                    let ready = poll(&p, 1, Int32(clamping: max(1, left.milliseconds)))
                    if ready < 0 && errno != EINTR { break }
                    if ready <= 0 { continue }
                    var error: Int32 = 0
                    var length = socklen_t(MemoryLayout<Int32>.size)
                    if getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0 { error = errno }
                    if error == 0 { rc = 0 } else { errno = error }
                    break
                }
            }
            guard rc == 0 else {
                lastFailure = String(cString: strerror(errno))
                Glibc.close(fd)
                continue
            }
            var on: Int32 = 1, idle: Int32 = 60
            let size = socklen_t(MemoryLayout<Int32>.size)
            _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &on, size)
            _ = setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, size)
            _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_KEEPIDLE, &idle, size)
            _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_KEEPINTVL, &idle, size)
            return fd
        }
        throw TransportError(
            code: .connectFailed, requestSent: false,
            message: "could not connect to \(host) port \(port): \(lastFailure)")
    }

    /// What a `send` or `recv` on a non-blocking socket returned.
    static func io(_ n: Int) -> SocketIO {
        if n >= 0 { return .moved(n) }
        let code = errno
        if code == EAGAIN || code == EWOULDBLOCK || code == EINTR { return .again }
        return .failed(curlCode: nil, reason: String(cString: strerror(code)))
    }
}

/// A connect's result and the task waiting for it: whichever of the two, the result or the
/// task's cancellation, comes first resumes the task.
private final class ConnectRace: Sendable {
    private typealias Waiter = CheckedContinuation<(connection: DirectConnection, took: Duration), any Error>
    private let state = Mutex<(waiter: Waiter?, cancelled: Bool)>((nil, false))

    /// Stores the waiting task; false when it was cancelled already.
    func install(_ waiter: CheckedContinuation<(connection: DirectConnection, took: Duration), any Error>) -> Bool {
        state.withLock { s in
            if s.cancelled { return false }
            s.waiter = waiter
            return true
        }
    }

    /// Resumes the task with the connect's result; false when the task no longer waits.
    func deliver(_ result: Result<(connection: DirectConnection, took: Duration), TransportError>) -> Bool {
        guard let waiter = state.withLock({ s -> Waiter? in defer { s.waiter = nil }; return s.waiter }) else {
            return false
        }
        waiter.resume(with: result.mapError { $0 as any Error })
        return true
    }

    func cancel() {
        let waiter = state.withLock { s -> Waiter? in
            s.cancelled = true
            defer { s.waiter = nil }
            return s.waiter
        }
        waiter?.resume(throwing: CancellationError())
    }
}

/// Idle connections by target, most recently used first out.
final class DirectConnectionPool: Sendable {
    private let idle = Mutex<[String: [DirectConnection]]>([:])
    private let maxIdle: Int
    private let maxIdleTime: Duration

    init(maxIdle: Int, maxIdleTime: Duration) {
        self.maxIdle = maxIdle
        self.maxIdleTime = maxIdleTime
    }

    /// A usable idle connection to `key`, or nil; the unusable ones met on the way are closed.
    func take(_ key: String) -> DirectConnection? {
        while let candidate = idle.withLock({ $0[key]?.popLast() }) {
            if ContinuousClock.now - candidate.idleSince <= maxIdleTime && candidate.isUsable() { return candidate }
            candidate.close()
        }
        return nil
    }

    func put(_ connection: DirectConnection) {
        let now = ContinuousClock.now
        connection.idleSince = now
        let evicted = idle.withLock { all -> [DirectConnection] in
            all[connection.key, default: []].append(connection)
            // Each list is in the order its connections were returned, oldest first. Those
            // idle too long go (targets no longer called included), then the oldest of the
            // longest list while there are too many.
            var out: [DirectConnection] = []
            var total = 0
            for i in all.values.indices {
                while let oldest = all.values[i].first, now - oldest.idleSince > maxIdleTime {
                    out.append(all.values[i].removeFirst())
                }
                total += all.values[i].count
            }
            while total > maxIdle,
                  let i = all.values.indices.max(by: { all.values[$0].count < all.values[$1].count })
            {
                out.append(all.values[i].removeFirst())
                total -= 1
            }
            return out
        }
        for c in evicted { c.close() }
    }

    deinit {
        for list in idle.withLock({ $0.values }) { for c in list { c.close() } }
    }
}

/// One thread waiting on an epoll set for the sockets and timers of the direct path: it
/// finishes each exchange handed to it (writes the rest, reads the response) and resumes the
/// waiting task once, when the exchange is done, its time is up or the task is cancelled.
///
/// It is also a task executor (``DataAPIClient/ioExecutor``): the jobs of tasks that prefer it
/// run on this thread between its waits, so such a task's call resumes where its response
/// was read, with no thread woken to carry it back.
final class ReadinessLoop: TaskExecutor, Sendable {
    static let shared = ReadinessLoop()

    enum Outcome: Sendable { case done, timedOut, cancelled }

    private enum Entry {
        /// Armed, waiting for its socket or its timer.
        case waiting(WireExchange, CheckedContinuation<Outcome, Never>)
        /// The loop thread is working on it.
        case busy(WireExchange, CheckedContinuation<Outcome, Never>)
        /// Cancelled while the loop thread worked on it.
        case cancelRequested(CheckedContinuation<Outcome, Never>)
        /// Cancelled before it was handed over.
        case cancelled
    }

    private let epoll: Int32
    /// Written to wake the loop for jobs enqueued from other threads (its events carry 1).
    private let wakeup: Int32
    /// Jobs of tasks that prefer this executor, run in order between waits.
    private let jobs = Mutex<[UnownedJob]>([])
    /// The loop thread (`pthread_self`), once it runs: its own enqueues need no wake-up.
    private let loopThread = Atomic<UInt>(0)
    private let entries = Mutex<[UInt64: Entry]>([:])
    /// Even numbers: an exchange's socket events carry the number, its timer's the number + 1.
    private let nextToken = Atomic<UInt64>(2)

    private init() {
        epoll = epoll_create1(Int32(EPOLL_CLOEXEC))
        precondition(epoll >= 0, "epoll_create1 failed: \(errno)")
        wakeup = eventfd(0, Int32(EFD_CLOEXEC | EFD_NONBLOCK))
        precondition(wakeup >= 0, "eventfd failed: \(errno)")
        var event = epoll_event()
        event.events = EPOLLIN.rawValue
        event.data.u64 = 1
        _ = epoll_ctl(epoll, EPOLL_CTL_ADD, wakeup, &event)
        NativeThread.detach(name: "data-api.wait") { [self] in run() }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let first = jobs.withLock { queue -> Bool in
            queue.append(job)
            return queue.count == 1
        }
        // The loop thread drains the queue before it waits again; another thread wakes it
        // (once for a batch: the loop takes the whole queue when it wakes).
        if first && loopThread.load(ordering: .relaxed) != UInt(pthread_self()) {
            var one: UInt64 = 1
            _ = Glibc.write(wakeup, &one, 8)
        }
    }

    func add(_ fd: Int32) {
        var event = epoll_event()
        event.events = EPOLLONESHOT.rawValue
        event.data.u64 = 0
        _ = epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event)
    }

    func remove(_ fd: Int32) {
        var event = epoll_event()
        _ = epoll_ctl(epoll, EPOLL_CTL_DEL, fd, &event)
    }

    /// Arms `fd` for one event carrying `token` (called with the entries locked).
    private func arm(_ fd: Int32, writable: Bool, token: UInt64) {
        var event = epoll_event()
        // While writing, what arrives matters too (see `WireExchange.step()`).
        event.events = (writable ? EPOLLOUT.rawValue | EPOLLIN.rawValue : EPOLLIN.rawValue) | EPOLLONESHOT.rawValue
        event.data.u64 = token
        _ = epoll_ctl(epoll, EPOLL_CTL_MOD, fd, &event)
    }

    /// Hands `wire` (whose first write the caller made) to the loop thread until it is done,
    /// at most `budget` from now as the loop thread sees it.
    func finish(_ wire: WireExchange, within budget: Duration) async -> Outcome {
        let token = nextToken.add(2, ordering: .relaxed).oldValue
        let connection = wire.connection
        let outcome = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Outcome, Never>) in
                // Armed under the lock: the loop thread cannot touch the exchange before both
                // the timer and the socket carry its token.
                let cancelledAlready = entries.withLock { all -> Bool in
                    if case .cancelled? = all[token] {
                        all[token] = nil
                        return true
                    }
                    all[token] = .waiting(wire, continuation)
                    let (seconds, attoseconds) = budget.components
                    var spec = itimerspec()
                    spec.it_value.tv_sec = Int(seconds)
                    spec.it_value.tv_nsec = Int(attoseconds / 1_000_000_000)
                    if seconds == 0 && spec.it_value.tv_nsec == 0 { spec.it_value.tv_nsec = 1 }
                    _ = timerfd_settime(connection.timer, 0, &spec, nil)
                    arm(connection.timer, writable: false, token: token + 1)
                    arm(connection.socket, writable: !wire.isWritten, token: token)
                    return false
                }
                if cancelledAlready { continuation.resume(returning: .cancelled) }
            }
        } onCancel: {
            let continuation = entries.withLock { all -> CheckedContinuation<Outcome, Never>? in
                switch all[token] {
                case .waiting(_, let c)?:
                    all[token] = nil
                    return c
                case .busy(_, let c)?:
                    all[token] = .cancelRequested(c)
                    return nil
                case .cancelRequested?, .cancelled?:
                    return nil
                case nil:
                    all[token] = .cancelled
                    return nil
                }
            }
            continuation?.resume(returning: .cancelled)
        }
        // A cancellation that came after the exchange ended left a mark; the handler is gone now.
        if outcome != .cancelled { entries.withLock { if case .cancelled? = $0[token] { $0[token] = nil } } }
        return outcome
    }

    private func run() {
        loopThread.store(UInt(pthread_self()), ordering: .relaxed)
        let capacity = 64
        let events = UnsafeMutablePointer<epoll_event>.allocate(capacity: capacity)
        let executor = asUnownedTaskExecutor()
        var batch: [UnownedJob] = []
        while true {
            // Jobs waiting (enqueued by this thread, which wakes no one): look, do not sleep.
            let n = epoll_wait(epoll, events, Int32(capacity), jobs.withLock { $0.isEmpty } ? -1 : 0)
            if n < 0 {
                if errno == EINTR { continue }
                fatalError("epoll_wait failed: \(errno)")
            }
            for i in 0..<Int(n) { handle(events[i].data.u64) }
            jobs.withLock { swap(&$0, &batch) }
            for job in batch { job.runSynchronously(on: executor) }
            batch.removeAll(keepingCapacity: true)
        }
    }

    private func handle(_ token: UInt64) {
        if token == 1 {
            var count: UInt64 = 0
            _ = Glibc.read(wakeup, &count, 8)
            return
        }
        guard token != 0 else { return }
        let key = token & ~1
        let timerFired = token & 1 == 1
        enum Take { case none, work(WireExchange), expire(CheckedContinuation<Outcome, Never>) }
        let take = entries.withLock { all -> Take in
            guard case .waiting(let wire, let c)? = all[key] else { return .none }
            if timerFired {
                all[key] = nil
                return .expire(c)
            }
            all[key] = .busy(wire, c)
            return .work(wire)
        }
        switch take {
        case .none: return
        case .expire(let c): return c.resume(returning: .timedOut)
        case .work(let wire):
            let step = wire.step()
            let resume = entries.withLock { all -> (CheckedContinuation<Outcome, Never>, Outcome)? in
                switch all[key] {
                case .cancelRequested(let c)?:
                    all[key] = nil
                    return (c, .cancelled)
                case .busy(_, let c)?:
                    switch step {
                    case .wait(let writable):
                        all[key] = .waiting(wire, c)
                        arm(wire.connection.socket, writable: writable, token: key)
                        return nil
                    case .finished:
                        all[key] = nil
                        return (c, .done)
                    }
                default:
                    return nil
                }
            }
            if let (c, outcome) = resume { c.resume(returning: outcome) }
        }
    }
}
#endif
