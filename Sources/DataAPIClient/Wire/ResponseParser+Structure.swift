#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// JSON structure: whitespace, objects, arrays, keys, and the bookkeeping of members seen.
extension ResponseParser {
    /// The byte at the cursor, or 0 at the end.
    @inline(__always)
    func peek() -> UInt8 { i < end ? base[i] : 0 }

    @inline(__always)
    mutating func skipSpace() {
        while i < end {
            let b = base[i]
            guard b <= 0x20, b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 else { return }
            i += 1
        }
    }

    /// Reads `[` and the whitespace after it; false (and the `]` read) for an empty array.
    @inline(__always)
    mutating func beginArray() throws(NotFast) -> Bool {
        guard peek() == UInt8(ascii: "[") else { throw NotFast() }
        i += 1
        skipSpace()
        if peek() == UInt8(ascii: "]") { i += 1; return false }
        return true
    }

    /// Reads `{` and the whitespace after it; false (and the `}` read) for an empty object.
    @inline(__always)
    mutating func beginObject() throws(NotFast) -> Bool {
        guard peek() == UInt8(ascii: "{") else { throw NotFast() }
        i += 1
        skipSpace()
        if peek() == UInt8(ascii: "}") { i += 1; return false }
        return true
    }

    /// After a value: true (and the comma and whitespace read) if another follows, false (and
    /// `close` read) at the end of the array or object.
    @inline(__always)
    mutating func more(_ close: UInt8) throws(NotFast) -> Bool {
        skipSpace()
        let b = peek()
        if b == UInt8(ascii: ",") {
            i += 1
            skipSpace()
            return true
        }
        guard b == close else { throw NotFast() }
        i += 1
        return false
    }

    /// A member name without escapes, the colon, and the whitespace around it.
    @inline(__always)
    mutating func key() throws(NotFast) -> Range<Int> {
        guard peek() == UInt8(ascii: "\"") else { throw NotFast() }
        let start = i + 1
        var j = start
        while j < end {
            let b = base[j]
            if b == UInt8(ascii: "\"") { break }
            // An escaped or unusual name is never one of the model's; JSONDecoder decides.
            guard b != UInt8(ascii: "\\"), b >= 0x20 else { throw NotFast() }
            j += 1
        }
        guard j < end else { throw NotFast() }
        i = j + 1
        try colon()
        return start..<j
    }

    /// The colon after a member name, and the whitespace around it.
    @inline(__always)
    mutating func colon() throws(NotFast) {
        skipSpace()
        guard peek() == UInt8(ascii: ":") else { throw NotFast() }
        i += 1
        skipSpace()
    }

    /// Whether the member name at `k` is `name`.
    @inline(__always)
    func isKey(_ k: Range<Int>, _ name: StaticString) -> Bool {
        k.count == name.utf8CodeUnitCount && memcmp(base + k.lowerBound, name.utf8Start, k.count) == 0
    }

    /// Records member `bit` of an object as seen; a second time declines the input.
    @inline(__always)
    func mark(_ bit: UInt8, in seen: inout UInt8) throws(NotFast) {
        guard seen & (1 << bit) == 0 else { throw NotFast() }
        seen |= 1 << bit
    }
}
