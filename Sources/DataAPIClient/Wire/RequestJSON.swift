import Foundation

/// A hand-written JSON writer for the two hot request shapes, `ExecuteStatement` and
/// `BatchExecuteStatement`, and exact byte counts of their parts.
///
/// The output is byte-for-byte what ``WireJSON/encoder`` (Foundation's `JSONEncoder` with
/// `[.withoutEscapingSlashes, .sortedKeys]`) writes for the same request, at a small fraction
/// of the cost. The encoder's rules, found by experiment and pinned by `RequestJSONTests`:
///
/// - Compact: no whitespace; members in byte order of their names; absent optionals omitted.
/// - Strings: raw UTF-8, except `"` and `\` (escaped with a backslash), `\b`, `\t`, `\n`,
///   `\f`, `\r`, and every other byte below 0x20 as `\u00xx` with lowercase hex. `/`, DEL
///   (0x7F), U+2028 and U+2029 are written raw.
/// - Doubles: Swift's shortest round-trip `description` with a trailing `.0` removed
///   (`1`, `-0`, `0.1`, `1e+16`, `1e-05`, `5e-324`); NaN and infinities are an error.
/// - Int64 and Bool as usual; `null` for the absent entries of an `arrayValue`.
/// - Blobs: standard padded base64 (the `/` of the alphabet unescaped).
///
/// Both the writer and the byte counter walk one generic description of each shape, so
/// `size(of:)` and the bytes `encode` writes cannot drift apart member by member.
package enum RequestJSON {
    /// The body of an `ExecuteStatement` request, identical to `WireJSON.encoder.encode(r)`.
    ///
    /// - Throws: ``DataAPIClientError`` of kind `invalidRequest` for a non-finite double or an
    ///   `unknown` `Field` or `ArrayValue` member, where `JSONEncoder` throws too.
    package static func encode(_ r: ExecuteStatementRequest) throws -> [UInt8] {
        var sink = ByteSink(capacity: 256 + r.sql.utf8.count + estimatedSize(of: r.parameters ?? []))
        defer { sink.deallocate() }
        try reportingFailures(operation: ExecuteStatementRequest.operationName) { try write(r, to: &sink) }
        return sink.bytes
    }

    /// The body of a `BatchExecuteStatement` request, identical to `WireJSON.encoder.encode(r)`.
    ///
    /// - Throws: ``DataAPIClientError`` of kind `invalidRequest` for a non-finite double or an
    ///   `unknown` `Field` or `ArrayValue` member, where `JSONEncoder` throws too.
    package static func encode(_ r: BatchExecuteStatementRequest) throws -> [UInt8] {
        let sets = r.parameterSets ?? []
        var capacity = 256 + r.sql.utf8.count
        for set in sets { capacity += estimatedSize(of: set) + 1 }
        var sink = ByteSink(capacity: capacity)
        defer { sink.deallocate() }
        try reportingFailures(operation: BatchExecuteStatementRequest.operationName) { try write(r, to: &sink) }
        return sink.bytes
    }

    /// A size at least as large as most parameter lists encode to, found without encoding
    /// them (string lengths are known): the body's buffer is allocated once, not grown and
    /// copied, which for a 4 MiB request cost page faults and a copy of everything so far.
    static func estimatedSize(of parameters: [SqlParameter]) -> Int {
        var size = 2
        for p in parameters {
            size += 48 + (p.name?.utf8.count ?? 0)
            switch p.value {
            case .stringValue(let v)?: size += v.utf8.count + v.utf8.count / 8 + 8
            case .blobValue(let v)?: size += (v.count + 2) / 3 * 4 + 8
            default: size += 32
            }
        }
        return size
    }

    /// The exact number of bytes the JSON array of one parameter set (`[{...},{...}]`) takes in
    /// an encoded request: its `parameters` in `ExecuteStatement`, or one element of
    /// `parameterSets` in `BatchExecuteStatement` (add one byte per comma between sets, and two
    /// for the brackets around them). Allocates nothing unless it throws.
    ///
    /// - Throws: ``DataAPIClientError`` of kind `invalidRequest` where `encode` would throw.
    package static func size(of parameters: [SqlParameter]) throws -> Int {
        var sink = CountSink()
        try reportingFailures(operation: nil) { try write(parameters, to: &sink) }
        return sink.count
    }

    /// The exact number of bytes `s` takes as a JSON string value, quotes and escapes included.
    package static func size(ofString s: String) -> Int {
        var sink = CountSink()
        sink.string(s)
        return sink.count
    }

    // MARK: The shapes, written once for both sinks

    static func write<S: JSONSink>(_ r: ExecuteStatementRequest, to s: inout S) throws {
        var o = ObjectState()
        s.byte(UInt8(ascii: "{"))
        if let v = r.continueAfterTimeout { s.member(#""continueAfterTimeout":"#, &o); s.bool(v) }
        if let v = r.database { s.member(#""database":"#, &o); s.string(v) }
        if let v = r.formatRecordsAs { s.member(#""formatRecordsAs":"#, &o); s.string(v.rawValue) }
        if let v = r.includeResultMetadata { s.member(#""includeResultMetadata":"#, &o); s.bool(v) }
        if let v = r.parameters {
            s.member(#""parameters":"#, &o)
            try at("parameters") { try write(v, to: &s) }
        }
        s.member(#""resourceArn":"#, &o); s.string(r.resourceArn)
        if let v = r.resultSetOptions {
            var inner = ObjectState()
            s.member(#""resultSetOptions":"#, &o)
            s.byte(UInt8(ascii: "{"))
            if let d = v.decimalReturnType { s.member(#""decimalReturnType":"#, &inner); s.string(d.rawValue) }
            if let l = v.longReturnType { s.member(#""longReturnType":"#, &inner); s.string(l.rawValue) }
            s.byte(UInt8(ascii: "}"))
        }
        if let v = r.schema { s.member(#""schema":"#, &o); s.string(v) }
        s.member(#""secretArn":"#, &o); s.string(r.secretArn)
        s.member(#""sql":"#, &o); s.string(r.sql)
        if let v = r.transactionId { s.member(#""transactionId":"#, &o); s.string(v) }
        s.byte(UInt8(ascii: "}"))
    }

    static func write<S: JSONSink>(_ r: BatchExecuteStatementRequest, to s: inout S) throws {
        try write(r, to: &s, sets: nil)
    }

    /// A batch request; `sets`, when given, writes the parameter sets' elements in place of
    /// `r.parameterSets`'s (which must then be non-nil, for the member to be written).
    static func write<S: JSONSink>(_ r: BatchExecuteStatementRequest, to s: inout S,
                                   sets writeSets: ((inout S) -> Void)?) throws {
        var o = ObjectState()
        s.byte(UInt8(ascii: "{"))
        if let v = r.database { s.member(#""database":"#, &o); s.string(v) }
        if let sets = r.parameterSets {
            s.member(#""parameterSets":"#, &o)
            s.byte(UInt8(ascii: "["))
            if let writeSets {
                writeSets(&s)
            } else {
                try sets.withUnsafeBufferPointer { ss in
                    for i in ss.indices {
                        if i > 0 { s.byte(UInt8(ascii: ",")) }
                        try at("parameterSets[\(i)]") { try write(ss[i], to: &s) }
                    }
                }
            }
            s.byte(UInt8(ascii: "]"))
        }
        s.member(#""resourceArn":"#, &o); s.string(r.resourceArn)
        if let v = r.schema { s.member(#""schema":"#, &o); s.string(v) }
        s.member(#""secretArn":"#, &o); s.string(r.secretArn)
        s.member(#""sql":"#, &o); s.string(r.sql)
        if let v = r.transactionId { s.member(#""transactionId":"#, &o); s.string(v) }
        s.byte(UInt8(ascii: "}"))
    }

    /// One parameter set: `[{"name":…,"typeHint":…,"value":{…}},…]`.
    static func write<S: JSONSink>(_ parameters: [SqlParameter], to s: inout S) throws {
        s.byte(UInt8(ascii: "["))
        // Reading the elements in place, not copying each out of the array, saves retains and
        // releases: measured, about a third of the time of a typical parameter set.
        try parameters.withUnsafeBufferPointer { ps in
            for i in ps.indices {
                if i > 0 { s.byte(UInt8(ascii: ",")) }
                var o = ObjectState()
                s.byte(UInt8(ascii: "{"))
                if let v = ps[i].name { s.member(#""name":"#, &o); s.string(v) }
                if let v = ps[i].typeHint { s.member(#""typeHint":"#, &o); s.raw(quoted(v)) }
                if let v = ps[i].value {
                    s.member(#""value":"#, &o)
                    try at("[\(i)].value") { try write(v, to: &s) }
                }
                s.byte(UInt8(ascii: "}"))
            }
        }
        s.byte(UInt8(ascii: "]"))
    }

    /// A type hint's JSON string; its raw values need no escaping.
    @inline(__always)
    static func quoted(_ hint: TypeHint) -> StaticString {
        switch hint {
        case .json: #""JSON""#
        case .uuid: #""UUID""#
        case .timestamp: #""TIMESTAMP""#
        case .date: #""DATE""#
        case .time: #""TIME""#
        case .decimal: #""DECIMAL""#
        }
    }

    static func write<S: JSONSink>(_ f: Field, to s: inout S) throws {
        switch f {
        case .isNull(let v): s.raw(#"{"isNull":"#); s.bool(v)
        case .booleanValue(let v): s.raw(#"{"booleanValue":"#); s.bool(v)
        case .longValue(let v): s.raw(#"{"longValue":"#); s.int(v)
        case .doubleValue(let v): s.raw(#"{"doubleValue":"#); try s.double(v)
        case .stringValue(let v): s.raw(#"{"stringValue":"#); s.string(v)
        case .blobValue(let v): s.raw(#"{"blobValue":"#); s.base64(v)
        case .arrayValue(let v): s.raw(#"{"arrayValue":"#); try at(".arrayValue") { try write(v, to: &s) }
        case .unknown(let name): throw Failure(message: "cannot send the unknown Field member '\(name)'")
        }
        s.byte(UInt8(ascii: "}"))
    }

    static func write<S: JSONSink>(_ a: ArrayValue, to s: inout S) throws {
        switch a {
        case .booleanValues(let vs):
            s.raw(#"{"booleanValues":["#)
            for (i, v) in vs.enumerated() {
                if i > 0 { s.byte(UInt8(ascii: ",")) }
                if let v { s.bool(v) } else { s.raw("null") }
            }
        case .longValues(let vs):
            s.raw(#"{"longValues":["#)
            for (i, v) in vs.enumerated() {
                if i > 0 { s.byte(UInt8(ascii: ",")) }
                if let v { s.int(v) } else { s.raw("null") }
            }
        case .doubleValues(let vs):
            s.raw(#"{"doubleValues":["#)
            for (i, v) in vs.enumerated() {
                if i > 0 { s.byte(UInt8(ascii: ",")) }
                if let v { try at(".doubleValues[\(i)]") { try s.double(v) } } else { s.raw("null") }
            }
        case .stringValues(let vs):
            s.raw(#"{"stringValues":["#)
            for (i, v) in vs.enumerated() {
                if i > 0 { s.byte(UInt8(ascii: ",")) }
                if let v { s.string(v) } else { s.raw("null") }
            }
        case .arrayValues(let vs):
            s.raw(#"{"arrayValues":["#)
            for (i, v) in vs.enumerated() {
                if i > 0 { s.byte(UInt8(ascii: ",")) }
                try at(".arrayValues[\(i)]") { try write(v, to: &s) }
            }
        case .unknown(let name):
            throw Failure(message: "cannot send the unknown ArrayValue member '\(name)'")
        }
        s.raw("]}")
    }

    // MARK: Failures

    /// Why a request cannot be written, and where in it (`parameterSets[3][1].value`).
    struct Failure: Error {
        var message: String
        var path = ""
    }

    /// Runs `body`, prefixing `component` to the path of a ``Failure`` it throws. The path is
    /// only built on the way out of a failure, so the happy path pays nothing for it.
    @inline(__always)
    static func at(_ component: @autoclosure () -> String, _ body: () throws -> Void) throws {
        do { try body() } catch var f as Failure {
            f.path = component() + f.path
            throw f
        }
    }

    static func reportingFailures(operation: String?, _ body: () throws -> Void) throws {
        do { try body() } catch let f as Failure {
            let message = f.path.isEmpty ? f.message : "\(f.path): \(f.message)"
            throw DataAPIClientError(code: .invalidRequest, message: message, operation: operation)
        }
    }
}

/// Tracks whether an object needs a comma before its next member.
struct ObjectState {
    var hasMembers = false
}

/// Where `RequestJSON` puts JSON: bytes (``ByteSink``) or only their count (``CountSink``).
protocol JSONSink {
    /// Bytes that need no escaping, such as `{"longValue":` or `null`.
    mutating func raw(_ text: StaticString)
    mutating func byte(_ b: UInt8)
    /// A JSON string, quoted and escaped as `JSONEncoder` does.
    mutating func string(_ s: String)
    mutating func int(_ v: Int64)
    /// Throws for NaN and infinities, which JSON cannot represent.
    mutating func double(_ v: Double) throws
    /// Padded standard base64 in quotes.
    mutating func base64(_ d: Data)
}

extension JSONSink {
    /// A member name (`"sql":`), after a comma unless it is the object's first member.
    @inline(__always)
    mutating func member(_ quotedNameAndColon: StaticString, _ o: inout ObjectState) {
        if o.hasMembers { byte(UInt8(ascii: ",")) }
        o.hasMembers = true
        raw(quotedNameAndColon)
    }

    @inline(__always)
    mutating func bool(_ v: Bool) { if v { raw("true") } else { raw("false") } }
}

// MARK: Rules shared by both sinks

enum JSONText {
    /// Whether JSON needs `b` escaped in a string: `"`, `\` and the C0 controls.
    @inline(__always)
    static func needsEscape(_ b: UInt8) -> Bool { b < 0x20 || b == 0x22 || b == 0x5C }

    /// Calls `body` with the UTF-8 of `s`, in place for native strings (without the copy of `s`
    /// that `String.withUTF8` needs, being mutating).
    @inline(__always)
    static func withUTF8<R>(_ s: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let r = s.utf8.withContiguousStorageIfAvailable(body) { return r }
        var s = s
        return s.withUTF8(body)
    }

    /// The index of the first byte at or after `start` that needs escaping, or `utf8.count`.
    ///
    /// Tests eight bytes at a time: a word has a byte below 0x20 when `(w - 0x20…) & ~w & 0x80…`
    /// is nonzero, and a byte equal to `c` when the same test for "below 1" holds for `w ^ c…`
    /// (exact for the word as a whole; the byte is then found one by one).
    @inline(__always)
    static func firstEscape(in utf8: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = utf8.baseAddress else { return utf8.count }
        let n = utf8.count
        var i = start
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        while n - i >= 8 {
            let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            let quote = w ^ (ones &* 0x22)
            let backslash = w ^ (ones &* 0x5C)
            let hits = (w &- ones &* 0x20) & ~w | (quote &- ones) & ~quote | (backslash &- ones) & ~backslash
            if hits & high != 0 { break }
            i += 8
        }
        while i < n {
            if needsEscape(base[i]) { return i }
            i += 1
        }
        return n
    }

    /// The short escape's letter for `b` (`n` for a newline), or 0 where `\u00xx` is used.
    @inline(__always)
    static func shortEscape(_ b: UInt8) -> UInt8 {
        switch b {
        case 0x22: 0x22
        case 0x5C: 0x5C
        case 0x08: UInt8(ascii: "b")
        case 0x09: UInt8(ascii: "t")
        case 0x0A: UInt8(ascii: "n")
        case 0x0C: UInt8(ascii: "f")
        case 0x0D: UInt8(ascii: "r")
        default: 0
        }
    }

    /// A lowercase hex digit, as `JSONEncoder` writes in `\u001b`.
    @inline(__always)
    static func hexDigit(_ v: UInt8) -> UInt8 { v < 10 ? 0x30 + v : 0x57 + v }

    /// The number of decimal digits of `v`.
    @inline(__always)
    static func digitCount(_ v: UInt64) -> Int {
        var n = 1
        var v = v
        while v >= 10_000 { v /= 10_000; n += 4 }
        while v >= 10 { v /= 10; n += 1 }
        return n
    }

    /// Padded base64 length of `n` bytes.
    @inline(__always)
    static func base64Count(_ n: Int) -> Int { (n + 2) / 3 * 4 }

    static func nonFinite(_ v: Double) -> RequestJSON.Failure {
        .init(message: "cannot send the double \(v): JSON has no number for NaN or infinity")
    }
}

/// Writes the bytes into memory it allocates and grows itself.
///
/// Writing through a pointer skips the uniqueness and capacity checks `Array.append` makes for
/// every call, which were most of the cost. Every write first makes room for itself
/// (``reserve(_:)``), so nothing is written out of bounds whatever the input. The owner calls
/// ``deallocate()`` exactly once (`defer` it right after `init`) and never copies the sink.
///
/// Doubles go through `Double.write(to:)`, which hands its digits (the same as `description`)
/// to `_writeASCII` without making a `String`; should a future standard library stop calling
/// that hook, its default forwards the same text to `write(_:)`.
struct ByteSink: JSONSink, TextOutputStream {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
        base = .allocate(capacity: self.capacity)
    }

    /// The bytes written so far.
    var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// The bytes written so far, for the length of `body`.
    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: base, count: count))
    }

    /// Appends bytes that need no escaping (JSON written by another sink).
    mutating func rawBytes(_ buffer: UnsafeBufferPointer<UInt8>) {
        reserve(buffer.count)
        put(buffer)
    }

    /// Releases the memory; the sink must not be used afterwards.
    func deallocate() { base.deallocate() }

    /// Makes room for `n` more bytes.
    @inline(__always)
    mutating func reserve(_ n: Int) { if capacity - count < n { grow(n) } }

    @inline(never)
    private mutating func grow(_ n: Int) {
        let newCapacity = Swift.max(capacity * 2, count + n)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.initialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    /// Appends bytes for which room was reserved.
    @inline(__always)
    private mutating func put(_ b: UInt8) {
        assert(count < capacity, "no room reserved")
        base[count] = b
        count += 1
    }

    @inline(__always)
    private mutating func put(_ buffer: UnsafeBufferPointer<UInt8>) {
        guard let from = buffer.baseAddress else { return }
        assert(buffer.count <= capacity - count, "no room reserved")
        (base + count).initialize(from: from, count: buffer.count)
        count += buffer.count
    }

    @inline(__always)
    mutating func raw(_ text: StaticString) {
        reserve(text.utf8CodeUnitCount)
        text.withUTF8Buffer { put($0) }
    }

    @inline(__always)
    mutating func byte(_ b: UInt8) {
        reserve(1)
        put(b)
    }

    mutating func string(_ s: String) {
        JSONText.withUTF8(s) { string(utf8: $0) }
    }

    private mutating func string(utf8: UnsafeBufferPointer<UInt8>) {
        // Room for the text as it is, the usual case; each escape makes room for itself.
        reserve(utf8.count + 2)
        put(0x22)
        var clean = 0
        while true {
            let i = JSONText.firstEscape(in: utf8, from: clean)
            if i == utf8.count { break }
            reserve(i - clean + 6)
            put(UnsafeBufferPointer(rebasing: utf8[clean..<i]))
            escape(utf8[i])
            clean = i + 1
        }
        reserve(utf8.count - clean + 1)
        put(UnsafeBufferPointer(rebasing: utf8[clean...]))
        put(0x22)
    }

    /// Writes the escape of `b`, at most 6 bytes, into room reserved for it.
    private mutating func escape(_ b: UInt8) {
        put(0x5C)
        let short = JSONText.shortEscape(b)
        if short != 0 {
            put(short)
        } else {
            put(UInt8(ascii: "u"))
            put(UInt8(ascii: "0"))
            put(UInt8(ascii: "0"))
            put(JSONText.hexDigit(b >> 4))
            put(JSONText.hexDigit(b & 0xF))
        }
    }

    mutating func int(_ v: Int64) {
        var m = v.magnitude
        let n = JSONText.digitCount(m) + (v < 0 ? 1 : 0)
        reserve(n)
        if v < 0 { base[count] = UInt8(ascii: "-") }
        var i = count + n
        repeat {
            i -= 1
            base[i] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: m % 10)
            m /= 10
        } while m != 0
        count += n
    }

    mutating func double(_ v: Double) throws {
        guard v.isFinite else { throw JSONText.nonFinite(v) }
        let start = count
        v.write(to: &self)
        if count - start >= 2 && base[count - 2] == UInt8(ascii: ".") && base[count - 1] == UInt8(ascii: "0") {
            count -= 2
        }
    }

    mutating func base64(_ d: Data) {
        reserve(JSONText.base64Count(d.count) + 2)
        put(0x22)
        let alphabet: StaticString = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
        let letter = alphabet.utf8Start
        d.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let n = raw.count
            var i = 0
            while i + 3 <= n {
                let b0 = Int(raw[i]), b1 = Int(raw[i + 1]), b2 = Int(raw[i + 2])
                put(letter[b0 >> 2])
                put(letter[(b0 & 0x03) << 4 | b1 >> 4])
                put(letter[(b1 & 0x0F) << 2 | b2 >> 6])
                put(letter[b2 & 0x3F])
                i += 3
            }
            if n - i == 1 {
                let b0 = Int(raw[i])
                put(letter[b0 >> 2])
                put(letter[(b0 & 0x03) << 4])
                put(UInt8(ascii: "="))
                put(UInt8(ascii: "="))
            } else if n - i == 2 {
                let b0 = Int(raw[i]), b1 = Int(raw[i + 1])
                put(letter[b0 >> 2])
                put(letter[(b0 & 0x03) << 4 | b1 >> 4])
                put(letter[(b1 & 0x0F) << 2])
                put(UInt8(ascii: "="))
            }
        }
        put(0x22)
    }

    mutating func write(_ string: String) {
        JSONText.withUTF8(string) { _writeASCII($0) }
    }

    mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) {
        reserve(buffer.count)
        put(buffer)
    }
}

/// Counts the bytes ``ByteSink`` would write, without writing them.
struct CountSink: JSONSink {
    var count = 0

    @inline(__always)
    mutating func raw(_ text: StaticString) { count += text.utf8CodeUnitCount }

    @inline(__always)
    mutating func byte(_ b: UInt8) { count += 1 }

    mutating func string(_ s: String) {
        count += JSONText.withUTF8(s) { utf8 in
            var n = utf8.count + 2
            var i = JSONText.firstEscape(in: utf8, from: 0)
            while i < utf8.count {
                n += JSONText.shortEscape(utf8[i]) != 0 ? 1 : 5
                i = JSONText.firstEscape(in: utf8, from: i + 1)
            }
            return n
        }
    }

    mutating func int(_ v: Int64) { count += (v < 0 ? 1 : 0) + JSONText.digitCount(v.magnitude) }

    mutating func double(_ v: Double) throws {
        guard v.isFinite else { throw JSONText.nonFinite(v) }
        var counter = DoubleTextCounter()
        v.write(to: &counter)
        count += counter.endsInPointZero ? counter.count - 2 : counter.count
    }

    mutating func base64(_ d: Data) { count += JSONText.base64Count(d.count) + 2 }
}

/// Receives a double's text to learn its length and whether it ends in `.0`.
struct DoubleTextCounter: TextOutputStream {
    var count = 0
    private var last: UInt8 = 0
    private var beforeLast: UInt8 = 0

    var endsInPointZero: Bool { count >= 2 && beforeLast == UInt8(ascii: ".") && last == UInt8(ascii: "0") }

    mutating func write(_ string: String) { for b in string.utf8 { take(b) } }

    mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) { for b in buffer { take(b) } }

    @inline(__always)
    private mutating func take(_ b: UInt8) {
        count += 1
        beforeLast = last
        last = b
    }
}
