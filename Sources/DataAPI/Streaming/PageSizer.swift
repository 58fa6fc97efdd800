import DataAPIClient
import DataAPISQL
import Foundation

/// How a column's string values count toward the response limit, which the service
/// measures in the database's binary result data rather than in JSON.
enum FieldSizeRule: Sendable, Hashable {
    /// As many bytes as the UTF-8 text.
    case text
    /// A fixed size, whatever the value (PostgreSQL's 8-byte timestamp, 16-byte uuid, MySQL's
    /// 8-byte integer read of a BOOLEAN).
    case fixed(Int)
    /// PostgreSQL's binary numeric: an 8-byte header and 2 bytes per 4 decimal digits.
    case numeric

    /// The rule for a builder column of `type` on `engine`.
    static func of(_ type: SQLColumnType, engine: DatabaseEngine) -> FieldSizeRule {
        switch (engine, type) {
        case (.postgreSQL, .timestamp), (.postgreSQL, .timestamptz), (.postgreSQL, .time): .fixed(8)
        case (.postgreSQL, .date): .fixed(4)
        case (.postgreSQL, .uuid): .fixed(16)
        case (.postgreSQL, .decimal): .numeric
        case (.mySQL, .timestamp), (.mySQL, .timestamptz), (.mySQL, .time), (.mySQL, .date): .fixed(12)
        // MySQL's BOOLEAN is a TINYINT, read as a 64-bit integer.
        case (.mySQL, .boolean): .fixed(8)
        default: .text
        }
    }

    /// The rule for a raw SQL column whose metadata names `typeName`.
    static func of(typeName: String?, engine: DatabaseEngine) -> FieldSizeRule {
        let t = (typeName ?? "").lowercased()
        switch engine {
        case .postgreSQL:
            switch t {
            case "timestamp", "timestamptz", "time", "int8", "float8": return .fixed(8)
            case "timetz": return .fixed(12)
            case "date": return .fixed(4)
            case "uuid": return .fixed(16)
            case "numeric": return .numeric
            default: return .text
            }
        case .mySQL:
            switch t {
            case "datetime", "timestamp", "date", "time": return .fixed(12)
            case "tinyint", "bit", "boolean", "bool": return .fixed(8)
            default: return .text
            }
        }
    }

    /// About the bytes `field` takes in the service's JSON answer (`{"longValue":12},`).
    static func jsonBytes(_ field: Field) -> Int {
        switch field {
        case .isNull: return 16
        case .booleanValue: return 23
        case .longValue, .doubleValue: return 40
        case .blobValue(let d): return 17 + (d.count + 2) / 3 * 4
        case .stringValue(let s): return 18 + s.utf8.count * 6 / 5
        case .arrayValue(let a): return 40 + arrayBytes(a) * 2
        case .unknown: return 16
        }
    }

    /// The bytes `field` takes in the database's result.
    func bytes(_ field: Field) -> Int {
        switch field {
        case .isNull: return 0
        case .booleanValue:
            if case .fixed(let n) = self { return n }
            return 1
        case .longValue, .doubleValue: return 8
        case .blobValue(let d): return d.count
        case .stringValue(let s):
            switch self {
            case .text: return s.utf8.count
            case .fixed(let n): return n
            case .numeric: return Self.numericBytes(s)
            }
        case .arrayValue(let a): return 20 + Self.arrayBytes(a)
        case .unknown: return 0
        }
    }

    private static func numericBytes(_ s: String) -> Int {
        var whole = 0, fraction = 0, afterPoint = false
        for b in s.utf8 {
            if b == UInt8(ascii: ".") { afterPoint = true } else if b >= 0x30 && b <= 0x39 {
                if afterPoint { fraction += 1 } else { whole += 1 }
            }
        }
        return 8 + 2 * ((whole + 3) / 4 + (fraction + 3) / 4)
    }

    private static func arrayBytes(_ a: ArrayValue) -> Int {
        switch a {
        case .booleanValues(let v): return v.count * 5
        case .longValues(let v): return v.count * 12
        case .doubleValues(let v): return v.count * 12
        case .stringValues(let v): return v.reduce(0) { $0 + 4 + ($1?.utf8.count ?? 0) }
        case .arrayValues(let v): return v.reduce(0) { $0 + 20 + arrayBytes($1) }
        case .unknown: return 0
        }
    }
}

/// Chooses how many rows each page asks for, so that a page comes close to the response
/// limit without passing it: a first page that cannot overflow (limit ÷ the 64 KB row
/// limit), then as many rows as the mean row seen so far allows, less room for the largest
/// row seen and for three standard deviations of the page's total. A page that overflowed
/// anyway halves the next request and corrects the estimate upward.
struct PageSizer: Sendable {
    let limit: Int
    let fill: Double
    let rowLimit: Int
    private(set) var rows = 0
    private var sum = 0.0
    private var sumOfSquares = 0.0
    private var maxRow = 0
    private var lastMean = 0.0
    /// Measured bytes × correction = what the service is assumed to count.
    private(set) var correction = 1.0
    /// Set after an overflow: the next page asks for at most this many rows.
    private var ceiling: Int?
    /// The largest answer the client reads, and the JSON bytes per row seen.
    let maxJSONBytes: Int
    private var jsonSum = 0.0
    private var jsonRows = 0

    init(limits: DataAPILimits, maxJSONBytes: Int = 16 << 20) {
        self.maxJSONBytes = maxJSONBytes
        limit = limits.responseBytes
        fill = limits.pageFill
        rowLimit = limits.rowBytes
    }

    /// The rows the next page asks for.
    func nextCount() -> Int {
        var n: Int
        if rows == 0 {
            n = max(1, limit / max(1, rowLimit) - 1)
        } else {
            let mean = max(1, max(sum / Double(rows), lastMean)) * correction
            let variance = max(0, sumOfSquares / Double(rows) - (sum / Double(rows)) * (sum / Double(rows)))
            let sd = variance.squareRoot() * correction
            let room = Double(limit) * fill - Double(maxRow) * correction
            let first = max(1, room / mean)
            n = Int(max(1, (room - 3 * sd * first.squareRoot()) / mean))
        }
        if let ceiling { n = min(n, ceiling) }
        // The answer's JSON must also stay within what the client accepts (half of it, for
        // escapes the estimate misses): rows of NULLs and booleans count for little against
        // the service's limit but not in JSON.
        if jsonRows > 0 {
            let perRow = max(1, jsonSum / Double(jsonRows))
            n = min(n, Int(Double(maxJSONBytes) / 2 / perRow))
        }
        return max(1, n)
    }

    /// Counts a page's rows.
    mutating func observe(_ page: [[Field]], rules: [FieldSizeRule]) {
        guard !page.isEmpty else { return }
        var pageSum = 0.0
        for row in page {
            var bytes = 0
            var json = 2
            for (i, field) in row.enumerated() {
                bytes += (i < rules.count ? rules[i] : .text).bytes(field)
                json += FieldSizeRule.jsonBytes(field)
            }
            jsonSum += Double(json)
            jsonRows += 1
            let b = Double(bytes)
            pageSum += b
            sum += b
            sumOfSquares += b * b
            maxRow = max(maxRow, bytes)
        }
        rows += page.count
        lastMean = pageSum / Double(page.count)
        ceiling = nil
    }

    /// A request for `requested` rows came back over the limit.
    mutating func overflowed(requested: Int) {
        if rows > 0 {
            let estimated = Double(requested) * max(1, sum / Double(rows)) * correction
            if estimated < Double(limit) { correction *= Double(limit) / estimated * 1.05 }
        }
        ceiling = max(1, requested / 2)
    }
}
