import DataAPIClient
import Foundation

/// The service's parameter rules: one value kind per parameter, no arrays, and strings
/// with a type hint only in that hint's documented format.
enum ParameterBinding {
    static func bind(_ p: SqlParameter) throws -> BoundValue {
        let name = p.name ?? "?"
        switch p.value {
        case nil, .isNull(true): return .null
        case .isNull(false): throw DataAPIError.service(.badRequest, "Parameter '\(name)': isNull must be true when set.")
        case .booleanValue(let v): return .bool(v)
        case .longValue(let v): return .long(v)
        case .doubleValue(let v): return .double(v)
        case .blobValue(let v): return .blob(v)
        case .arrayValue: throw DataAPIError.service(.badRequest, "Array parameters are not supported.")
        case .unknown(let member): throw DataAPIError.service(.badRequest, "Parameter '\(name)' has an unsupported value member '\(member)'.")
        case .stringValue(let v):
            guard let hint = p.typeHint else { return .string(v) }
            try check(v, hint: hint)
            return .typed(hint, v)
        }
    }

    /// DATE `YYYY-MM-DD`, TIME `HH:MM:SS[.F…]`, TIMESTAMP `YYYY-MM-DD HH:MM:SS[.F…]`
    /// (no `T`, no zone). UUID, JSON and DECIMAL are parsed by the database itself.
    static func check(_ v: String, hint: TypeHint) throws {
        let b = Array(v.utf8)
        func digits(_ r: Range<Int>) -> Bool { r.upperBound <= b.count && b[r].allSatisfy { $0 >= 48 && $0 <= 57 } }
        func date(_ at: Int) -> Bool { digits(at..<at + 4) && b[at + 4] == 45 && digits(at + 5..<at + 7) && b[at + 7] == 45 && digits(at + 8..<at + 10) }
        func time(_ at: Int) -> Bool {
            guard b.count >= at + 8, digits(at..<at + 2), b[at + 2] == 58, digits(at + 3..<at + 5), b[at + 5] == 58, digits(at + 6..<at + 8) else { return false }
            if b.count == at + 8 { return true }
            return b[at + 8] == 46 && b.count > at + 9 && b.count <= at + 18 && digits(at + 9..<b.count)
        }
        switch hint {
        case .date:
            guard b.count == 10, date(0) else { throw DataAPIError.service(.databaseError, "Parse Error for Date: '\(v)' is not in the format YYYY-MM-DD") }
        case .time:
            guard time(0) else { throw DataAPIError.service(.databaseError, "Parse Error for Time: '\(v)' is not in the format HH:MM:SS[.FFF]") }
        case .timestamp:
            guard b.count >= 19, date(0), b[10] == 32, time(11) else {
                throw DataAPIError.service(.databaseError, "Parse Error for TimeStamp: input contains invalid characters")
            }
        case .decimal, .uuid, .json:
            break
        }
    }
}

/// `formatRecordsAs: JSON`: an array of objects keyed by column label (spec §9).
enum FormattedRecords {
    static func json(rows: [[Field]], labels: [String]) throws -> String {
        var seen = Set<String>()
        for l in labels where !seen.insert(l).inserted {
            throw DataAPIError.service(.badRequest, "The result has more than one column named '\(l)'; JSON records need unique column labels (use AS).")
        }
        let keys = labels.map(quote)
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
        case .stringValue(let v): return quote(v)
        case .blobValue(let v): return quote(v.base64EncodedString())
        case .arrayValue(let a): return array(a)
        }
    }

    static func array(_ a: ArrayValue) -> String {
        let items: [String]
        switch a {
        case .booleanValues(let v): items = v.map { $0.map { $0 ? "true" : "false" } ?? "null" }
        case .longValues(let v): items = v.map { $0.map(String.init) ?? "null" }
        case .doubleValues(let v): items = v.map { $0.map(javaDouble) ?? "null" }
        case .stringValues(let v): items = v.map { $0.map(quote) ?? "null" }
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
        let pointAt = mantissa.firstIndex(of: ".").map { mantissa.distance(from: mantissa.startIndex, to: $0) } ?? mantissa.count
        let leadingZeros = digits.prefix { $0 == "0" }.count
        digits.removeFirst(leadingZeros)
        exponent += pointAt - 1 - leadingZeros
        while digits.count > 1 && digits.last == "0" { digits.removeLast() }
        let tail = digits.count > 1 ? String(digits.dropFirst()) : "0"
        return (negative ? "-" : "") + String(digits.first ?? "0") + "." + tail + "E" + String(exponent)
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if u.value < 0x20 { out += "\\u" + String(u.value, radix: 16).leftPadded(4) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }
}

/// Values of the deprecated `ExecuteSql` result.
enum V1Values {
    static func value(_ f: Field) -> ExecuteSqlValue {
        switch f {
        case .isNull, .unknown: return .isNull(true)
        case .booleanValue(let v): return .bitValue(v)
        case .longValue(let v): return .bigIntValue(v)
        case .doubleValue(let v): return .doubleValue(v)
        case .stringValue(let v): return .stringValue(v)
        case .blobValue(let v): return .blobValue(v)
        case .arrayValue(let a):
            switch a {
            case .booleanValues(let v): return .arrayValues(v.map { $0.map(ExecuteSqlValue.bitValue) ?? .isNull(true) })
            case .longValues(let v): return .arrayValues(v.map { $0.map(ExecuteSqlValue.bigIntValue) ?? .isNull(true) })
            case .doubleValues(let v): return .arrayValues(v.map { $0.map(ExecuteSqlValue.doubleValue) ?? .isNull(true) })
            case .stringValues(let v): return .arrayValues(v.map { $0.map(ExecuteSqlValue.stringValue) ?? .isNull(true) })
            case .arrayValues(let v): return .arrayValues(v.map { value(.arrayValue($0)) })
            case .unknown: return .isNull(true)
            }
        }
    }
}
