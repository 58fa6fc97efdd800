import DataAPISQL
import Foundation

/// Writes rows for ``SQLJSONRowsQuery``: each row a JSON array of its values in column
/// order, read back by PostgreSQL's `->>` as the text each column's cast expects.
struct JSONRowWriter {
    let columns: [SQLColumnSchema]
    let temporal: TemporalCoding

    /// One row as JSON text: `[1,"ken",null,"2024-05-01 10:00:00+00"]`.
    func row(_ values: [SQLValue]) throws -> String {
        var out: [UInt8] = []
        out.reserveCapacity(16 * values.count + 2)
        out.append(UInt8(ascii: "["))
        for (i, value) in values.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            try write(value, column: columns[i], to: &out)
        }
        out.append(UInt8(ascii: "]"))
        return String(decoding: out, as: UTF8.self)
    }

    private func write(_ value: SQLValue, column: SQLColumnSchema, to out: inout [UInt8]) throws {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): out.append(contentsOf: String(i).utf8)
        case .double(let d):
            guard d.isFinite else {
                throw QueryError(code: .invalidStatement,
                                 message: "column \(column.name): \(d) cannot be sent through the Data API",
                                 sql: nil)
            }
            // Swift's description is the shortest text that reads back as the same double.
            out.append(contentsOf: d.description.utf8)
        case .string(let s), .typed(let s, _): Self.string(s, to: &out)
        case .blob(let data): Self.string(data.base64EncodedString(), to: &out)
        case .temporal(let date, let kind):
            var text = temporal.format(date, kind)
            if kind == .timestamptz { text += "+00" }
            Self.string(text, to: &out)
        }
    }

    private static let hex = Array("0123456789abcdef".utf8)

    /// `s` as a JSON string: quotes, backslashes and control characters escaped, the rest
    /// as UTF-8.
    static func string(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): out.append(UInt8(ascii: "\\")); out.append(b)
            case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\")); out.append(b)
            case 0x0A: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "r"))
            case 0x09: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "t"))
            case 0..<0x20:
                out.append(contentsOf: "\\u00".utf8)
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 0xF)])
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
