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
            for _ in 0..<words {
                mantissa = mantissa * 65_536 + Decimal(UInt16.random(in: 0...UInt16.max, using: &rng))
            }
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

/// The row encoder takes the standard library's and Foundation's value types without a
/// dynamic cast; its type check against the descriptors must hold on every path.
struct RowEncoderTypeCheckTests {
    struct Mixed: Table {
        var id: Int64
        var when: Date
        var amount: Decimal
        var small: Int16
        static let tableName = "mixed"
        enum CodingKeys: String, CodingKey { case id, when, amount, small }
        static let id = Column<Mixed, Int64>(CodingKeys.id)
        static let when = Column<Mixed, Date>(CodingKeys.when)
        static let amount = Column<Mixed, Decimal>(CodingKeys.amount)
        static let small = Column<Mixed, Int16>(CodingKeys.small)
        static let columns = [id.schema, when.schema, amount.schema, small.schema]
    }

    /// The same properties behind descriptors of the wrong types.
    struct Misdeclared: Table {
        var id: Int64
        var when: Date
        var amount: Decimal
        var small: Int16
        static let tableName = "mixed"
        enum CodingKeys: String, CodingKey { case id, when, amount, small }
        static let id = Column<Misdeclared, Int64>(CodingKeys.id)
        static let when = Column<Misdeclared, String>(CodingKeys.when)
        static let amount = Column<Misdeclared, Double>(CodingKeys.amount)
        static let small = Column<Misdeclared, Int64>(CodingKeys.small)
        static let columns = [id.schema, when.schema, amount.schema, small.schema]
    }

    @Test func valuesOfEveryPathArriveInColumnOrder() throws {
        let when = Date(timeIntervalSince1970: 86_400)
        let values = try Mixed.columnValues(of: Mixed(id: 7, when: when, amount: Decimal(string: "12.5")!, small: -3))
        #expect(values == [.int(7), .temporal(when, .timestamp), .typed("12.5", .decimal), .int(-3)])
    }

    @Test func aMistypedDescriptorIsCaughtOnEveryPath() throws {
        let row = Misdeclared(id: 1, when: Date(), amount: 1, small: 1)
        #expect(
            throws: SQLRenderError.columnTypeMismatch(
                model: "Misdeclared", key: "when", declared: "String", actual: "Date")
        ) {
            _ = try Misdeclared.columnValues(of: row)
        }
        struct OnlyAmount: Table {
            var amount: Decimal
            static let tableName = "x"
            enum CodingKeys: String, CodingKey { case amount }
            static let amount = Column<OnlyAmount, Double>(CodingKeys.amount)
            static let columns = [amount.schema]
        }
        #expect(
            throws: SQLRenderError.columnTypeMismatch(
                model: "OnlyAmount", key: "amount", declared: "Double", actual: "Decimal")
        ) {
            _ = try OnlyAmount.columnValues(of: OnlyAmount(amount: 1))
        }
        struct OnlySmall: Table {
            var small: Int16
            static let tableName = "x"
            enum CodingKeys: String, CodingKey { case small }
            static let small = Column<OnlySmall, Int64>(CodingKeys.small)
            static let columns = [small.schema]
        }
        #expect(
            throws: SQLRenderError.columnTypeMismatch(
                model: "OnlySmall", key: "small", declared: "Int64", actual: "Int16")
        ) {
            _ = try OnlySmall.columnValues(of: OnlySmall(small: 1))
        }
    }
}
