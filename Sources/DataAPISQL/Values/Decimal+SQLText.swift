#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Decimal {
    /// The value as plain decimal text (`-1234.56`, `0.001`, `5000`), the same text
    /// `NSDecimalString` writes in the POSIX locale, at a small fraction of its cost.
    ///
    /// Foundation formats a `Decimal` by dividing its 128-bit mantissa by ten once per digit,
    /// which made it the largest single cost of a batch insert (about a fifth of the client's
    /// CPU per row). Every value whose mantissa fits in 64 bits (19 digits, which covers every
    /// `numeric(p, s)` with `p ≤ 19`) is written here from its integer mantissa and exponent;
    /// the others, NaN, and any `Decimal` whose storage does not read as expected go through
    /// `Decimal.description`, which writes the same text.
    var sqlText: String {
        if let fields = DecimalFields(self) { return fields.text }
        // Decimal's own description: plain digits and a point, in no locale.
        return description
    }
}

/// A `Decimal`'s sign, exponent and mantissa, read from its storage when the mantissa fits
/// in a `UInt64`.
///
/// Foundation keeps these fields internal, so they are read from the value's bytes: byte 0
/// the exponent (`Int8`), byte 1 the mantissa's length in 16-bit words (high nibble) and the
/// sign (bit 3), bytes 4 to 19 the mantissa's words, least significant first. That layout is
/// not promised: ``layoutHolds`` checks it once per process against values built through
/// the public API, and every read gives up (nil) if it does not hold.
struct DecimalFields {
    var negative: Bool
    var exponent: Int
    var mantissa: UInt64

    init?(_ d: Decimal) {
        guard Self.layoutHolds, let fields = Self.read(d) else { return nil }
        self = fields
    }

    private init(negative: Bool, exponent: Int, mantissa: UInt64) {
        self.negative = negative
        self.exponent = exponent
        self.mantissa = mantissa
    }

    /// The fields as the storage holds them, without the layout check.
    private static func read(_ d: Decimal) -> DecimalFields? {
        guard MemoryLayout<Decimal>.size == 20 else { return nil }
        return withUnsafeBytes(of: d) { b -> DecimalFields? in
            let exponent = Int(Int8(bitPattern: b[0]))
            let length = Int(b[1] >> 4)
            let negative = b[1] & 0x08 != 0
            // Length 0 is zero, or NaN when the sign bit is set.
            if length == 0 { return negative ? nil : DecimalFields(negative: false, exponent: 0, mantissa: 0) }
            guard length <= 4 else { return nil }
            var mantissa: UInt64 = 0
            for word in stride(from: length - 1, through: 0, by: -1) {
                let low = UInt64(b[4 + 2 * word]), high = UInt64(b[5 + 2 * word])
                mantissa = mantissa << 16 | high << 8 | low
            }
            return DecimalFields(negative: negative, exponent: exponent, mantissa: mantissa)
        }
    }

    /// Whether the storage reads as expected, checked on values built through the public
    /// API: both signs, positive and negative exponents, one to four mantissa words.
    static let layoutHolds: Bool = {
        let probes: [(Bool, Int, UInt64)] = [
            (false, 0, 1), (true, -2, 123_456), (false, 20, 7), (true, -28, 0xFFFF_FFFF_FFFF),
            (false, -5, UInt64.max), (false, 3, 0x1_0000), (true, 0, 0x1234_5678_9ABC_DEF0),
        ]
        for (negative, exponent, mantissa) in probes {
            let d = Decimal(sign: negative ? .minus : .plus, exponent: exponent, significand: Decimal(mantissa))
            guard let f = read(d) else { return false }
            // The public API may normalize (strip trailing zeros); compare values, not words.
            let back = Decimal(
                sign: f.negative ? .minus : .plus,
                exponent: f.exponent,
                significand: Decimal(f.mantissa)
            )
            guard back == d, f.negative == negative else { return false }
        }
        // And a value with more than four words must not read as one that fits.
        let wide = Decimal(string: "123456789012345678901234567890")!
        return read(wide) == nil && read(Decimal.nan) == nil && read(Decimal(0))?.mantissa == 0
    }()

    /// The plain decimal text: the mantissa's digits with the point placed by the exponent.
    var text: String {
        if mantissa == 0 { return "0" }
        // 20 digits at most, plus sign, point and the zeros the exponent adds (127 at most).
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        let count = withUnsafeMutableBytes(of: &digits) { buffer -> Int in
            var m = mantissa
            var i = buffer.count
            while m > 0 {
                i -= 1
                buffer[i] = UInt8(ascii: "0") + UInt8(m % 10)
                m /= 10
            }
            return buffer.count - i
        }
        return withUnsafeBytes(of: &digits) { buffer in
            let digits = buffer[(buffer.count - count)...]
            let zeros = exponent >= 0 ? exponent : max(0, -exponent - count + 1)
            let capacity = count + zeros + 2 + (negative ? 1 : 0)
            return String(unsafeUninitializedCapacity: capacity) { out in
                var n = 0
                func put(_ b: UInt8) {
                    out[n] = b
                    n += 1
                }
                if negative { put(UInt8(ascii: "-")) }
                if exponent >= 0 {
                    for d in digits { put(d) }
                    for _ in 0..<exponent { put(UInt8(ascii: "0")) }
                } else {
                    let whole = count + exponent  // digits before the point; ≤ 0 means none
                    if whole <= 0 {
                        put(UInt8(ascii: "0"))
                        put(UInt8(ascii: "."))
                        for _ in 0 ..< -whole { put(UInt8(ascii: "0")) }
                        for d in digits { put(d) }
                    } else {
                        var i = 0
                        for d in digits {
                            if i == whole { put(UInt8(ascii: ".")) }
                            put(d)
                            i += 1
                        }
                    }
                }
                return n
            }
        }
    }
}
