#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension SQLValue {
    /// 0001-01-01T00:00:00Z and 10000-01-01T00:00:00Z in seconds since 1970: the dates
    /// PostgreSQL's and MySQL's four-digit years can be written between.
    static let firstWritableSecond: Double = -62_135_596_800
    static let endWritableSecond: Double = 253_402_300_800

    /// The error for binding this value to `column`, or nil: a date, timestamp or
    /// timestamptz whose year (in UTC) is not 1…9999 renders a five-digit or negative year,
    /// which both databases refuse as a syntax error. A time of day has no year.
    func rangeError(column: String) -> SQLRenderError? {
        guard case .temporal(let date, let kind) = self, kind != .time else { return nil }
        let t = date.timeIntervalSince1970
        if t >= Self.firstWritableSecond, t < Self.endWritableSecond {
            // Whole microseconds decide, as the formatter rounds: 9999-12-31 23:59:59.9999996 is year 10000.
            let micros = SQLDateFormat.microseconds(date)
            if micros >= Int64(Self.firstWritableSecond) * 1_000_000,
               micros < Int64(Self.endWritableSecond) * 1_000_000 {
                return nil
            }
        }
        let year: String
        if t.isFinite, abs(t) < 1e15 {
            year = "year \(SQLDateFormat.civil(days: Int64((t / 86_400).rounded(.down))).year)"
        } else {
            year = "a date \(t < 0 ? "before" : "after") the year 10000"
        }
        return .valueOutOfRange(year, column: column, reason: "dates are written with the years 1 to 9999")
    }
}
