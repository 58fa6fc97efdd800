@testable import DataAPIClient
import Testing

/// The direct path's HTTP/1.1 response reader: every framing, fed whole and byte by byte,
/// and each malformed shape refused.
@Suite struct HTTPResponseReaderTests {
    /// Reads `text` fed in pieces of `step` bytes; nil once complete bytes remain unread.
    static func read(_ text: String, step: Int, limit: Int = 1 << 20, close: Bool = false) throws(HTTPResponseReader.Failure)
        -> HTTPResponseReader
    {
        var reader = HTTPResponseReader(maxBodyBytes: limit)
        let bytes = Array(text.utf8)
        var at = 0
        while at < bytes.count {
            let end = min(bytes.count, at + step)
            let piece = UnsafeMutableRawBufferPointer.allocate(byteCount: end - at, alignment: 1)
            defer { piece.deallocate() }
            piece.copyBytes(from: bytes[at..<end])
            try reader.consume(UnsafeRawBufferPointer(piece))
            at = end
        }
        if close { reader.connectionClosed() }
        return reader
    }

    static let steps = [1, 2, 3, 7, 64, 1 << 20]

    @Test(arguments: steps)
    func contentLengthAndHeaders(_ step: Int) throws {
        let r = try Self.read("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 7\r\nX-A:  b c \t\r\n\r\n{\"a\":1}", step: step)
        #expect(r.isComplete && r.status == 200 && r.keepAlive)
        #expect(String(decoding: r.body, as: UTF8.self) == "{\"a\":1}")
        #expect(r.headers.map(\.name) == ["Content-Type", "Content-Length", "X-A"])
        #expect(r.headers.last?.value == "b c")
    }

    @Test(arguments: steps)
    func chunkedWithExtensionsAndTrailers(_ step: Int) throws {
        let text = "HTTP/1.1 400 Bad Request\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;ext=1\r\nhello\r\n1A\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nX-Trailer: t\r\n\r\n"
        let r = try Self.read(text, step: step)
        #expect(r.isComplete && r.status == 400 && r.keepAlive)
        #expect(String(decoding: r.body, as: UTF8.self) == "helloabcdefghijklmnopqrstuvwxyz")
    }

    @Test(arguments: steps)
    func interimResponsesAreSkipped(_ step: Int) throws {
        let r = try Self.read(
            "HTTP/1.1 100 Continue\r\nX-Interim: 1\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}", step: step)
        #expect(r.isComplete && r.status == 200 && String(decoding: r.body, as: UTF8.self) == "{}")
        #expect(r.headers.map(\.name) == ["Content-Length"])
    }

    /// A head of many headers fed a byte at a time is found, and scanned once (fed 1 byte at a
    /// time, a rescan from its start on every byte would take seconds).
    @Test func aLargeHeadFedByteByByte() throws {
        let names = (0..<2000).map { "X-Header-\($0): value \($0)\r\n" }.joined()
        let started = ContinuousClock.now
        let r = try Self.read("HTTP/1.1 200 OK\r\n" + names + "Content-Length: 1\r\n\r\na", step: 1)
        #expect(r.isComplete && r.headers.count == 2001 && r.body == [97])
        #expect(ContinuousClock.now - started < .seconds(20))
    }

    @Test func bodiesWithoutLengthEndWithTheConnection() throws {
        var r = try Self.read("HTTP/1.1 200 OK\r\n\r\nabc", step: 2)
        #expect(!r.isComplete)
        r.connectionClosed()
        #expect(r.isComplete && !r.keepAlive && r.body == Array("abc".utf8))
        let empty = try Self.read("HTTP/1.1 204 No Content\r\n\r\n", step: 1)
        #expect(empty.isComplete && empty.body.isEmpty && empty.keepAlive)
    }

    @Test func connectionCloseAndHTTP10AreNotKeptAlive() throws {
        #expect(try !Self.read("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", step: 5).keepAlive)
        #expect(try !Self.read("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", step: 5).keepAlive)
        #expect(try Self.read("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n", step: 5).keepAlive)
        // Bytes after the response: the connection is not reused.
        let extra = try Self.read("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\naHTTP/1.1", step: 1 << 20)
        #expect(extra.isComplete && !extra.keepAlive && extra.body == [97])
    }

    @Test func unfinishedResponsesSayHowFarTheyGot() throws {
        let nothing = HTTPResponseReader(maxBodyBytes: 10)
        #expect(!nothing.receivedAny && !nothing.headComplete)
        let head = try Self.read("HTTP/1.1 200 OK\r\nContent-Le", step: 4, close: true)
        #expect(head.receivedAny && !head.headComplete && !head.isComplete)
        let body = try Self.read("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nabc", step: 4, close: true)
        #expect(body.headComplete && !body.isComplete)
        let chunk = try Self.read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab", step: 4, close: true)
        #expect(chunk.headComplete && !chunk.isComplete)
    }

    @Test(arguments: [
        ("HTTP/2 200 OK\r\n\r\n", "not an HTTP/1.x status line"),
        ("HTTP/1.1 20 OK\r\n\r\n", "malformed status code"),
        ("HTTP/1.1 2000 OK\r\n\r\n", "malformed status code"),
        ("HTTP/1.1 200 OK\r\n folded\r\n\r\n", "folded header line"),
        ("HTTP/1.1 200 OK\r\n: v\r\n\r\n", "header line without a name"),
        ("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "malformed Content-Length"),
        ("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", "two different Content-Length values"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n", "unsupported Transfer-Encoding gzip"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n",
         "Content-Length beside chunked coding"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "malformed chunk size"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabX\r\n", "chunk not followed by CRLF"),
        ("HTTP/1.1 101 Switching Protocols\r\n\r\n", "unexpected protocol switch"),
        ("HTTP/1.1 200 OK\r\nContent-Length : 5\r\n\r\n", "white space in a header name"),
        ("HTTP/1.1 200 OK\nContent-Length: 5\r\n\r\n", "bare CR or LF in the response head"),
        ("HTTP/1.1 200 OK\r\nX: a\rb\r\n\r\n", "bare CR or LF in the response head"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", "unsupported Transfer-Encoding gzip, chunked"),
    ])
    func malformedResponsesAreRefused(_ text: String, _ why: String) {
        for step in [1, 1 << 20] {
            #expect(throws: HTTPResponseReader.Failure.malformed(why)) { _ = try Self.read(text, step: step) }
        }
    }

    @Test func bodiesOverTheLimitAreRefusedWhateverTheirFraming() {
        for text in [
            "HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nabcdef\r\n6\r\nabcdef\r\n0\r\n\r\n",
            "HTTP/1.1 200 OK\r\n\r\nabcdefghijk",
        ] {
            for step in [1, 1 << 20] {
                #expect(throws: HTTPResponseReader.Failure.tooLarge) { _ = try Self.read(text, step: step, limit: 10) }
            }
        }
        #expect(throws: HTTPResponseReader.Failure.malformed("response head too large")) {
            _ = try Self.read("HTTP/1.1 200 OK\r\nX: " + String(repeating: "a", count: 70_000), step: 4096)
        }
    }
}
