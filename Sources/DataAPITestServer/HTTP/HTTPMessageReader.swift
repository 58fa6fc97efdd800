#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

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
            headers.append(
                (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        let length = headers.first { $0.name.lowercased() == "content-length" }.flatMap { Int($0.value) } ?? 0
        let total = headEnd! + 4 + length
        while buffer.count < total { if !fill() { return nil } }
        let message = Message(
            startLine: lines[0], headers: headers, bytes: Array(buffer[0..<total]),
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
