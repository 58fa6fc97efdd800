#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Literals and numbers: `null`, booleans, integers in range, and doubles in strict JSON
/// grammar (Clinger's fast path, else the C library's `strtod`).
extension ResponseParser {
    /// Reads `null` if it is next.
    @inline(__always)
    mutating func null() throws(NotFast) -> Bool {
        guard peek() == UInt8(ascii: "n") else { return false }
        guard end - i >= 4, base[i + 1] == UInt8(ascii: "u"), base[i + 2] == UInt8(ascii: "l"),
              base[i + 3] == UInt8(ascii: "l") else { throw NotFast() }
        i += 4
        return true
    }

    mutating func bool() throws(NotFast) -> Bool {
        if peek() == UInt8(ascii: "t"), end - i >= 4, base[i + 1] == UInt8(ascii: "r"),
           base[i + 2] == UInt8(ascii: "u"), base[i + 3] == UInt8(ascii: "e") {
            i += 4
            return true
        }
        if peek() == UInt8(ascii: "f"), end - i >= 5, base[i + 1] == UInt8(ascii: "a"),
           base[i + 2] == UInt8(ascii: "l"), base[i + 3] == UInt8(ascii: "s"), base[i + 4] == UInt8(ascii: "e") {
            i += 5
            return false
        }
        throw NotFast()
    }

    @inline(__always)
    static func digit(_ b: UInt8) -> UInt8? {
        let d = b &- UInt8(ascii: "0")
        return d < 10 ? d : nil
    }

    /// An integer written as plain digits (`-?(0|[1-9][0-9]*)`) within Int64.
    mutating func int64() throws(NotFast) -> Int64 {
        var j = i
        let negative = j < end && base[j] == UInt8(ascii: "-")
        if negative { j += 1 }
        guard j < end, let first = Self.digit(base[j]) else { throw NotFast() }
        j += 1
        var magnitude = UInt64(first)
        if first != 0 {
            // Nineteen digits always fit in a UInt64; a twentieth is out of Int64's range.
            let limit = j + 18
            while j < end, let d = Self.digit(base[j]) {
                guard j < limit else { throw NotFast() }
                magnitude = magnitude &* 10 &+ UInt64(d)
                j += 1
            }
        }
        // `1.0` and `1e3` decode as integers in JSONDecoder (and `01` not at all): declined.
        if j < end {
            let b = base[j]
            guard b != UInt8(ascii: "."), b | 0x20 != UInt8(ascii: "e"), Self.digit(b) == nil else {
                throw NotFast()
            }
        }
        i = j
        if negative {
            guard magnitude <= UInt64(1) << 63 else { throw NotFast() }
            return Int64(bitPattern: 0 &- magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { throw NotFast() }
        return Int64(magnitude)
    }

    mutating func int32() throws(NotFast) -> Int32 {
        guard let v = Int32(exactly: try int64()) else { throw NotFast() }
        return v
    }

    /// A number in strict JSON grammar, as `JSONDecoder` reads it into a Double.
    mutating func double() throws(NotFast) -> Double {
        let start = i
        var j = i
        let negative = j < end && base[j] == UInt8(ascii: "-")
        if negative { j += 1 }
        var mantissa: UInt64 = 0
        // Whether `mantissa` holds every digit, and whether any digit is non-zero.
        var exact = true
        var nonZero = false
        var exponent = 0
        guard j < end, let first = Self.digit(base[j]) else { throw NotFast() }
        j += 1
        if first != 0 {
            mantissa = UInt64(first)
            nonZero = true
            while j < end, let d = Self.digit(base[j]) {
                if mantissa < 1_000_000_000_000_000_000 { mantissa = mantissa * 10 + UInt64(d) } else { exact = false }
                j += 1
            }
        }
        if j < end && base[j] == UInt8(ascii: ".") {
            j += 1
            guard j < end, Self.digit(base[j]) != nil else { throw NotFast() }
            while j < end, let d = Self.digit(base[j]) {
                if d != 0 { nonZero = true }
                if mantissa < 1_000_000_000_000_000_000 {
                    mantissa = mantissa * 10 + UInt64(d)
                    exponent -= 1
                } else {
                    exact = false
                }
                j += 1
            }
        }
        if j < end && base[j] | 0x20 == UInt8(ascii: "e") {
            j += 1
            var negativeExponent = false
            if j < end && (base[j] == UInt8(ascii: "+") || base[j] == UInt8(ascii: "-")) {
                negativeExponent = base[j] == UInt8(ascii: "-")
                j += 1
            }
            guard j < end, Self.digit(base[j]) != nil else { throw NotFast() }
            var e = 0
            while j < end, let d = Self.digit(base[j]) {
                if e < 100_000 { e = e * 10 + Int(d) }
                j += 1
            }
            exponent += negativeExponent ? -e : e
        }
        i = j
        if mantissa == 0 && !nonZero { return negative ? -0.0 : 0.0 }
        if exact && mantissa <= UInt64(1) << 53 && exponent >= -22 && exponent <= 22 {
            // Both operands are exact doubles, so the one rounding of IEEE arithmetic is the
            // correctly rounded value strtod returns.
            let power = Self.powersOfTen[exponent < 0 ? -exponent : exponent]
            let magnitude = exponent < 0 ? Double(mantissa) / power : Double(mantissa) * power
            return negative ? -magnitude : magnitude
        }
        return try Self.strtod(base + start, count: j - start, nonZero: nonZero)
    }

    /// 10^0 ... 10^22, every one exact in a Double.
    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// The number's text through the C library's `strtod` on a NUL-terminated copy, the function
    /// `JSONDecoder` calls (as `strtod_l` in the C locale). The process's locale can only change the
    /// decimal point; `strtod` then stops at the `.`, and the input is declined.
    @inline(never)
    static func strtod(_ text: UnsafePointer<UInt8>, count: Int, nonZero: Bool) throws(NotFast) -> Double {
        let value = withUnsafeTemporaryAllocation(of: CChar.self, capacity: count + 1) { copy -> Double? in
            guard let start = copy.baseAddress else { return nil }
            UnsafeMutableRawPointer(start).copyMemory(from: text, byteCount: count)
            start[count] = 0
            var stop: UnsafeMutablePointer<CChar>?
            let value = cStrtod(start, &stop)
            return stop == start + count ? value : nil
        }
        // Overflow, and a non-zero number rounded to zero, are errors in JSONDecoder.
        guard let value, value.isFinite, value != 0 || !nonZero else { throw NotFast() }
        return value
    }
}

/// The C library's `strtod` (the method above shadows its name).
@inline(__always)
private func cStrtod(
    _ text: UnsafePointer<CChar>, _ end: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
) -> Double {
    strtod(text, end)
}
