import DataAPIClient
@testable import DataAPI
import DataAPISQL
import Foundation
import Testing

/// The rows of a PostgreSQL batch insert are written once into one buffer; the request
/// packing relies on each row's size inside the request being exact.
struct JSONRowWriterTests {
    /// The writer reads columns only to name them in errors.
    static let columns = Array(repeating: Author.columns[0], count: 3)

    @Test func rowsAreJSONAndTheirRequestSizesAreExact() throws {
        let writer = JSONRowWriter(
            columns: Self.columns, temporal: TemporalCoding(timeZone: TimeZone(identifier: "Europe/Paris")!))
        let texts = [
            "plain", "quote \" and backslash \\", "controls \n\r\t\u{1}\u{1F}", "ünïcødé 🚀 \u{2028}", "", "\\\\\"\"",
        ]
        let ints: [Int64] = [0, -1, Int64.min, Int64.max, 42, 1_000_000]
        let dates = [Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 1_717_171_717.123456),
                     Date(timeIntervalSince1970: -12_345_678_901.5)]
        var rows = JSONRows()
        for (i, text) in texts.enumerated() {
            let values: [SQLValue] = [
                .string(text), i == 3 ? .null : .int(ints[i]), .temporal(dates[i % 3], .timestamptz),
            ]
            try writer.append(values, to: &rows)
        }
        #expect(rows.count == texts.count)
        for i in 0..<rows.count {
            let row = rows.array(i..<i + 1).dropFirst().dropLast()
            // Inside the request, the rows travel in one JSON string.
            #expect(rows.requestSizes[i] == RequestJSON.size(ofString: String(row)) - 2, "row \(i): \(row)")
            let parsed = try #require(try JSONSerialization.jsonObject(with: Data(row.utf8)) as? [Any])
            #expect(parsed[0] as? String == texts[i])
            if i == 3 { #expect(parsed[1] is NSNull) } else { #expect((parsed[1] as? NSNumber)?.int64Value == ints[i]) }
            #expect((parsed[2] as? String)?.hasSuffix("+00") == true)
        }
        let all = rows.array(0..<rows.count)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(all.utf8)) as? [[Any]])
        #expect(parsed.count == texts.count)
        #expect(rows.array(2..<4) == "[" + String(rows.array(2..<3).dropFirst().dropLast()) + ","
            + String(rows.array(3..<4).dropFirst().dropLast()) + "]")
    }
}
