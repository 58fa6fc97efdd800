import Foundation

/// The type hint the Data API needs to read a string parameter as something else.
public enum SQLTypeHint: String, Sendable, Hashable {
    case uuid = "UUID", date = "DATE", time = "TIME", timestamp = "TIMESTAMP", decimal = "DECIMAL", json = "JSON"
}

/// A bound parameter value: a closed set that maps one-to-one onto a Data API `Field` plus
/// an optional type hint.
public enum SQLValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case blob(Data)
    /// A string the database must read as `hint` (`2024-01-02 03:04:05.123456` as TIMESTAMP).
    case typed(String, SQLTypeHint)

    /// The type hint the Data API call needs, if any.
    public var typeHint: SQLTypeHint? { if case .typed(_, let h) = self { h } else { nil } }
}

/// A rendered statement: SQL with `:name` placeholders, and the values in placeholder order.
public struct SQLQuery: Sendable, Hashable, CustomStringConvertible {
    public var sql: String
    public var parameters: [(name: String, value: SQLValue)] {
        get { names.enumerated().map { ($1, values[$0]) } }
    }
    public var names: [String]
    public var values: [SQLValue]

    public init(sql: String, names: [String], values: [SQLValue]) { self.sql = sql; self.names = names; self.values = values }

    /// The SQL only: parameter values are never printed.
    public var description: String { sql }
}

/// Data API text formats for dates, always in UTC.
enum SQLDateFormat {
    static let utc: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC")!
        return c
    }()

    static func pad(_ v: Int, _ n: Int) -> String {
        let s = String(v)
        return s.count >= n ? s : String(repeating: "0", count: n - s.count) + s
    }

    /// Whole microseconds since the epoch, rounded to the nearest.
    static func parts(_ date: Date) -> (DateComponents, Int) {
        let micros = (date.timeIntervalSince1970 * 1_000_000).rounded()
        let seconds = (micros / 1_000_000).rounded(.down)
        let fraction = Int(micros - seconds * 1_000_000)
        let c = utc.dateComponents([.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: seconds))
        return (c, fraction)
    }

    static func fraction(_ micros: Int) -> String { micros == 0 ? "" : "." + pad(micros, 6) }

    /// `YYYY-MM-DD HH:MM:SS[.ffffff]`
    static func timestamp(_ date: Date) -> String {
        let (c, f) = parts(date)
        return "\(self.date(c)) \(time(c))" + fraction(f)
    }
    /// `YYYY-MM-DD`
    static func date(_ date: Date) -> String { self.date(parts(date).0) }
    /// `HH:MM:SS[.ffffff]`
    static func time(_ date: Date) -> String {
        let (c, f) = parts(date)
        return time(c) + fraction(f)
    }
    static func date(_ c: DateComponents) -> String { "\(pad(c.year!, 4))-\(pad(c.month!, 2))-\(pad(c.day!, 2))" }
    static func time(_ c: DateComponents) -> String { "\(pad(c.hour!, 2)):\(pad(c.minute!, 2)):\(pad(c.second!, 2))" }
}
