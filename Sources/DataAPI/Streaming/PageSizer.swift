import DataAPIClient
import DataAPISQL
import Foundation

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
