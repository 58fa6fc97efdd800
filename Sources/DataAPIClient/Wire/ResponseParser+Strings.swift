#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Strings and blobs: UTF-8 validation, every JSON escape, and canonical base64.
extension ResponseParser {
    mutating func string() throws(NotFast) -> String {
        let (utf8, ascii) = try stringBytes()
        // `String(decoding:)` only differs from the input where the input is not UTF-8; ASCII is.
        return ascii ? String(decoding: utf8, as: UTF8.self) : try Self.validated(utf8)
    }

    /// The text of `utf8` if it is valid UTF-8, as `JSONDecoder` requires. `String(validating:)`
    /// would do, but is not specialized and costs generic metadata look-ups on every call.
    @inline(never)
    static func validated(_ utf8: UnsafeBufferPointer<UInt8>) throws(NotFast) -> String {
        let s = String(decoding: utf8, as: UTF8.self)
        // The decoded text is always valid UTF-8; it equals the input only if the input was.
        let same = s.utf8.withContiguousStorageIfAvailable { decoded in
            guard decoded.count == utf8.count, let a = decoded.baseAddress, let b = utf8.baseAddress else {
                return decoded.count == utf8.count
            }
            return memcmp(a, b, decoded.count) == 0
        }
        if let same {
            guard same else { throw NotFast() }
            return s
        }
        guard let checked = String(validating: utf8, as: UTF8.self) else { throw NotFast() }
        return checked
    }

    /// Standard padded base64, canonical only (see ``ResponseJSON``).
    mutating func blob() throws(NotFast) -> Data {
        guard let data = Self.base64(try stringBytes().utf8) else { throw NotFast() }
        return data
    }

    /// The unescaped bytes of the string at the cursor, in the input itself or in the scratch
    /// space (valid until the next string is read), and whether they are all ASCII (if not, they
    /// are not yet checked to be UTF-8).
    @inline(__always)
    mutating func stringBytes() throws(NotFast) -> (utf8: UnsafeBufferPointer<UInt8>, ascii: Bool) {
        guard peek() == UInt8(ascii: "\"") else { throw NotFast() }
        let start = i + 1
        let (j, ascii) = scan(from: start)
        guard j < end else { throw NotFast() }
        guard base[j] == UInt8(ascii: "\"") else { return (try unescaped(from: start, firstEscape: j), false) }
        i = j + 1
        return (UnsafeBufferPointer(start: base + start, count: j - start), ascii)
    }

    /// The index of the first `"`, `\` or control character at or after `start` (or the end), and
    /// whether every byte before it is ASCII.
    ///
    /// Tests eight bytes at a time as `JSONText.firstEscape` does, and collects the high bits of
    /// the words before the one with the stop.
    @inline(__always)
    func scan(from start: Int) -> (stop: Int, ascii: Bool) {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        var j = start
        var seen: UInt64 = 0
        while end - j >= 8 {
            let w = UnsafeRawPointer(base + j).loadUnaligned(as: UInt64.self)
            let quote = w ^ (ones &* 0x22)
            let backslash = w ^ (ones &* 0x5C)
            let hits = (w &- ones &* 0x20) & ~w | (quote &- ones) & ~quote | (backslash &- ones) & ~backslash
            if hits & high != 0 { break }
            seen |= w
            j += 8
        }
        var last: UInt8 = 0
        while j < end {
            let b = base[j]
            if JSONText.needsEscape(b) { break }
            last |= b
            j += 1
        }
        return (j, seen & high == 0 && last < 0x80)
    }

    /// The rest of a string with escapes, unescaped into the scratch space. No escape is shorter
    /// than what it stands for, so the text never outgrows the input.
    @inline(never)
    private mutating func unescaped(from start: Int, firstEscape: Int) throws(NotFast) -> UnsafeBufferPointer<UInt8> {
        let out: UnsafeMutablePointer<UInt8>
        if let scratch { out = scratch } else {
            out = .allocate(capacity: end)
            scratch = out
        }
        var n = 0
        var clean = start
        var j = firstEscape
        while true {
            guard j < end else { throw NotFast() }
            (out + n).initialize(from: base + clean, count: j - clean)
            n += j - clean
            let b = base[j]
            if b == UInt8(ascii: "\"") {
                i = j + 1
                return UnsafeBufferPointer(start: out, count: n)
            }
            // An unescaped control character: JSONDecoder rejects it.
            guard b == UInt8(ascii: "\\"), j + 1 < end else { throw NotFast() }
            let short: UInt8
            switch base[j + 1] {
            case UInt8(ascii: "\""): short = 0x22
            case UInt8(ascii: "\\"): short = 0x5C
            case UInt8(ascii: "/"): short = 0x2F
            case UInt8(ascii: "b"): short = 0x08
            case UInt8(ascii: "f"): short = 0x0C
            case UInt8(ascii: "n"): short = 0x0A
            case UInt8(ascii: "r"): short = 0x0D
            case UInt8(ascii: "t"): short = 0x09
            case UInt8(ascii: "u"): short = 0
            default: throw NotFast()
            }
            if base[j + 1] != UInt8(ascii: "u") {
                out[n] = short
                n += 1
                j += 2
            } else {
                guard let unit = hex4(at: j + 2) else { throw NotFast() }
                j += 6
                var scalar = UInt32(unit)
                if UTF16.isLeadSurrogate(unit) {
                    guard j + 1 < end, base[j] == UInt8(ascii: "\\"), base[j + 1] == UInt8(ascii: "u"),
                          let trail = hex4(at: j + 2), UTF16.isTrailSurrogate(trail) else { throw NotFast() }
                    j += 6
                    scalar = 0x10000 + (UInt32(unit - 0xD800) << 10 | UInt32(trail - 0xDC00))
                } else if UTF16.isTrailSurrogate(unit) {
                    throw NotFast()
                }
                n += Self.writeUTF8(scalar, to: out + n)
            }
            clean = j
            j = scan(from: j).stop
        }
    }

    /// The four hex digits at `at` (either case), or nil.
    private func hex4(at: Int) -> UInt16? {
        guard end - at >= 4 else { return nil }
        var v: UInt16 = 0
        for k in at..<at + 4 {
            let b = base[k]
            let d: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = b - UInt8(ascii: "A") + 10
            default: return nil
            }
            v = v << 4 | UInt16(d)
        }
        return v
    }

    /// Writes a scalar (not a surrogate) as UTF-8; returns the number of bytes, 1 to 4.
    private static func writeUTF8(_ s: UInt32, to out: UnsafeMutablePointer<UInt8>) -> Int {
        switch s {
        case ..<0x80:
            out[0] = UInt8(s)
            return 1
        case ..<0x800:
            out[0] = 0xC0 | UInt8(s >> 6)
            out[1] = 0x80 | UInt8(s & 0x3F)
            return 2
        case ..<0x10000:
            out[0] = 0xE0 | UInt8(s >> 12)
            out[1] = 0x80 | UInt8(s >> 6 & 0x3F)
            out[2] = 0x80 | UInt8(s & 0x3F)
            return 3
        default:
            out[0] = 0xF0 | UInt8(s >> 18)
            out[1] = 0x80 | UInt8(s >> 12 & 0x3F)
            out[2] = 0x80 | UInt8(s >> 6 & 0x3F)
            out[3] = 0x80 | UInt8(s & 0x3F)
            return 4
        }
    }

    /// The value of each base64 letter, and 0xFF for every other byte (`=` included).
    private static let base64Values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        for (value, letter) in letters.enumerated() { table[Int(letter)] = UInt8(value) }
        return table
    }()

    /// Canonical padded base64 decoded, or nil for anything else (`Data(base64Encoded:)` then decides).
    static func base64(_ text: UnsafeBufferPointer<UInt8>) -> Data? {
        let n = text.count
        guard n > 0 else { return Data() }
        guard n % 4 == 0 else { return nil }
        let padding = text[n - 1] != UInt8(ascii: "=") ? 0 : text[n - 2] != UInt8(ascii: "=") ? 1 : 2
        let count = n / 4 * 3 - padding
        // Decoded into temporary memory and copied once: `Data(count:)` and writing into it costs
        // more (zeroing, and two exclusive accesses to its storage).
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count) { out -> Data? in
            let ok = base64Values.withUnsafeBufferPointer { values in decode(text, values, into: out, padding) }
            return ok ? Data(buffer: UnsafeBufferPointer(out)) : nil
        }
    }

    /// Decodes `text` (length a multiple of 4, `padding` `=` at its end) into `out`, which has room
    /// for exactly the decoded bytes; false if a letter is not base64 or an unused bit is set.
    @inline(__always)
    private static func decode(
        _ text: UnsafeBufferPointer<UInt8>, _ values: UnsafeBufferPointer<UInt8>,
        into out: UnsafeMutableBufferPointer<UInt8>, _ padding: Int
    ) -> Bool {
        let n = text.count
        var bad: UInt8 = 0
        var o = 0
        var k = 0
        // Every quad but the last: four letters, three bytes.
        while k < n - 4 {
            let a = values[Int(text[k])], b = values[Int(text[k + 1])]
            let c = values[Int(text[k + 2])], d = values[Int(text[k + 3])]
            bad |= a | b | c | d
            out[o] = a << 2 | b >> 4
            out[o + 1] = b << 4 | c >> 2
            out[o + 2] = c << 6 | d
            o += 3
            k += 4
        }
        let a = values[Int(text[k])], b = values[Int(text[k + 1])]
        bad |= a | b
        out[o] = a << 2 | b >> 4
        switch padding {
        case 2:
            // The unused low bits of the last letter must be zero.
            bad |= b & 0x0F == 0 ? 0 : 0xFF
        case 1:
            let c = values[Int(text[k + 2])]
            bad |= c | (c & 0x03 == 0 ? 0 : 0xFF)
            out[o + 1] = b << 4 | c >> 2
        default:
            let c = values[Int(text[k + 2])], d = values[Int(text[k + 3])]
            bad |= c | d
            out[o + 1] = b << 4 | c >> 2
            out[o + 2] = c << 6 | d
        }
        // Letters are 0...63; 0xFF (not a letter) sets the high bits.
        return bad & 0xC0 == 0
    }
}
