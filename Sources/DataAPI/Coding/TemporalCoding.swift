import DataAPISQL
import Foundation

/// Dates to and from the Data API's text formats in the configured time zone (the
/// proleptic Gregorian calendar, microsecond precision). `timestamptz` is always UTC.
package struct TemporalCoding: Sendable {
    let timeZone: TimeZone
    let isUTC: Bool

    package init(timeZone: TimeZone) {
        self.timeZone = timeZone
        isUTC = timeZone.secondsFromGMT() == 0 && timeZone.nextDaylightSavingTimeTransition == nil
    }

    /// The text for `date` written as `kind`.
    package func format(_ date: Date, _ kind: SQLTemporalKind) -> String {
        let offset = kind == .timestamptz || isUTC ? 0 : timeZone.secondsFromGMT(for: date)
        return SQLDateFormat.format(date, kind, offsetSeconds: offset)
    }

    /// Appends the text ``format(_:_:)`` returns to `out`, as UTF-8.
    package func append(_ date: Date, _ kind: SQLTemporalKind, to out: inout [UInt8]) {
        let offset = kind == .timestamptz || isUTC ? 0 : timeZone.secondsFromGMT(for: date)
        SQLDateFormat.append(date, kind, offsetSeconds: offset, to: &out)
    }

    /// The date a text value names, read in UTC when `utc` is set and in the configured
    /// zone otherwise; nil when the text is not a date, a time or a timestamp.
    package func parse(_ text: String, utc: Bool) -> Date? {
        guard let wall = SQLDateFormat.parseWallMicroseconds(text) else { return nil }
        if utc || isUTC { return SQLDateFormat.date(microseconds: wall) }
        // The offset at the instant the wall time names: guess with the wall time as UTC,
        // then correct once (exact except inside a DST gap, where the later offset wins).
        let guess = SQLDateFormat.date(microseconds: wall)
        let first = Int64(timeZone.secondsFromGMT(for: guess))
        let second = Int64(timeZone.secondsFromGMT(for: SQLDateFormat.date(microseconds: wall - first * 1_000_000)))
        return SQLDateFormat.date(microseconds: wall - second * 1_000_000)
    }
}
