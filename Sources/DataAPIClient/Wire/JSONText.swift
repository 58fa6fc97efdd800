#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The JSON text rules both sinks share: which bytes a string escapes and how, and how a
/// double is spelled.
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
