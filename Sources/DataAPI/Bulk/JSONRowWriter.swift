import DataAPISQL
import Foundation

/// Writes rows for ``SQLJSONRowsQuery``: each row a JSON array of its values in column
/// order, read back by PostgreSQL's `->>` as the text each column's cast expects.
///
/// Rows go back to back into one buffer (``JSONRows``), as UTF-8, with no `String` per row
/// or per value on the way: on a batch insert this is per-row work.
struct JSONRowWriter {
    let columns: [SQLColumnSchema]
    let temporal: TemporalCoding

    /// Appends one row as JSON text (`[1,"ken",null,"2024-05-01 10:00:00+00"]`) to `rows`.
    func append(_ values: [SQLValue], to rows: inout JSONRows) throws {
        var escapes = 0
        rows.records.bytes.append(UInt8(ascii: "["))
        for (i, value) in values.enumerated() {
            if i > 0 { rows.records.bytes.append(UInt8(ascii: ",")) }
            try write(value, column: i, to: &rows.records.bytes, escapes: &escapes)
        }
        rows.records.bytes.append(UInt8(ascii: "]"))
        rows.endRow(escapes: escapes)
    }

    /// Writes `value`; `escapes` counts the `"` and `\` written, each of which takes one
    /// more byte inside the request's JSON string.
    private func write(_ value: SQLValue, column: Int, to out: inout [UInt8], escapes: inout Int) throws {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): ASCIIDecimal.append(i, to: &out)
        case .double(let d):
            guard d.isFinite else {
                throw QueryError(code: .invalidStatement,
                                 message: "column \(columns[column].name): \(d) cannot be sent through the Data API",
                                 sql: nil)
            }
            // Swift's description is the shortest text that reads back as the same double.
            out.append(contentsOf: d.description.utf8)
        case .string(let s), .typed(let s, _): Self.string(s, to: &out, escapes: &escapes)
        case .blob(let data):
            // Base64 needs no escaping.
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: data.base64EncodedString().utf8)
            out.append(UInt8(ascii: "\""))
            escapes += 2
        case .temporal(let date, let kind):
            // Dates, times and offsets need no escaping either.
            out.append(UInt8(ascii: "\""))
            temporal.append(date, kind, to: &out)
            if kind == .timestamptz { out.append(contentsOf: "+00".utf8) }
            out.append(UInt8(ascii: "\""))
            escapes += 2
        }
    }

    private static let hex = Array("0123456789abcdef".utf8)

    /// `s` as a JSON string: quotes, backslashes and control characters escaped, the rest
    /// as UTF-8, copied a run at a time. `escapes` counts the `"` and `\` written.
    static func string(_ s: String, to out: inout [UInt8], escapes: inout Int) {
        var s = s
        out.append(UInt8(ascii: "\""))
        escapes += 2
        s.withUTF8 { utf8 in
            var run = 0
            for i in utf8.indices {
                let b = utf8[i]
                if b >= 0x20 && b != UInt8(ascii: "\"") && b != UInt8(ascii: "\\") { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run..<i]))
                run = i + 1
                out.append(UInt8(ascii: "\\"))
                escapes += 1
                switch b {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(b); escapes += 1
                case 0x0A: out.append(UInt8(ascii: "n"))
                case 0x0D: out.append(UInt8(ascii: "r"))
                case 0x09: out.append(UInt8(ascii: "t"))
                default:
                    out.append(contentsOf: "u00".utf8)
                    out.append(hex[Int(b >> 4)])
                    out.append(hex[Int(b & 0xF)])
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run...]))
        }
        out.append(UInt8(ascii: "\""))
    }
}

/// JSON rows back to back in one buffer, with each row's size inside a request.
struct JSONRows: Sendable {
    /// The rows' UTF-8 text, one record each.
    var records = PackedRecords()
    /// Each row's bytes inside the request, where the rows travel within one JSON string:
    /// its own bytes plus one backslash for each `"` and `\` in it. (The row's text holds no
    /// control characters, which it writes escaped, so nothing else grows.) The writer
    /// counts those as it writes them.
    var requestSizes: [Int] = []

    var count: Int { records.count }

    /// Room for `rows` rows.
    mutating func reserve(rows: Int) {
        records.reserve(records: rows)
        requestSizes.reserveCapacity(rows)
    }

    /// Closes the row written since the last one, which holds `escapes` bytes that take a
    /// backslash before them inside a JSON string.
    mutating func endRow(escapes: Int) {
        records.endRecord()
        requestSizes.append(records.size(of: records.count - 1) + escapes)
    }

    /// The JSON array of rows `range`, as the text of the request's one parameter.
    func array(_ range: Range<Int>) -> String {
        // The rows' bytes plus the brackets and a comma between rows.
        String(unsafeUninitializedCapacity: records.byteCount(of: range) + range.count + 1) { out in
            var n = 0
            func put(_ b: UInt8) { out[n] = b; n += 1 }
            put(UInt8(ascii: "["))
            var first = true
            records.forEach(in: range) { row in
                if !first { put(UInt8(ascii: ",")) }
                first = false
                n += UnsafeMutableBufferPointer(rebasing: out[n...]).initialize(fromContentsOf: row)
            }
            put(UInt8(ascii: "]"))
            return n
        }
    }
}
