import ArgumentParser
import DataAPI
import DataAPIClient
import Foundation

/// How `data-api sql` prints results.
enum ResultFormat: String, ExpressibleByArgument, CaseIterable {
    /// Aligned columns with a header and a row count, NULL shown distinctly.
    case table
    /// RFC 4180 CSV with a header row; NULL is an empty field, an empty string is `""`.
    case csv
    /// One JSON object per row, by column label.
    case jsonl
    /// The Data API's own response JSON, one document per statement.
    case json
}

/// Renders one statement's response in a ``ResultFormat``.
struct ResultPrinter {
    var format: ResultFormat
    /// What a table shows for NULL.
    var null = "NULL"

    /// The text for one response, ending with a newline; empty when there is nothing to show.
    func render(_ response: ExecuteStatementResponse) throws -> String {
        let columns = (response.columnMetadata ?? []).map { $0.label ?? $0.name ?? "?" }
        let records = response.records ?? []
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return String(decoding: try encoder.encode(response), as: UTF8.self) + "\n"
        case .table:
            guard !columns.isEmpty else {
                let n = response.numberOfRecordsUpdated ?? 0
                return "(\(n) row\(n == 1 ? "" : "s") affected)\n"
            }
            return table(columns, records)
        case .csv:
            guard !columns.isEmpty else { return "" }
            var out = columns.map(Self.csvQuoted).joined(separator: ",") + "\r\n"
            for row in records {
                out += row.map { $0.isSQLNull ? "" : Self.csvQuoted(Self.text($0)) }.joined(separator: ",") + "\r\n"
            }
            return out
        case .jsonl:
            var out = ""
            for row in records {
                let pairs = zip(columns, row).map { $0.jsonQuoted + ":" + Self.json($1) }
                out += "{" + pairs.joined(separator: ",") + "}\n"
            }
            return out
        }
    }

    /// psql's aligned layout: numbers right-aligned, text left-aligned, `(n rows)` after.
    func table(_ columns: [String], _ records: [[Field]]) -> String {
        let cells = records.map {
            $0.map { $0.isSQLNull ? null : Self.text($0).replacingOccurrences(of: "\n", with: "\\n") }
        }
        // Right-aligned: columns of numbers (and NULLs), with at least one number.
        let numeric = columns.indices.map { i in
            var numbers = 0
            for row in records where i < row.count {
                switch row[i] {
                case .longValue, .doubleValue: numbers += 1
                case .isNull: break
                default: return false
                }
            }
            return numbers > 0
        }
        var widths = columns.map(\.count)
        for row in cells {
            for (i, c) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], c.count) }
        }
        let last = columns.count - 1
        // The last column is not padded on the right: no line ends in blanks.
        func pad(_ s: String, _ i: Int, right: Bool) -> String {
            let fill = String(repeating: " ", count: max(0, widths[i] - s.count))
            return right ? fill + s : (i == last ? s : s + fill)
        }
        var out = " " + columns.indices.map { i in
            let extra = widths[i] - columns[i].count
            let left = String(repeating: " ", count: extra / 2)
            return left + columns[i] + (i == last ? "" : String(repeating: " ", count: extra - extra / 2))
        }.joined(separator: " | ") + "\n"
        out += widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "+") + "\n"
        for row in cells {
            out += " " + row.indices.filter { $0 < widths.count }.map { pad(row[$0], $0, right: numeric[$0]) }
                .joined(separator: " | ") + "\n"
        }
        out += "(\(records.count) row\(records.count == 1 ? "" : "s"))\n"
        return out
    }

    /// A field as text: numbers and strings as they are, booleans `t`/`f` as psql shows
    /// them, bytes as `\x` and hex, arrays in braces.
    static func text(_ field: Field) -> String {
        switch field {
        case .isNull: return "NULL"
        case .booleanValue(let b): return b ? "t" : "f"
        case .longValue(let v): return String(v)
        case .doubleValue(let v): return String(v)
        case .stringValue(let s): return s
        case .blobValue(let d): return "\\x" + Crypto.hex([UInt8](d))
        case .arrayValue(let a): return "{" + arrayItems(a).map { $0 ?? "NULL" }.joined(separator: ",") + "}"
        case .unknown(let name): return "<\(name)>"
        }
    }

    static func arrayItems(_ a: ArrayValue) -> [String?] {
        switch a {
        case .booleanValues(let v): v.map { $0.map { $0 ? "t" : "f" } }
        case .longValues(let v): v.map { $0.map { String($0) } }
        case .doubleValues(let v): v.map { $0.map { String($0) } }
        case .stringValues(let v): v
        case .arrayValues(let v): v.map { "{" + arrayItems($0).map { $0 ?? "NULL" }.joined(separator: ",") + "}" }
        default: []
        }
    }

    /// A field as JSON: numbers, booleans and strings as themselves, bytes as base64 text.
    static func json(_ field: Field) -> String {
        switch field {
        case .isNull: return "null"
        case .booleanValue(let b): return b ? "true" : "false"
        case .longValue(let v): return String(v)
        case .doubleValue(let v): return v.isFinite ? String(v) : String(v).jsonQuoted
        case .stringValue(let s): return s.jsonQuoted
        case .blobValue(let d): return d.base64EncodedString().jsonQuoted
        case .arrayValue(let a): return jsonArray(a)
        case .unknown: return "null"
        }
    }

    static func jsonArray(_ a: ArrayValue) -> String {
        let items: [String]
        switch a {
        case .booleanValues(let v): items = v.map { $0.map { $0 ? "true" : "false" } ?? "null" }
        case .longValues(let v): items = v.map { $0.map { String($0) } ?? "null" }
        case .doubleValues(let v): items = v.map { $0.map { String($0) } ?? "null" }
        case .stringValues(let v): items = v.map { $0.map(\.jsonQuoted) ?? "null" }
        case .arrayValues(let v): items = v.map(jsonArray)
        default: items = []
        }
        return "[" + items.joined(separator: ",") + "]"
    }


    static func csvQuoted(_ s: String) -> String {
        guard s.isEmpty || s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
