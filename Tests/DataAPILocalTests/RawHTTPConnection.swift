import DataAPIClient
import DataAPITestServer
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// One TCP connection to a local server, for what a well-behaved client never sends: HTTP/1.0,
/// duplicated headers, a body that never arrives. Its blocking socket calls run on a thread of
/// their own, never on a thread of the cooperative pool.
final class RawHTTPConnection: Sendable {
    /// A response as it came over the wire.
    struct Response: Sendable {
        var version: String
        var status: Int
        var headers: [(name: String, value: String)]
        var body: [UInt8]

        /// The first value of header `name` (any case).
        func header(_ name: String) -> String? { headers.first { $0.name.lowercased() == name.lowercased() }?.value }
        var bodyText: String { String(decoding: body, as: UTF8.self) }
        /// The `code` member of an AWS error body.
        var errorCode: String? { errorMember("code") }
        var errorMessage: String { errorMember("message") ?? "" }
        private func errorMember(_ name: String) -> String? {
            let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]
            return object?[name] as? String
        }
    }

    struct ConnectFailed: Error {}

    private let fd: Int32
    private let closed = Mutex(false)
    /// Bytes received and not yet parsed into a response.
    private let pending = Mutex<[UInt8]>([])

    init(port: Int) throws {
        guard let fd = LoopbackSocket.connect(port: port) else { throw ConnectFailed() }
        self.fd = fd
    }

    deinit { close() }

    /// Closes the connection (once).
    func close() {
        guard closed.withLock({ c in defer { c = true }; return !c }) else { return }
        Glibc.close(fd)
    }

    /// Sends `bytes`; false when the peer is gone.
    @discardableResult
    func send(_ bytes: [UInt8]) async -> Bool {
        let fd = self.fd
        return await Self.onThread {
            var offset = 0
            while offset < bytes.count {
                let n = bytes[offset...].withUnsafeBytes {
                    Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
                }
                if n <= 0 { return false }
                offset += n
            }
            return true
        }
    }

    @discardableResult
    func send(_ text: String) async -> Bool { await send(Array(text.utf8)) }

    /// The next response, or nil when none arrives within `timeout` or the connection ends first.
    func response(within timeout: Duration = .seconds(5)) async -> Response? {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let r = pending.withLock({ Self.parse(&$0) }) { return r }
            guard let chunk = await receive(until: deadline), !chunk.isEmpty else { return nil }
            pending.withLock { $0 += chunk }
        }
    }

    /// Whether the server ends the connection (end of stream or reset) within `timeout`;
    /// whatever else arrives meanwhile is discarded.
    func closedByServer(within timeout: Duration = .seconds(5)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while let chunk = await receive(until: deadline) {
            if chunk.isEmpty { return true }
        }
        return false
    }

    /// One `recv`: bytes, `[]` at end of stream or reset, nil at the deadline.
    private func receive(until deadline: ContinuousClock.Instant) async -> [UInt8]? {
        let fd = self.fd
        let left = deadline - ContinuousClock.now
        guard left > .zero else { return nil }
        return await Self.onThread {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ms = Int32(left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000)
            guard poll(&pfd, 1, max(ms, 1)) > 0 else { return nil }
            var buffer = [UInt8](repeating: 0, count: 65_536)
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            return n > 0 ? Array(buffer[..<n]) : []
        }
    }

    /// Removes one complete response (head and `Content-Length` body) from the front of `bytes`.
    private static func parse(_ bytes: inout [UInt8]) -> Response? {
        let crlf2: [UInt8] = [13, 10, 13, 10]
        guard bytes.count >= 4,
              let end = (0...(bytes.count - 4)).first(where: { Array(bytes[$0..<$0 + 4]) == crlf2 }) else { return nil }
        let lines = String(decoding: bytes[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ", maxSplits: 2)
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { return nil }
        let headers = lines.dropFirst().compactMap { line -> (name: String, value: String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        let length = headers.first { $0.name.lowercased() == "content-length" }.flatMap { Int($0.value) } ?? 0
        guard bytes.count >= end + 4 + length else { return nil }
        let body = Array(bytes[(end + 4)..<(end + 4 + length)])
        bytes.removeFirst(end + 4 + length)
        return Response(version: String(statusParts[0]), status: status, headers: headers, body: body)
    }

    /// Runs blocking socket work on a thread of its own.
    private static func onThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await BlockingIO.run(name: "raw-http-connection") { () throws(Never) -> T in work() }
    }
}

/// The text of an HTTP/1.x request with exactly these header lines, in this order.
func rawRequest(method: String = "POST", path: String = "/Execute", version: String = "HTTP/1.1",
                headers: [(String, String)], body: [UInt8] = [], contentLength: Int? = nil) -> [UInt8] {
    var head = "\(method) \(path) \(version)\r\n"
    for (name, value) in headers { head += "\(name): \(value)\r\n" }
    if let length = contentLength ?? (body.isEmpty ? nil : body.count) { head += "Content-Length: \(length)\r\n" }
    head += "\r\n"
    return Array(head.utf8) + body
}
