/// Finds `:name` placeholders in SQL text and rewrites them for an engine, skipping string
/// literals, quoted identifiers, dollar-quoted strings, comments and `::` casts. It also
/// reports whether the text holds more than one statement.
///
/// The quoting rules are data (``Rules``) so one scanner serves PostgreSQL and MySQL.
public struct NamedParameterScanner: Sendable {
    /// The lexical rules of a SQL dialect that matter for finding placeholders.
    public struct Rules: Sendable, Hashable {
        /// `'…'` strings may use backslash escapes (MySQL); PostgreSQL only in `E'…'`.
        public var backslashEscapesInStrings: Bool
        /// `"…"` is a string (MySQL) rather than an identifier (PostgreSQL); both skip alike.
        public var backtickIdentifiers: Bool
        /// `$tag$…$tag$` strings (PostgreSQL).
        public var dollarQuotedStrings: Bool
        /// `#` starts a comment to the end of the line (MySQL).
        public var hashComments: Bool
        /// `/* */` comments nest (PostgreSQL).
        public var nestedBlockComments: Bool
        /// `--` starts a comment only when followed by white space (MySQL).
        public var dashCommentNeedsSpace: Bool

        /// PostgreSQL's rules.
        public static let postgreSQL = Rules(
            backslashEscapesInStrings: false, backtickIdentifiers: false, dollarQuotedStrings: true,
            hashComments: false, nestedBlockComments: true, dashCommentNeedsSpace: false)
        /// MySQL's and MariaDB's rules.
        public static let mySQL = Rules(
            backslashEscapesInStrings: true, backtickIdentifiers: true, dollarQuotedStrings: false,
            hashComments: true, nestedBlockComments: false, dashCommentNeedsSpace: true)
    }

    /// How a placeholder is written for the engine.
    public enum PlaceholderStyle: Sendable, Hashable {
        /// `$1`, `$2`, … numbered by first appearance of each name; a repeated name reuses its number.
        case numbered
        /// `?` for every occurrence; a repeated name is bound again.
        case questionMark
    }

    /// The rewritten statement.
    public struct Result: Sendable, Hashable {
        /// The SQL with engine placeholders in place of the `:name` ones.
        public var sql: String
        /// The parameter names to bind, in placeholder order (`numbered`: unique names;
        /// `questionMark`: every occurrence).
        public var bindOrder: [String]
        /// Whether text other than white space and comments follows a `;`.
        public var hasMultipleStatements: Bool
        /// UTF-8 offsets of top-level `;` in the original text.
        public var semicolons: [Int]
    }

    /// What counts as a string, an identifier or a comment.
    public var rules: Rules
    /// How placeholders are rewritten.
    public var style: PlaceholderStyle

    /// A scanner for `rules` that writes placeholders in `style`.
    public init(rules: Rules, style: PlaceholderStyle) {
        self.rules = rules
        self.style = style
    }

    /// Rewrites `sql`'s `:name` placeholders and reports the names to bind, in order.
    public func scan(_ sql: String) -> Result {
        let s = Array(sql.utf8)
        var out = [UInt8]()
        out.reserveCapacity(s.count + 8)
        var order: [String] = []
        var numbers: [String: Int] = [:]
        var multiple = false
        var afterSemicolon = false
        var semicolons: [Int] = []
        var i = 0
        let n = s.count

        func isIdentStart(_ c: UInt8) -> Bool { (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95 || c >= 128 }
        func isIdent(_ c: UInt8) -> Bool { isIdentStart(c) || (c >= 48 && c <= 57) }
        func copy(_ from: Int, _ to: Int) { out.append(contentsOf: s[from..<min(to, n)]) }

        /// End (exclusive) of a quoted run starting at `start` with quote `q`.
        func endOfQuoted(_ start: Int, _ q: UInt8, backslash: Bool) -> Int {
            var j = start + 1
            while j < n {
                if backslash && s[j] == 92 { j += 2; continue }
                if s[j] == q {
                    if j + 1 < n && s[j + 1] == q { j += 2; continue }
                    return j + 1
                }
                j += 1
            }
            return n
        }

        while i < n {
            let c = s[i]
            let next: UInt8 = i + 1 < n ? s[i + 1] : 0
            // Comments.
            if c == 45 && next == 45
                && (!rules.dashCommentNeedsSpace || i + 2 >= n || s[i + 2] == 32 || s[i + 2] == 9 || s[i + 2] == 10
                    || s[i + 2] == 13)
            {
                var j = i
                while j < n && s[j] != 10 { j += 1 }
                copy(i, j); i = j; continue
            }
            if c == 35 && rules.hashComments {
                var j = i
                while j < n && s[j] != 10 { j += 1 }
                copy(i, j); i = j; continue
            }
            if c == 47 && next == 42 {
                var depth = 1, j = i + 2
                while j < n && depth > 0 {
                    if s[j] == 42 && j + 1 < n && s[j + 1] == 47 {
                        depth -= 1; j += 2
                    } else if rules.nestedBlockComments && s[j] == 47 && j + 1 < n && s[j + 1] == 42 {
                        depth += 1; j += 2
                    } else {
                        j += 1
                    }
                }
                copy(i, j); i = j; continue
            }
            if c == 32 || c == 9 || c == 10 || c == 13 { out.append(c); i += 1; continue }
            if afterSemicolon && c != 59 { multiple = true }
            // Strings and quoted identifiers.
            if c == 39 {
                let escaped =
                    rules.backslashEscapesInStrings
                    || (i > 0 && (s[i - 1] == 69 || s[i - 1] == 101) && (i < 2 || !isIdent(s[i - 2])))
                let j = endOfQuoted(i, 39, backslash: escaped)
                copy(i, j); i = j; continue
            }
            if c == 34 {
                let j = endOfQuoted(i, 34, backslash: rules.backslashEscapesInStrings)
                copy(i, j); i = j; continue
            }
            if c == 96 && rules.backtickIdentifiers {
                let j = endOfQuoted(i, 96, backslash: false)
                copy(i, j); i = j; continue
            }
            if c == 36 && rules.dollarQuotedStrings && (i == 0 || !isIdent(s[i - 1])) {
                // $tag$ … $tag$ where tag is empty or an identifier not starting with a digit.
                var j = i + 1
                if j < n && isIdentStart(s[j]) { while j < n && isIdent(s[j]) && s[j] != 36 { j += 1 } }
                if j < n && s[j] == 36 {
                    let tag = Array(s[i...j])
                    var k = j + 1
                    var end = n
                    while k + tag.count <= n {
                        if s[k] == 36 && Array(s[k..<(k + tag.count)]) == tag { end = k + tag.count; break }
                        k += 1
                    }
                    copy(i, end); i = end; continue
                }
            }
            if c == 59 { afterSemicolon = true; semicolons.append(i); out.append(c); i += 1; continue }
            // `::` cast.
            if c == 58 && next == 58 { out.append(58); out.append(58); i += 2; continue }
            // `:name`
            if c == 58 && isIdentStart(next) {
                var j = i + 1
                while j < n && isIdent(s[j]) { j += 1 }
                let name = String(decoding: s[(i + 1)..<j], as: UTF8.self)
                switch style {
                case .numbered:
                    let number: Int
                    if let existing = numbers[name] {
                        number = existing
                    } else {
                        order.append(name); number = order.count; numbers[name] = number
                    }
                    out.append(contentsOf: Array("$\(number)".utf8))
                case .questionMark:
                    order.append(name)
                    out.append(63)
                }
                i = j; continue
            }
            // Identifiers and numbers are copied whole so `a:b` inside words is not split oddly.
            if isIdent(c) {
                var j = i
                while j < n && isIdent(s[j]) { j += 1 }
                copy(i, j); i = j; continue
            }
            out.append(c); i += 1
        }
        return Result(
            sql: String(decoding: out, as: UTF8.self), bindOrder: order, hasMultipleStatements: multiple,
            semicolons: semicolons)
    }
}
