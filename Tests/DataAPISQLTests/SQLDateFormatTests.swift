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

    @Test
    func parsingInvertsFormattingAcrossTheRange() {
        var rng = SystemRandomNumberGenerator()
        // 1800 to 2200, where `Date`'s double holds every microsecond exactly; the three texts
        // the Data API sends for a wall time.
        let low = SQLDateFormat.days(year: 1800, month: 1, day: 1) * 86_400_000_000
        let high = SQLDateFormat.days(year: 2200, month: 12, day: 31) * 86_400_000_000
        for _ in 0..<20_000 {
            let micros = Int64.random(in: low..<high, using: &rng)
            let text = SQLDateFormat.format(SQLDateFormat.date(microseconds: micros), .timestamp)
            #expect(SQLDateFormat.parseWallMicroseconds(text) == micros, "\(text)")
            let day = SQLDateFormat.floorDivide(micros, 86_400_000_000)
            let dateText = SQLDateFormat.format(SQLDateFormat.date(microseconds: micros), .date)
            #expect(SQLDateFormat.parseWallMicroseconds(dateText) == day.0 * 86_400_000_000, "\(dateText)")
            let timeText = SQLDateFormat.format(SQLDateFormat.date(microseconds: micros), .time)
            #expect(SQLDateFormat.parseWallMicroseconds(timeText) == day.1, "\(timeText)")
        }
    }

    @Test
    func parsingRoundsFractionsAndRejectsMalformedText() {
        let base = SQLDateFormat.days(year: 2024, month: 2, day: 29) * 86_400_000_000 + 3_723_000_000
        #expect(SQLDateFormat.parseWallMicroseconds("2024-02-29 01:02:03") == base)
        #expect(SQLDateFormat.parseWallMicroseconds("2024-02-29T01:02:03.5") == base + 500_000)
        #expect(SQLDateFormat.parseWallMicroseconds("2024-02-29 01:02:03.0000014") == base + 1)
        #expect(SQLDateFormat.parseWallMicroseconds("2024-02-29 01:02:03.0000015") == base + 2)
        #expect(SQLDateFormat.parseWallMicroseconds("2024-02-29 01:02:03.00000159999") == base + 2)
        #expect(SQLDateFormat.parseWallMicroseconds("100000-01-01") != nil)
        #expect(SQLDateFormat.parseWallMicroseconds("01:02:03") == 3_723_000_000)
        for bad in [
            "", "2023-02-29", "2024-13-01", "2024-00-10", "2024-01-32", "999-01-01", "1234567-01-01",
            "2024-01-01 ", "2024-01-01 01:02", "2024-01-01 25:00:00", "2024-01-01 01:60:00", "2024-01-01 01:02:03.",
            "2024-01-01 01:02:03.1x", "2024-01-01x01:02:03", "2024/01/01", "1:02:03", "01:02:03Z", "٢٠٢٤-01-01",
        ] {
            #expect(SQLDateFormat.parseWallMicroseconds(bad) == nil, "\(bad)")
        }
    }

    /// The parser checks a date's day against the month's length; it used to convert the day
    /// count back (`civil(days:)`) and compare. Both rules agree on every day 28–31 of every
    /// month of years 0 to 3000 and a few far years, leap centuries included.
    @Test
    func monthLengthsAgreeWithTheCalendarRoundTrip() {
        for year in Array(Int64(0)...3000) + [9999, 10000, 99_999, 100_000, 294_276] {
            for month in Int64(1)...12 {
                for day in Int64(28)...31 {
                    let roundTrip = SQLDateFormat.civil(days: SQLDateFormat.days(year: year, month: month, day: day))
                        == (year, month, day)
                    guard (day <= SQLDateFormat.daysInMonth(year: year, month: month)) == roundTrip else {
                        Issue.record("\(year)-\(month)-\(day): the round trip says \(roundTrip)")
                        return
                    }
                }
            }
        }
        #expect(SQLDateFormat.parseWallMicroseconds("2000-02-29") != nil)
        #expect(SQLDateFormat.parseWallMicroseconds("1900-02-29") == nil)
        #expect(SQLDateFormat.parseWallMicroseconds("2100-02-29 00:00:00") == nil)
        #expect(SQLDateFormat.parseWallMicroseconds("2024-04-31") == nil)
        #expect(SQLDateFormat.parseWallMicroseconds("2024-12-31 23:59:59.999999") != nil)
    }
}
