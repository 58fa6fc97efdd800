@testable import DataAPISQL
import Foundation
import Testing

/// The fast `Decimal` text must be exactly `NSDecimalString`'s, for every value.
struct DecimalTextTests {
    static let posix = Locale(identifier: "en_US_POSIX")

    static func foundation(_ d: Decimal) -> String {
        var v = d
        return NSDecimalString(&v, posix)
    }

    @Test func theStorageLayoutIsReadable() {
        // If Foundation changes `Decimal`'s storage, the fast path turns itself off (and this
        // test says so, since the speed is then gone).
        #expect(DecimalFields.layoutHolds)
    }

    @Test func knownValues() throws {
        let cases: [(String, String)] = [
            ("0", "0"), ("-0", "0"), ("1", "1"), ("-1234.56", "-1234.56"), ("0.001", "0.001"),
            ("-0.5", "-0.5"), ("5e3", "5000"), ("1e20", "100000000000000000000"), ("12.30", "12.3"),
            ("18446744073709551615", "18446744073709551615"), ("0.18446744073709551615", "0.18446744073709551615"),
            ("123456789012345678901234567890", "123456789012345678901234567890"),
            ("-99999999999.99", "-99999999999.99"), ("1e-40", "0." + String(repeating: "0", count: 39) + "1"),
        ]
        for (input, text) in cases {
            let d = try #require(Decimal(string: input, locale: Self.posix))
            #expect(d.sqlText == text, "\(input)")
            #expect(d.sqlText == Self.foundation(d), "\(input)")
        }
    }

    @Test func randomValuesMatchFoundation() {
        var rng = SystemRandomNumberGenerator()
        var fast = 0
        for i in 0..<50_000 {
            let words = 1 + i % 5  // one to five 16-bit words: the last needs the fallback
            var mantissa = Decimal(0)
            for _ in 0..<words { mantissa = mantissa * 65_536 + Decimal(UInt16.random(in: 0...UInt16.max, using: &rng)) }
            let exponent = Int.random(in: -40...30, using: &rng)
            let d = Decimal(sign: Bool.random(using: &rng) ? .minus : .plus, exponent: exponent, significand: mantissa)
            if DecimalFields(d) != nil { fast += 1 }
            #expect(d.sqlText == Self.foundation(d), "mantissa \(mantissa) exponent \(exponent)")
        }
        // Most values take the fast path; the check above covers both.
        #expect(fast > 30_000)
    }

    @Test func arithmeticResultsMatchFoundation() {
        // Values built by arithmetic may keep trailing zeros in the mantissa.
        var d = Decimal(string: "0.01")!
        for i in 1...2_000 {
            d = d * Decimal(i % 7 + 1) / Decimal(i % 3 + 1) + Decimal(string: "1.10")!
            if d > Decimal(string: "1e30")! { d = Decimal(string: "0.5")! }
            #expect(d.sqlText == Self.foundation(d), "\(d)")
            let rounded = d.rounded(2)
            #expect(rounded.sqlText == Self.foundation(rounded), "\(rounded)")
        }
    }
}

extension Decimal {
    fileprivate func rounded(_ scale: Int) -> Decimal {
        var input = self
        var result = Decimal()
        NSDecimalRound(&result, &input, scale, .plain)
        return result
    }
}
