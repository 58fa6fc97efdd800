#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

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
