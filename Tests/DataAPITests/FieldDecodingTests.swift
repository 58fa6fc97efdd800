@testable import DataAPI
import DataAPIClient
import DataAPISQL
import Foundation
import Testing

/// The value layer on its own: every shape the service sends, dates in time zones, and
/// the mapping of bound values to wire parameters.
@Suite struct FieldDecodingTests {
    static let utc = TemporalCoding(timeZone: TimeZone(identifier: "UTC")!)
    static let column = DecodingColumn(SQLResultColumn(label: "c", type: .text), index: 0)

    func value<T: Decodable>(
        _ f: Field, as: T.Type, column: DecodingColumn = column, temporal: TemporalCoding = utc
    ) throws -> T {
        try FieldDecoding.value(T.self, f, column, temporal)
    }

    @Test func numbersAcceptEachExactShape() throws {
        #expect(try value(.stringValue("90"), as: Int64.self) == 90)
        #expect(try value(.stringValue("-90.000"), as: Int64.self) == -90)
        #expect(try value(.stringValue("9223372036854775807"), as: Int64.self) == .max)
        #expect(throws: FieldMismatch.self) { try value(.stringValue("9223372036854775808"), as: Int64.self) }
        #expect(throws: FieldMismatch.self) { try value(.stringValue("1.5"), as: Int64.self) }
        #expect(throws: FieldMismatch.self) { try value(.longValue(300), as: Int8.self) }
        #expect(try value(.longValue(1), as: Bool.self) && !(try value(.longValue(0), as: Bool.self)))
        #expect(throws: FieldMismatch.self) { try value(.longValue(2), as: Bool.self) }
        #expect(try value(.stringValue("12.5000"), as: Double.self) == 12.5)
        #expect(try value(.stringValue("12345678901234567890.123456789012345678"), as: Decimal.self)
                == Decimal(string: "12345678901234567890.123456789012345678"))
        #expect(try value(.stringValue("-0.05"), as: Decimal.self) == Decimal(string: "-0.05"))
        #expect(try value(.stringValue("0"), as: Decimal.self) == 0)
        #expect(try value(.stringValue("-0"), as: Decimal.self) == 0)
        #expect(throws: FieldMismatch.self) { try value(.stringValue("1e5"), as: Decimal.self) }
        #expect(throws: FieldMismatch.self) {
            try value(.stringValue("123456789012345678901234567890123456789"), as: Decimal.self)
        }
        #expect(try value(.longValue(Int64.min), as: Decimal.self) == Decimal(Int64.min))
        #expect(try value(.isNull(true), as: Int?.self) == nil)
        #expect(throws: FieldMismatch.self) { try value(.isNull(true), as: Int.self) }
        #expect(try value(.arrayValue(.longValues([1, nil, 3])), as: [Int64?].self) == [1, nil, 3])
        #expect(try value(.arrayValue(.stringValues(["a", "b"])), as: [String].self) == ["a", "b"])
        // Garbage after many digits, and no digits at all.
        #expect(throws: FieldMismatch.self) { try value(.stringValue("12345678901234567890abc"), as: Decimal.self) }
        #expect(throws: FieldMismatch.self) { try value(.stringValue("-."), as: Decimal.self) }
        #expect(try value(.stringValue(".5"), as: Decimal.self) == Decimal(string: "0.5"))
    }

    /// The one-pass decimal reader against Foundation's `Decimal(string:)` on random texts,
    /// valid and not.
    @Test
    func decimalReaderAgreesWithFoundation() {
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array("0123456789-.0123456789e+ 0")
        for n in 0..<20_000 {
            var text = ""
            if n % 2 == 0 {
                // Well-formed: sign, 1–40 digits, an optional point.
                if Bool.random(using: &rng) { text += "-" }
                let digits = Int.random(in: 1...40, using: &rng)
                let point = Int.random(in: 0...(digits + 3), using: &rng)
                for k in 0..<digits {
                    if k == point { text += "." }
                    text.append(String(Int.random(in: 0...9, using: &rng)))
                }
            } else {
                for _ in 0..<Int.random(in: 0...8, using: &rng) { text.append(alphabet.randomElement(using: &rng)!) }
            }
            let ours = FieldDecoding.parseDecimal(text)
            let wellFormed = text.range(of: #"^-?([0-9]+\.?[0-9]*|\.[0-9]+)$"#, options: .regularExpression) != nil
            let significant = text.drop { "-0.".contains($0) }.filter(\.isNumber).count
            if wellFormed && significant <= 38 {
                #expect(ours == Decimal(string: text), "\(text)")
            } else {
                #expect(ours == nil, "\(text)")
            }
        }
    }

    @Test func mismatchesDoNotQuoteTheValue() throws {
        enum Mood: String, Codable, SQLBindable { case calm }
        for (field, run) in [(Field.longValue(300), { try self.value(.longValue(300), as: Int8.self) as Any }),
                             (.longValue(7), { try self.value(.longValue(7), as: Bool.self) as Any }),
                             (.doubleValue(3.25), { try self.value(.doubleValue(3.25), as: Int64.self) as Any }),
                             (.stringValue("s3cr3t"), { try self.value(.stringValue("s3cr3t"), as: Mood.self) as Any }),
            (
                .stringValue(#"{"a":"s3cr3t"}"#),
                { try self.value(.stringValue(#"{"a":"s3cr3t"}"#), as: [String: Int].self) as Any }
            ),
        ] {
            do {
                _ = try run()
                Issue.record("\(field) decoded")
            } catch let m as FieldMismatch {
                for quoted in ["300", "7", "3.25", "s3cr3t"] { #expect(!m.reason.contains(quoted), "\(m.reason)") }
            }
        }
    }

    @Test func datesAreReadInTheConfiguredZone() throws {
        let paris = TemporalCoding(timeZone: TimeZone(identifier: "Europe/Paris")!)
        let summer = Date(timeIntervalSince1970: 1_719_835_200)  // 2024-07-01T12:00:00Z
        #expect(Self.utc.format(summer, .timestamp) == "2024-07-01 12:00:00")
        #expect(paris.format(summer, .timestamp) == "2024-07-01 14:00:00")
        #expect(paris.format(summer, .timestamptz) == "2024-07-01 12:00:00")
        #expect(paris.parse("2024-07-01 14:00:00", utc: false) == summer)
        #expect(paris.parse("2024-07-01 12:00:00", utc: true) == summer)
        let winter = Date(timeIntervalSince1970: 1_704_110_400.25)  // 2024-01-01T12:00:00.25Z
        #expect(paris.format(winter, .timestamp) == "2024-01-01 13:00:00.250000")
        #expect(paris.parse("2024-01-01 13:00:00.250000", utc: false) == winter)
        // Proleptic Gregorian before 1582: no Julian shift.
        let old = SQLDateFormat.date(microseconds: SQLDateFormat.days(year: 1500, month: 1, day: 1) * 86_400_000_000)
        #expect(Self.utc.format(old, .timestamp) == "1500-01-01 00:00:00")
        #expect(Self.utc.parse("1500-01-01 00:00:00", utc: true) == old)
        #expect(Self.utc.parse("0001-01-01", utc: true) == SQLDateFormat.date(microseconds: -62_135_596_800_000_000))
        #expect(Self.utc.parse("23:59:59.999999", utc: true) == SQLDateFormat.date(microseconds: 86_399_999_999))
        #expect(Self.utc.parse("2024-02-30 00:00:00", utc: true) == nil)
        #expect(Self.utc.parse("2024-01-01T00:00:00Z", utc: true) == nil)
        // Years past what Int64 microseconds hold, or past six digits, are not dates (no trap).
        #expect(Self.utc.parse("294276-12-31 00:00:00", utc: true) == nil)
        #expect(Self.utc.parse("1234567-01-01", utc: true) == nil)
        #expect(Self.utc.parse("9999999999999999999-01-01", utc: true) == nil)
        #expect(Self.utc.parse("200000-01-01", utc: true) != nil)
        // Seven fractional digits round to the microsecond.
        #expect(Self.utc.parse("1970-01-01 00:00:00.0000015", utc: true) == SQLDateFormat.date(microseconds: 2))
        let tz = DecodingColumn(SQLResultColumn(label: "t", type: .timestamptz), index: 0)
        #expect(try value(.stringValue("2024-07-01 12:00:00"), as: Date.self, column: tz, temporal: paris) == summer)
    }

    @Test func everyValueMapsToItsFieldAndHint() {
        let q = SQLQuery(sql: "x", names: ["a", "b", "c", "d", "e", "f", "g", "h"],
                         values: [.null, .bool(true), .int(-1), .double(0.5), .string("s"), .blob(Data([1, 2])),
                                  .typed("1.50", .decimal), .temporal(Date(timeIntervalSince1970: 0), .date)])
        let p = FieldMapping.parameters(q, temporal: Self.utc)
        #expect(p.map(\.name) == q.names)
        #expect(p.map(\.value) == [.null, .booleanValue(true), .longValue(-1), .doubleValue(0.5), .stringValue("s"),
                                   .blobValue(Data([1, 2])), .stringValue("1.50"), .stringValue("1970-01-01")])
        #expect(p.map(\.typeHint) == [nil, nil, nil, nil, nil, nil, .decimal, .date])
        #expect(FieldMapping.value(.longValue(3)) == .int(3))
        #expect(FieldMapping.value(.arrayValue(.longValues([1]))) == nil)
    }
}
