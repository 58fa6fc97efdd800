import DataAPIClient
import Foundation

/// `formatRecordsAs: JSON`: an array of objects keyed by column label (spec §9).
enum FormattedRecords {
    static func json(rows: [[Field]], labels: [String]) throws -> String {
        var seen = Set<String>()
        for l in labels where !seen.insert(l).inserted {
            throw DataAPIError.service(
                .badRequest,
                "The result has more than one column named '\(l)'; JSON records need unique column labels (use AS).")
        }
        let keys = labels.map(\.jsonQuoted)
        var out = "["
        for (r, row) in rows.enumerated() {
            if r > 0 { out += "," }
            out += "{"
            for (i, f) in row.enumerated() {
                if i > 0 { out += "," }
                out += keys[i] + ":" + value(f)
            }
            out += "}"
        }
        return out + "]"
    }

    static func value(_ f: Field) -> String {
        switch f {
        case .isNull, .unknown: return "null"
        case .booleanValue(let v): return v ? "true" : "false"
        case .longValue(let v): return String(v)
        case .doubleValue(let v): return javaDouble(v)
        case .stringValue(let v): return v.jsonQuoted
        case .blobValue(let v): return v.base64EncodedString().jsonQuoted
        case .arrayValue(let a): return array(a)
        }
    }

    static func array(_ a: ArrayValue) -> String {
        let items: [String]
        switch a {
        case .booleanValues(let v): items = v.map { $0.map { $0 ? "true" : "false" } ?? "null" }
        case .longValues(let v): items = v.map { $0.map(String.init) ?? "null" }
        case .doubleValues(let v): items = v.map { $0.map(javaDouble) ?? "null" }
        case .stringValues(let v): items = v.map { $0.map(\.jsonQuoted) ?? "null" }
        case .arrayValues(let v): items = v.map(array)
        case .unknown: items = []
        }
        return "[" + items.joined(separator: ",") + "]"
    }

    /// Java's `Double.toString` form, which the service's JSON uses: `10.0`, `1.5E-5`, `1.7976931348623157E308`.
    static func javaDouble(_ d: Double) -> String {
        if d.isNaN { return "\"NaN\"" }
        if d.isInfinite { return d > 0 ? "\"Infinity\"" : "\"-Infinity\"" }
        if d == 0 { return d.sign == .minus ? "-0.0" : "0.0" }
        let magnitude = abs(d)
        if magnitude >= 1e-3 && magnitude < 1e7 {
            let s = "\(d)"
            return s.contains(".") || s.contains("e") ? s : s + ".0"
        }
        // Scientific: shortest digits, then d.dddE±n.
        let parts = "\(d)".lowercased().split(separator: "e")
        var mantissa = String(parts[0])
        var exponent = parts.count > 1 ? Int(parts[1])! : 0
        let negative = mantissa.hasPrefix("-")
        if negative { mantissa.removeFirst() }
        var digits = mantissa.replacingOccurrences(of: ".", with: "")
        let pointAt =
            mantissa.firstIndex(of: ".").map { mantissa.distance(from: mantissa.startIndex, to: $0) } ?? mantissa.count
        let leadingZeros = digits.prefix { $0 == "0" }.count
        digits.removeFirst(leadingZeros)
        exponent += pointAt - 1 - leadingZeros
        while digits.count > 1 && digits.last == "0" { digits.removeLast() }
        let tail = digits.count > 1 ? String(digits.dropFirst()) : "0"
        return (negative ? "-" : "") + String(digits.first ?? "0") + "." + tail + "E" + String(exponent)
    }

}
