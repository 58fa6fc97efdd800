#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The Data API's text formats for dates, in the proleptic Gregorian calendar that
/// PostgreSQL and MySQL use (Foundation's Gregorian calendar switches to Julian before
/// 1582-10-15, which would shift old dates by days). Pure arithmetic on whole
/// microseconds; no `Calendar`, no locale.
package enum SQLDateFormat {
    /// Seconds from 1970-01-01 to `Date`'s reference date, 2001-01-01.
    static let referenceOffset: Int64 = 978_307_200

    /// A date's whole microseconds since 1970-01-01T00:00Z, rounded to the nearest. Works
    /// from the reference date `Date` stores, so no rounding happens before the fraction
    /// is read: microseconds survive exactly for about ±270 years around 2001 (2^33 seconds, where
    /// the double's spacing reaches 1 µs); further out the nearest microsecond can be off by one.
    package static func microseconds(_ date: Date) -> Int64 {
        let r = date.timeIntervalSinceReferenceDate
        let whole = r.rounded(.down)
        let micros = ((r - whole) * 1_000_000).rounded()
        return (Int64(whole) + referenceOffset) * 1_000_000 + Int64(micros)
    }

    /// The date at `micros` microseconds since the epoch (the inverse of ``microseconds(_:)``).
    package static func date(microseconds micros: Int64) -> Date {
        let (s, f) = floorDivide(micros, 1_000_000)
        return Date(timeIntervalSinceReferenceDate: Double(s - referenceOffset) + Double(f) / 1_000_000)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    package static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = floorDivide(y, 400).0
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The number of days in `month` (1–12) of `year` in the proleptic Gregorian calendar.
    package static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// The proleptic Gregorian date of a day count since 1970-01-01 (`civil_from_days`).
    package static func civil(days z0: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = z0 + 719_468
        let era = floorDivide(z, 146_097).0
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    package static func floorDivide(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        var q = a / b
        var r = a % b
        if r < 0 {
            q -= 1
            r += b
        }
        return (q, r)
    }

    /// `value` formatted as `kind`, the wall clock shifted by `offsetSeconds` (the time
    /// zone's offset from UTC at that instant).
    package static func format(_ date: Date, _ kind: SQLTemporalKind, offsetSeconds: Int = 0) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(26)
        append(date, kind, offsetSeconds: offsetSeconds, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the text ``format(_:_:offsetSeconds:)`` returns to `out`, as UTF-8.
    package static func append(_ date: Date, _ kind: SQLTemporalKind, offsetSeconds: Int = 0, to out: inout [UInt8]) {
        let micros = microseconds(date) + Int64(offsetSeconds) * 1_000_000
        let (days, dayMicros) = floorDivide(micros, 86_400_000_000)
        switch kind {
        case .date:
            appendDate(days, to: &out)
        case .time:
            appendTime(dayMicros, to: &out)
        case .timestamp, .timestamptz:
            appendDate(days, to: &out)
            out.append(UInt8(ascii: " "))
            appendTime(dayMicros, to: &out)
        }
    }

    static func appendDate(_ days: Int64, to out: inout [UInt8]) {
        let (y, m, d) = civil(days: days)
        pad(y, 4, &out)
        out.append(UInt8(ascii: "-"))
        pad(m, 2, &out)
        out.append(UInt8(ascii: "-"))
        pad(d, 2, &out)
    }

    static func appendTime(_ micros: Int64, to out: inout [UInt8]) {
        let seconds = micros / 1_000_000
        pad(seconds / 3600, 2, &out)
        out.append(UInt8(ascii: ":"))
        pad(seconds / 60 % 60, 2, &out)
        out.append(UInt8(ascii: ":"))
        pad(seconds % 60, 2, &out)
        let fraction = micros % 1_000_000
        if fraction != 0 {
            out.append(UInt8(ascii: "."))
            pad(fraction, 6, &out)
        }
    }

    static func pad(_ v: Int64, _ width: Int, _ out: inout [UInt8]) {
        ASCIIDecimal.append(v, minimumDigits: width, to: &out)
    }

    /// Parses `YYYY-MM-DD[ HH:MM:SS[.f…]]` or `HH:MM:SS[.f…]` into microseconds of wall
    /// time since 1970-01-01 00:00 (a time of day counts from that midnight). Fractions
    /// past six digits are rounded; nil when the text is not such a value.
    package static func parseWallMicroseconds(_ text: String) -> Int64? {
        var text = text
        return text.withUTF8 { parseWallMicroseconds(utf8: $0) }
    }

    static func parseWallMicroseconds(utf8: UnsafeBufferPointer<UInt8>) -> Int64? {
        if utf8.isEmpty { return nil }
        // A cursor struct rather than nested functions over a captured index: a captured
        // `var` lives in a box with dynamic exclusivity checks on every digit.
        var s = DigitScanner(utf8)
        var days: Int64 = 0
        let isTimeOnly = utf8.count >= 3 && utf8[2] == UInt8(ascii: ":")
        if !isTimeOnly {
            // Years may have more than four digits (PostgreSQL goes to 294276), not more than six.
            let yearDigits = s.digitsAhead()
            guard (4...6).contains(yearDigits),
                let y = s.number(yearDigits),
                s.expect(UInt8(ascii: "-")),
                let m = s.number(2),
                s.expect(UInt8(ascii: "-")),
                let d = s.number(2),
                (1...12).contains(m),
                d >= 1, d <= daysInMonth(year: y, month: m)
            else { return nil }
            days = Self.days(year: y, month: m, day: d)
            if s.atEnd { return micros(days: days, plus: 0) }
            guard s.expect(UInt8(ascii: " ")) || s.expect(UInt8(ascii: "T")) else { return nil }
        }
        guard let h = s.number(2), s.expect(UInt8(ascii: ":")), let mi = s.number(2), s.expect(UInt8(ascii: ":")),
            let sec = s.number(2), h <= 24, mi < 60, sec < 61
        else { return nil }
        var micros: Int64 = 0
        if s.expect(UInt8(ascii: ".")) {
            guard let fraction = s.fractionMicroseconds() else { return nil }
            micros = fraction
        }
        guard s.atEnd else { return nil }
        return Self.micros(days: days, plus: ((h * 60 + mi) * 60 + sec) * 1_000_000 + micros)
    }

    /// `days` whole days plus `extra` microseconds, or nil past what Int64 microseconds hold.
    static func micros(days: Int64, plus extra: Int64) -> Int64? {
        let (d, o1) = days.multipliedReportingOverflow(by: 86_400_000_000)
        let (t, o2) = d.addingReportingOverflow(extra)
        return o1 || o2 ? nil : t
    }
}

/// A forward cursor over ASCII text for ``SQLDateFormat/parseWallMicroseconds(utf8:)``.
private struct DigitScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var i = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    var atEnd: Bool { i == bytes.count }

    /// How many ASCII digits start at the cursor (the cursor does not move).
    func digitsAhead() -> Int {
        var k = i
        while k < bytes.count, bytes[k] &- 48 < 10 { k += 1 }
        return k - i
    }

    /// Exactly `digits` ASCII digits as a number, or nil (the cursor then stays put).
    mutating func number(_ digits: Int) -> Int64? {
        guard i + digits <= bytes.count else { return nil }
        var v: Int64 = 0
        for k in i..<(i + digits) {
            let d = bytes[k] &- 48
            guard d < 10 else { return nil }
            v = v * 10 + Int64(d)
        }
        i += digits
        return v
    }

    /// Skips `c` if it is next.
    mutating func expect(_ c: UInt8) -> Bool {
        guard i < bytes.count, bytes[i] == c else { return false }
        i += 1
        return true
    }

    /// The digits after a decimal point as microseconds: six digits kept, the seventh
    /// rounds half up, the rest are read and ignored; nil when there is no digit.
    mutating func fractionMicroseconds() -> Int64? {
        var micros: Int64 = 0
        var digits = 0
        var roundUp = false
        while i < bytes.count, bytes[i] &- 48 < 10 {
            let v = Int64(bytes[i] &- 48)
            if digits < 6 {
                micros = micros * 10 + v
            } else if digits == 6 {
                roundUp = v >= 5
            }
            digits += 1
            i += 1
        }
        guard digits > 0 else { return nil }
        for _ in min(digits, 6)..<6 { micros *= 10 }
        return roundUp ? micros + 1 : micros
    }
}
