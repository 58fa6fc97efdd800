/// Reads one HTTP/1.1 response from the bytes of a connection as they arrive: the status line,
/// the headers and a body framed by `Content-Length`, by chunked transfer coding or by the end
/// of the connection. Interim (1xx) responses are skipped. Strict where a lenient reading
/// could take one response for another: a malformed status line, header or chunk size, two
/// different lengths, or a length beside chunked coding is an error, not a guess.
struct HTTPResponseReader {
    /// What was read: a whole response, or a reason it cannot be one.
    enum Failure: Error, Equatable {
        /// The bytes are not an HTTP/1.x response.
        case malformed(String)
        /// The body passed the limit.
        case tooLarge
    }

    /// The largest head accepted (status line and headers).
    static let maximumHeadBytes = 64 << 10

    private enum Stage {
        case head
        case body(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
        case untilClose
        case done
    }

    private let maxBodyBytes: Int
    private var stage = Stage.head
    /// Bytes received and not yet consumed.
    private var pending: [UInt8] = []
    /// How far into `pending` the search for the head's end has looked.
    private var headScanned = 0
    private(set) var status = 0
    private(set) var headers: [(name: String, value: String)] = []
    private(set) var body: [UInt8] = []
    /// Whether the connection may carry another request after this response.
    private(set) var keepAlive = true
    /// Whether any byte of a response arrived.
    private(set) var receivedAny = false

    init(maxBodyBytes: Int) { self.maxBodyBytes = maxBodyBytes }

    /// Whether the response is complete.
    var isComplete: Bool { if case .done = stage { true } else { false } }
    /// Whether the head (status line and headers) is complete.
    var headComplete: Bool { if case .head = stage { false } else { true } }

    /// Takes the next bytes of the connection. Bytes past the end of the response mean the
    /// server sent something unasked: the connection is then not reused.
    mutating func consume(_ bytes: UnsafeRawBufferPointer) throws(Failure) {
        guard !bytes.isEmpty else { return }
        receivedAny = true
        if case .body(let remaining) = stage, pending.isEmpty {
            // The common case: body bytes straight into the body.
            let n = min(remaining, bytes.count)
            try append(UnsafeRawBufferPointer(rebasing: bytes[..<n]))
            stage = remaining == n ? .done : .body(remaining: remaining - n)
            if bytes.count > n { keepAlive = false }
            return
        }
        pending.append(contentsOf: bytes)
        try advance()
    }

    /// The connection ended: completes a response delimited by the end of the connection;
    /// anything else still unfinished is an error for the caller.
    mutating func connectionClosed() {
        keepAlive = false
        if case .untilClose = stage { stage = .done }
    }

    private mutating func append(_ bytes: UnsafeRawBufferPointer) throws(Failure) {
        guard body.count + bytes.count <= maxBodyBytes else { throw .tooLarge }
        body.append(contentsOf: bytes)
    }

    private mutating func appendPending(_ range: Range<Int>) throws(Failure) {
        guard body.count + range.count <= maxBodyBytes else { throw .tooLarge }
        body.append(contentsOf: pending[range])
    }

    /// Moves up to `remaining` body bytes from `pending` at `at` into the body; what is left.
    private mutating func takeBody(_ remaining: Int, at: inout Int) throws(Failure) -> Int {
        let n = min(remaining, pending.count - at)
        try appendPending(at..<at + n)
        at += n
        return remaining - n
    }

    private mutating func advance() throws(Failure) {
        var at = 0
        defer {
            pending.removeFirst(at)
            headScanned = max(0, headScanned - at)
        }
        while at < pending.count {
            switch stage {
            case .head:
                // The search resumes where the last one stopped (less the 3 bytes a split
                // CRLF CRLF may have left), so a head fed in small pieces is scanned once.
                guard let end = Self.headEnd(pending, from: max(at, headScanned - 3)) else {
                    headScanned = pending.count
                    guard pending.count - at <= Self.maximumHeadBytes else { throw .malformed("response head too large") }
                    return
                }
                try parseHead(pending[at..<end])
                at = end + 4
                headScanned = 0
            case .body(let remaining):
                let left = try takeBody(remaining, at: &at)
                stage = left == 0 ? .done : .body(remaining: left)
            case .chunkSize:
                guard let line = Self.lineEnd(pending, from: at) else { try checkLineLength(at); return }
                let size = try Self.chunkSize(pending[at..<line])
                at = line + 2
                stage = size == 0 ? .trailers : .chunkData(remaining: size)
            case .chunkData(let remaining):
                let left = try takeBody(remaining, at: &at)
                stage = left == 0 ? .chunkDataEnd : .chunkData(remaining: left)
            case .chunkDataEnd:
                guard pending.count - at >= 2 else { return }
                guard pending[at] == 13, pending[at + 1] == 10 else { throw .malformed("chunk not followed by CRLF") }
                at += 2
                stage = .chunkSize
            case .trailers:
                // Trailer fields are read past; the empty line ends the response.
                guard let line = Self.lineEnd(pending, from: at) else { try checkLineLength(at); return }
                let empty = line == at
                at = line + 2
                if empty { stage = .done }
            case .untilClose:
                try appendPending(at..<pending.count)
                at = pending.count
            case .done:
                // Bytes after the response: not ours to read, so the connection is not reused.
                keepAlive = false
                at = pending.count
            }
        }
    }

    private func checkLineLength(_ at: Int) throws(Failure) {
        guard pending.count - at <= 4096 else { throw .malformed("chunk line too long") }
    }

    private mutating func parseHead(_ head: ArraySlice<UInt8>) throws(Failure) {
        // Lines end with CRLF, and only there: a bare CR or LF is refused (the head's end was
        // found as CRLF CRLF, and a bare LF read as a line end could hide a header).
        guard !head.contains(where: { $0 == 10 || $0 == 13 }) || Self.onlyCRLF(head) else {
            throw .malformed("bare CR or LF in the response head")
        }
        var lineStart = head.startIndex
        func nextLine() -> ArraySlice<UInt8>? {
            guard lineStart < head.endIndex else { return nil }
            let end = head[lineStart...].firstIndex(of: 13) ?? head.endIndex
            let line = head[lineStart..<end]
            lineStart = end == head.endIndex ? end : end + 2
            return line
        }
        guard let statusLine = nextLine() else { throw .malformed("empty response") }
        // HTTP/1.x SSS[ reason]
        guard statusLine.count >= 12, statusLine.starts(with: "HTTP/1.".utf8),
              statusLine[statusLine.startIndex + 7] == UInt8(ascii: "0") || statusLine[statusLine.startIndex + 7] == UInt8(ascii: "1"),
              statusLine[statusLine.startIndex + 8] == 32
        else { throw .malformed("not an HTTP/1.x status line") }
        let digits = statusLine[(statusLine.startIndex + 9)..<(statusLine.startIndex + 12)]
        guard digits.allSatisfy({ $0 >= 48 && $0 <= 57 }),
              statusLine.count == 12 || statusLine[statusLine.startIndex + 12] == 32
        else { throw .malformed("malformed status code") }
        let code = digits.reduce(0) { $0 * 10 + Int($1 - 48) }
        let http10 = statusLine[statusLine.startIndex + 7] == UInt8(ascii: "0")
        var fields: [(name: String, value: String)] = []
        var length: Int?
        var chunked = false
        var close = http10
        while let line = nextLine() {
            guard !line.isEmpty else { continue }
            guard line.first != 32, line.first != 9 else { throw .malformed("folded header line") }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex else {
                throw .malformed("header line without a name")
            }
            // RFC 9112 §5.1: no white space between the name and the colon.
            guard !line[..<colon].contains(where: { $0 == 32 || $0 == 9 }) else {
                throw .malformed("white space in a header name")
            }
            var value = line[(colon + 1)...]
            while let f = value.first, f == 32 || f == 9 { value.removeFirst() }
            while let l = value.last, l == 32 || l == 9 { value.removeLast() }
            let nameBytes = line[..<colon]
            let name = String(decoding: nameBytes, as: UTF8.self)
            let text = String(decoding: value, as: UTF8.self)
            fields.append((name, text))
            if HeaderName.matches(nameBytes, "content-length") {
                guard !value.isEmpty, value.count <= 18, value.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
                    throw .malformed("malformed Content-Length")
                }
                let n = value.reduce(0) { $0 * 10 + Int($1 - 48) }
                guard length == nil || length == n else { throw .malformed("two different Content-Length values") }
                length = n
            } else if HeaderName.matches(nameBytes, "transfer-encoding") {
                // Only chunked alone: another coding would leave the body encoded.
                guard text.lowercased() == "chunked" else { throw .malformed("unsupported Transfer-Encoding \(text)") }
                chunked = true
            } else if HeaderName.matches(nameBytes, "connection") {
                let options = text.lowercased().split(separator: ",").map { $0.trimmingSpaces }
                if options.contains("close") { close = true }
                if http10 && options.contains("keep-alive") { close = false }
            }
        }
        if code >= 100 && code < 200 {
            // An interim response: the real one follows.
            guard code != 101 else { throw .malformed("unexpected protocol switch") }
            return
        }
        guard !(chunked && length != nil) else { throw .malformed("Content-Length beside chunked coding") }
        status = code
        headers = fields
        keepAlive = !close
        if code == 204 || code == 304 {
            stage = .done
        } else if chunked {
            stage = .chunkSize
        } else if let length {
            guard length <= maxBodyBytes else { throw .tooLarge }
            body.reserveCapacity(length)
            stage = length == 0 ? .done : .body(remaining: length)
        } else {
            keepAlive = false
            stage = .untilClose
        }
    }

    /// Whether every CR in `head` is followed by LF and every LF preceded by CR.
    private static func onlyCRLF(_ head: ArraySlice<UInt8>) -> Bool {
        var i = head.startIndex
        while i < head.endIndex {
            switch head[i] {
            case 13:
                guard i + 1 < head.endIndex, head[i + 1] == 10 else { return false }
                i += 2
            case 10: return false
            default: i += 1
            }
        }
        return true
    }

    /// The index of the `\r\n\r\n` that ends the head, searching from `start`.
    private static func headEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        guard bytes.count - start >= 4 else { return nil }
        var j = start
        while j + 3 < bytes.count {
            if bytes[j + 3] == 10, bytes[j + 2] == 13, bytes[j + 1] == 10, bytes[j] == 13 { return j }
            j += 1
        }
        return nil
    }

    /// The index of the `\r\n` that ends the line at `start`.
    private static func lineEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        var j = start
        while j + 1 < bytes.count {
            if bytes[j] == 13, bytes[j + 1] == 10 { return j }
            j += 1
        }
        return nil
    }

    /// A chunk-size line: hex digits, then optional extensions after `;`.
    private static func chunkSize(_ line: ArraySlice<UInt8>) throws(Failure) -> Int {
        var size = 0
        var digits = 0
        for b in line {
            let v: Int
            switch b {
            case 48...57: v = Int(b - 48)
            case 97...102: v = Int(b - 87)
            case 65...70: v = Int(b - 55)
            case 59, 32, 9:
                guard digits > 0 else { throw .malformed("malformed chunk size") }
                return size
            default: throw .malformed("malformed chunk size")
            }
            digits += 1
            guard digits <= 15 else { throw .malformed("chunk size too large") }
            size = size << 4 | v
        }
        guard digits > 0 else { throw .malformed("malformed chunk size") }
        return size
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return s
    }
}
