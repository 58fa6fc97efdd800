/// A SQL script split into its statements, the way `psql` and the `mysql` client split
/// what they read: the Data API runs one statement per call, so a file of several has to be
/// cut at its semicolons, and only at the ones that end a statement.
///
/// ```swift
/// let script = SQLScript("CREATE TABLE t (a text); INSERT INTO t VALUES ('x;y'); -- done", engine: .postgreSQL)
/// script.statements.map(\.sql)   // ["CREATE TABLE t (a text)", "INSERT INTO t VALUES ('x;y')"]
/// ```
///
/// A semicolon does not end a statement inside
/// - a string: `'…'` (`''` escapes a quote; PostgreSQL's `E'…'` and every MySQL string also
///   take backslash escapes), and MySQL's `"…"` strings;
/// - a quoted identifier: `"…"` (PostgreSQL) or a backquoted name (MySQL);
/// - a comment: `-- …` to the end of the line (MySQL: `-- ` with a space, and `# …`), and
///   `/* … */` (nested on PostgreSQL);
/// - a PostgreSQL dollar-quoted body: `$$ … $$` or `$tag$ … $tag$`.
///
/// On MySQL a `DELIMITER //` line changes the delimiter, as in the `mysql` client, so that
/// triggers and procedures with semicolons inside can be written. Comments and blank text
/// between statements are dropped; a statement keeps the comments inside it. An unterminated
/// string or comment runs to the end of the text and is sent as it is, for the database to
/// report. PostgreSQL's `BEGIN ATOMIC … END` bodies are not recognized: write such a
/// function with a dollar-quoted body.
public struct SQLScript: Sendable, Hashable {
    /// One statement of a script.
    public struct Statement: Sendable, Hashable {
        /// The statement's text, without the delimiter that ended it or the blank text and
        /// comments before it.
        public var sql: String
        /// The line, from 1, where the statement starts.
        public var line: Int

        /// A statement starting at `line`.
        public init(sql: String, line: Int) {
            self.sql = sql
            self.line = line
        }
    }

    /// The statements, in order.
    public let statements: [Statement]

    /// Whether every line break of the text only separates words: none is inside a quoted
    /// string, quoted identifier or dollar quote, and none ends a `--` or `#` comment. Then the
    /// lines joined by spaces mean what the text means (the shell's history keeps it so).
    public let lineBreaksSeparateWordsOnly: Bool

    /// Splits `text` by the quoting rules of `engine`.
    public init(_ text: String, engine: DatabaseEngine) {
        var splitter = SQLScriptSplitter(bytes: Array(text.utf8), mySQL: engine == .mySQL)
        statements = splitter.split()
        lineBreaksSeparateWordsOnly = !splitter.lineBreakInsideToken
    }
}

/// The scanner behind ``SQLScript``: bytes in, statements out. Every delimiter it knows is
/// ASCII, so scanning UTF-8 bytes never cuts a character.
struct SQLScriptSplitter {
    let bytes: [UInt8]
    let mySQL: Bool
    var i = 0
    var line = 1
    var delimiter: [UInt8] = [UInt8(ascii: ";")]
    var out: [SQLScript.Statement] = []
    /// Where the current statement's first byte of code is, and its line.
    var start: Int?
    var startLine = 1
    /// Whether a line break fell inside a quoted string, identifier or dollar quote, or ended
    /// a line comment.
    var lineBreakInsideToken = false

    init(bytes: [UInt8], mySQL: Bool) {
        self.bytes = bytes
        self.mySQL = mySQL
    }

    mutating func split() -> [SQLScript.Statement] {
        while i < bytes.count {
            let c = bytes[i]
            if start == nil && mySQL && atLineStart && startsWord("DELIMITER") {
                readDelimiterCommand()
                continue
            }
            if matches(delimiter) {
                finish(at: i)
                i += delimiter.count
                continue
            }
            switch c {
            case ascii("-") where peek(1) == ascii("-") && (!mySQL || isSpaceOrEnd(peek(2))):
                skipLineComment()
            case ascii("#") where mySQL:
                skipLineComment()
            case ascii("/") where peek(1) == ascii("*"):
                skipBlockComment()
            case ascii("'"):
                mark()
                skipQuoted(ascii("'"), backslash: mySQL || isEscapeStringPrefix())
            case ascii("\"") :
                mark()
                skipQuoted(ascii("\""), backslash: mySQL)
            case ascii("`") where mySQL:
                mark()
                skipQuoted(ascii("`"), backslash: false)
            case ascii("$") where !mySQL:
                mark()
                if let tag = dollarTag() { skipDollarQuoted(tag) } else { i += 1 }
            default:
                if !isSpace(c) { mark() }
                advance()
            }
        }
        finish(at: bytes.count)
        return out
    }

    // MARK: Statements

    /// Notes the current byte as code: the statement starts here if it has not yet.
    mutating func mark() {
        if start == nil {
            start = i
            startLine = line
        }
    }

    mutating func finish(at end: Int) {
        defer { start = nil }
        guard let s = start else { return }
        var e = end
        while e > s && isSpace(bytes[e - 1]) { e -= 1 }
        guard e > s else { return }
        out.append(.init(sql: String(decoding: bytes[s..<e], as: UTF8.self), line: startLine))
    }

    /// `DELIMITER x` to the end of its line (the `mysql` client's command, never sent).
    mutating func readDelimiterCommand() {
        i += "DELIMITER".utf8.count
        while i < bytes.count && (bytes[i] == ascii(" ") || bytes[i] == ascii("\t")) { i += 1 }
        var token: [UInt8] = []
        while i < bytes.count && !isSpace(bytes[i]) {
            token.append(bytes[i])
            i += 1
        }
        while i < bytes.count && bytes[i] != ascii("\n") { i += 1 }
        if !token.isEmpty { delimiter = token }
    }

    // MARK: Skipping

    mutating func skipLineComment() {
        while i < bytes.count && bytes[i] != ascii("\n") { i += 1 }
        if i < bytes.count { lineBreakInsideToken = true }
    }

    mutating func skipBlockComment() {
        var depth = 0
        while i < bytes.count {
            if bytes[i] == ascii("/") && peek(1) == ascii("*") {
                depth = mySQL ? 1 : depth + 1
                i += 2
            } else if bytes[i] == ascii("*") && peek(1) == ascii("/") {
                depth -= 1
                i += 2
                if depth == 0 { return }
            } else {
                advance()
            }
        }
    }

    /// From an opening quote past its closing one; a doubled quote is one quote inside.
    mutating func skipQuoted(_ quote: UInt8, backslash: Bool) {
        i += 1
        while i < bytes.count {
            let c = bytes[i]
            if c == ascii("\n") { lineBreakInsideToken = true }
            if backslash && c == ascii("\\") {
                i += 1
                if i < bytes.count {
                    if bytes[i] == ascii("\n") { lineBreakInsideToken = true }
                    advance()
                }
            } else if c == quote {
                if peek(1) == quote { i += 2 } else { i += 1; return }
            } else {
                advance()
            }
        }
    }

    /// `$tag$` at the current `$` (the tag empty or an identifier not starting with a digit),
    /// unless the `$` continues an identifier or is a positional parameter like `$1`.
    func dollarTag() -> [UInt8]? {
        if i > 0 && isIdentifier(bytes[i - 1]) { return nil }
        var j = i + 1
        while j < bytes.count && bytes[j] != ascii("$") {
            guard isIdentifier(bytes[j]) && !(j == i + 1 && isDigit(bytes[j])) else { return nil }
            j += 1
        }
        guard j < bytes.count else { return nil }
        return Array(bytes[i...j])
    }

    mutating func skipDollarQuoted(_ tag: [UInt8]) {
        i += tag.count
        while i < bytes.count {
            if matches(tag) { i += tag.count; return }
            if bytes[i] == ascii("\n") { lineBreakInsideToken = true }
            advance()
        }
    }

    // MARK: Bytes

    mutating func advance() {
        if bytes[i] == ascii("\n") { line += 1 }
        i += 1
    }

    func peek(_ offset: Int) -> UInt8? { i + offset < bytes.count ? bytes[i + offset] : nil }

    func matches(_ token: [UInt8]) -> Bool {
        guard i + token.count <= bytes.count else { return false }
        for k in 0..<token.count where bytes[i + k] != token[k] { return false }
        return true
    }

    /// Whether `word` (any case) starts here and ends before a blank.
    func startsWord(_ word: String) -> Bool {
        let w = Array(word.utf8)
        guard i + w.count < bytes.count else { return false }
        for k in 0..<w.count where bytes[i + k] | 0x20 != w[k] | 0x20 { return false }
        return bytes[i + w.count] == ascii(" ") || bytes[i + w.count] == ascii("\t")
    }

    var atLineStart: Bool {
        var j = i - 1
        while j >= 0 && (bytes[j] == ascii(" ") || bytes[j] == ascii("\t")) { j -= 1 }
        return j < 0 || bytes[j] == ascii("\n")
    }

    /// Whether the quote at `i` opens a PostgreSQL `E'…'` string.
    func isEscapeStringPrefix() -> Bool {
        guard i > 0, bytes[i - 1] | 0x20 == ascii("e") else { return false }
        return i < 2 || !isIdentifier(bytes[i - 2])
    }

    func isSpaceOrEnd(_ c: UInt8?) -> Bool { c.map(isSpace) ?? true }
    func isSpace(_ c: UInt8) -> Bool {
        c == ascii(" ") || c == ascii("\n") || c == ascii("\t") || c == ascii("\r") || c == 0x0B || c == 0x0C
    }
    func isDigit(_ c: UInt8) -> Bool { c >= ascii("0") && c <= ascii("9") }
    func isIdentifier(_ c: UInt8) -> Bool {
        isDigit(c) || (c | 0x20 >= ascii("a") && c | 0x20 <= ascii("z")) || c == ascii("_") || c == ascii("$")
            || c >= 0x80
    }
    func ascii(_ s: Unicode.Scalar) -> UInt8 { UInt8(ascii: s) }
}
