@testable import DataAPISQL
import Foundation
import Testing

/// Dates are written into bytes digit by digit; the text must be the Data API's.
struct SQLDateFormatTests {
    static func date(_ days: Int64, micros: Int64 = 0) -> Date {
        SQLDateFormat.date(microseconds: days * 86_400_000_000 + micros)
    }

    @Test func textsOfKnownInstants() {
        let cases: [(Date, SQLTemporalKind, String)] = [
            (Self.date(0), .timestamp, "1970-01-01 00:00:00"),
            (Self.date(0, micros: 1), .timestamp, "1970-01-01 00:00:00.000001"),
            (Self.date(SQLDateFormat.days(year: 2024, month: 2, day: 29), micros: 86_399_999_999), .timestamp,
             "2024-02-29 23:59:59.999999"),
            (Self.date(SQLDateFormat.days(year: 1, month: 1, day: 1)), .date, "0001-01-01"),
            (Self.date(SQLDateFormat.days(year: 1500, month: 1, day: 1)), .date, "1500-01-01"),
            (Self.date(SQLDateFormat.days(year: 9999, month: 12, day: 31), micros: 45_296_500_000), .timestamptz,
             "9999-12-31 12:34:56.500000"),
            (Self.date(3, micros: 3_723_000_001), .time, "01:02:03.000001"),
        ]
        for (date, kind, text) in cases {
            #expect(SQLDateFormat.format(date, kind) == text)
            var bytes: [UInt8] = Array("x".utf8)
            SQLDateFormat.append(date, kind, to: &bytes)
            #expect(bytes == Array(("x" + text).utf8))
        }
        #expect(SQLDateFormat.format(Self.date(0), .timestamp, offsetSeconds: -3600) == "1969-12-31 23:00:00")
    }

    @Test func decimalDigits() {
        for (v, width, text) in [(Int64(0), 1, "0"), (7, 4, "0007"), (-44, 4, "-0044"), (123_456, 2, "123456"),
                                 (Int64.min, 1, "-9223372036854775808"), (Int64.max, 1, "9223372036854775807")] {
            var out: [UInt8] = []
            ASCIIDecimal.append(v, minimumDigits: width, to: &out)
            #expect(String(decoding: out, as: UTF8.self) == text)
        }
    }
}
