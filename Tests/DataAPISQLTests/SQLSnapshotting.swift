import DataAPI
import DataAPIClient
import DataAPISQL
import Foundation
import InlineSnapshotTesting

/// How the SQL snapshots show a statement: the SQL each dialect renders, broken before its
/// top-level clauses and at commas past 100 columns, and the values bound to its placeholders
/// (`-- :p1 = 'ken'`). A line break only ever replaces one space of the rendered SQL, so
/// ``SQLLayout/unwrap(_:)`` gives back the exact text the renderer emitted.
enum SQLLayout {
    static let width = 100
    static let dialects: [SQLDialect] = [.postgreSQL, .mySQL, .oddTest]

    /// Every dialect's rendering of `statement`, one block each.
    static func show(_ statement: any SQLStatement) -> String {
        dialects.map { dialect in
            do {
                let q = try statement.render(dialect)
                var lines = ["\(dialect.name):", wrap(q.sql)]
                if !q.values.isEmpty { lines += valueLines(q, dialect) }
                return lines.joined(separator: "\n")
            } catch {
                return "\(dialect.name): error: \(error)"
            }
        }.joined(separator: "\n\n")
    }

    /// The bound values as `-- :p1 = value` comments (the placeholder as the SQL spells it),
    /// wrapped at ``width``.
    static func valueLines(_ q: SQLQuery, _ dialect: SQLDialect) -> [String] {
        let prefix = switch dialect.placeholders {
        case .named: ":"
        case .numbered(let prefix): prefix
        }
        let parts = zip(q.names, q.values).map { "\(prefix)\($0) = \(literal($1))" }
        var lines: [String] = []
        var line = "--"
        for part in parts {
            if line != "--" && line.count + part.count + 2 > width {
                lines.append(line + ",")
                line = "--"
            }
            line += line == "--" ? " \(part)" : ", \(part)"
        }
        lines.append(line)
        return lines
    }

    /// A bound value as a reader would write it in SQL; hints follow in parentheses.
    static func literal(_ value: SQLValue) -> String {
        switch value {
        case .null: "NULL"
        case .bool(let b): b ? "TRUE" : "FALSE"
        case .int(let i): "\(i)"
        case .double(let d): "\(d)"
        case .string(let s): quoted(s)
        case .blob(let data): "X'" + data.map { String(format: "%02X", $0) }.joined() + "'"
        case .typed(let s, let hint): "\(quoted(s)) (\(hint.rawValue))"
        case .temporal(let date, let kind):
            "\(quoted(utc.format(date, kind))) (\(kind.hint.rawValue))"
        }
    }

    static let utc = TemporalCoding(timeZone: TimeZone(identifier: "UTC")!)

    static func quoted(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "''") + "'" }

    /// Clause keywords that start a new line when they stand outside parentheses and quotes.
    static let clauses = [
        "FROM", "WHERE", "GROUP BY", "HAVING", "ORDER BY", "LIMIT", "OFFSET", "VALUES", "SET",
        "ON CONFLICT", "ON DUPLICATE KEY UPDATE", "RETURNING", "INNER JOIN", "LEFT JOIN", "RIGHT JOIN",
        "FULL JOIN", "CROSS JOIN", "UNION ALL", "UNION", "EXCEPT", "INTERSECT",
    ]

    /// `sql` broken before top-level clauses, then where a line passes ``width``;
    /// continuation lines are indented by two spaces.
    static func wrap(_ sql: String) -> String {
        guard !sql.contains("\n") else { return sql }
        let chars = Array(sql)
        var lines: [String] = []
        var current = ""
        var depth = 0
        var quote: Character?
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "'" || c == "\"" || c == "`" {
                quote = c
            } else if c == "⟦" {
                quote = "⟧"
            } else if c == "(" {
                depth += 1
            } else if c == ")" {
                depth -= 1
            } else if c == " " && depth == 0,
                      let keyword = clauses.first(where: { startsWord($0, in: chars, at: i + 1) }) {
                lines.append(current)
                current = keyword
                i += 1 + keyword.count
                continue
            }
            current.append(c)
            i += 1
        }
        lines.append(current)
        return lines.flatMap(wrapAtCommas).joined(separator: "\n")
    }

    static func startsWord(_ word: String, in chars: [Character], at index: Int) -> Bool {
        let w = Array(word)
        guard index + w.count <= chars.count, Array(chars[index..<index + w.count]) == w else { return false }
        return index + w.count == chars.count || chars[index + w.count] == " "
    }

    /// Words a long line may break before, besides after a comma.
    static let breakWords = ["AND", "OR", "FROM", "WHERE", "THEN", "WHEN", "ELSE"]

    /// One clause line split at `, ` or before ``breakWords`` (outside quotes) so that no
    /// piece passes ``width``.
    static func wrapAtCommas(_ line: String) -> [String] {
        guard line.count > width else { return [line] }
        let chars = Array(line)
        var breaks: [Int] = []  // indexes of the spaces after commas, outside quotes
        var quote: Character?
        for (i, c) in chars.enumerated() {
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "'" || c == "\"" || c == "`" {
                quote = c
            } else if c == "⟦" {
                quote = "⟧"
            } else if c == " " && i > 0,
                      chars[i - 1] == "," || breakWords.contains(where: { startsWord($0, in: chars, at: i + 1) }) {
                breaks.append(i)
            }
        }
        var out: [String] = []
        var start = 0
        var lastFit: Int?
        var indent = ""
        for b in breaks + [chars.count] {
            if indent.count + (b - start) > width, let cut = lastFit {
                out.append(indent + String(chars[start..<cut]))
                start = cut + 1
                indent = "  "
                lastFit = nil
            }
            if b < chars.count { lastFit = b }
        }
        out.append(indent + String(chars[start...]))
        return out
    }

    /// The rendered SQL back from a wrapped block: every break replaced one space.
    static func unwrap(_ text: String) -> String {
        text.replacingOccurrences(of: "\n  ", with: " ").replacingOccurrences(of: "\n", with: " ")
    }
}

extension Snapshotting where Value == any SQLStatement, Format == String {
    /// A statement's SQL and bound values in PostgreSQL, MySQL and the odd test dialect.
    static var sql: Snapshotting {
        Snapshotting<String, String>.lines.pullback(SQLLayout.show)
    }
}

/// What a statement gave back, as the execution check's snapshot shows it: the rows (sorted
/// unless the SQL orders them), the rows updated and the generated fields. A timestamp within a
/// day of the test's run (`CURRENT_TIMESTAMP` read back) shows as `<now>`.
enum ResultLayout {
    static func isNow(_ s: String) -> Bool {
        guard s.count >= 19 else { return false }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        guard let date = formatter.date(from: String(s.prefix(19))) else { return false }
        return abs(date.timeIntervalSinceNow) < 86_400
    }

    static func show(_ response: ExecuteStatementResponse, ordered: Bool) -> [String] {
        var lines: [String] = []
        if let records = response.records {
            let rows = records.map { "  " + $0.map(value).joined(separator: " | ") }
            lines += ordered ? rows : rows.sorted()
        }
        if let n = response.numberOfRecordsUpdated, n != 0 {
            lines.append("  updated \(n)")
        }
        if let generated = response.generatedFields, !generated.isEmpty {
            lines.append("  generated " + generated.map(value).joined(separator: " | "))
        }
        return lines.isEmpty ? ["  (nothing)"] : lines
    }

    static func value(_ field: Field) -> String {
        switch field {
        case .isNull: "NULL"
        case .booleanValue(let b): b ? "true" : "false"
        case .longValue(let i): "\(i)"
        case .doubleValue(let d): "\(d)"
        case .stringValue(let s): isNow(s) ? "<now>" : SQLLayout.quoted(s)
        case .blobValue(let data): SQLLayout.literal(.blob(data))
        case .arrayValue(let a): "\(a)"
        case .unknown(let name): "<\(name)>"
        }
    }
}
