/// Whether a statement's text may leave state on its connection that outlives the call (a
/// setting, a temporary table, a prepared statement, a session lock), so that the connection
/// must be reset before another call gets it, as the service resets its pooled connections.
///
/// Read loosely, word by word, without parsing: words in string literals, quoted names and
/// comments count too. A false alarm costs one reset; what a function does inside is not seen.
struct SessionStateText: Sendable {
    /// Words that mark a statement when they begin it (`SET` begins a setting, where `UPDATE
    /// t SET` does not).
    let leadingWords: [StaticString]
    /// Words that mark a statement wherever they are.
    let words: [StaticString]
    /// Whether `@name` (a MySQL user variable, not an `@@` system variable) marks it.
    let userVariables: Bool

    /// PostgreSQL: a leading `SET` (settings, `ROLE`, `SESSION AUTHORIZATION`), `set_config`,
    /// `temp`/`temporary`, `prepare`, `listen`, `declare`, `load`, the session advisory locks,
    /// and the sequence functions whose state `currval`/`lastval` read.
    static let postgreSQL = SessionStateText(
        leadingWords: ["set"],
        words: [
            "set_config", "temp", "temporary", "prepare", "listen", "declare", "load", "pg_advisory_lock",
            "pg_advisory_lock_shared", "pg_try_advisory_lock", "pg_try_advisory_lock_shared", "nextval", "setval",
            "currval", "lastval",
        ],
        userVariables: false)

    /// MySQL: a leading `SET` (settings, `NAMES`, `@variables`), `USE`, `LOCK` (`LOCK TABLES`),
    /// `FLUSH` (`… WITH READ LOCK`), `BEGIN`, `START` (a transaction left open), `HANDLER` or
    /// `XA`; a user variable; the words `temporary`, `prepare`, `get_lock`,
    /// `sql_calc_found_rows` (what `FOUND_ROWS()` reads); and what sets `LAST_INSERT_ID()`
    /// (`insert`, `replace`, `load`, `last_insert_id`) or a sequence's last value (`nextval`,
    /// `setval`, `lastval`).
    static let mySQL = SessionStateText(
        leadingWords: ["set", "use", "lock", "flush", "begin", "start", "handler", "xa"],
        words: [
            "temporary", "prepare", "get_lock", "sql_calc_found_rows", "insert", "replace", "load", "last_insert_id",
            "nextval", "setval", "lastval",
        ],
        userVariables: true)

    func mayChange(_ sql: String) -> Bool {
        var sql = sql
        return sql.withUTF8 { b in
            func lower(_ c: UInt8) -> UInt8 { c >= 65 && c <= 90 ? c + 32 : c }
            func isWord(_ c: UInt8) -> Bool {
                let c = lower(c)
                return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c == 95 || c >= 128
            }
            func isBlank(_ c: UInt8) -> Bool { c == 32 || c == 9 || c == 10 || c == 13 }
            func word(at i: Int, _ w: StaticString) -> Bool {
                let n = w.utf8CodeUnitCount
                guard i + n <= b.count else { return false }
                for k in 0..<n where lower(b[i + k]) != w.utf8Start[k] { return false }
                return i + n == b.count || !isWord(b[i + n])
            }
            var statementStart = true
            var i = 0
            while i < b.count {
                defer { i += 1 }
                if isBlank(b[i]) { continue }
                if b[i] == UInt8(ascii: ";") {
                    statementStart = true
                    continue
                }
                // Comments before a statement's first word are skipped, so that the word is
                // still its first; MySQL's `/*!…*/` holds statement text, which is read.
                if statementStart, b[i] == UInt8(ascii: "/"), i + 1 < b.count, b[i + 1] == UInt8(ascii: "*") {
                    if i + 2 < b.count && b[i + 2] == UInt8(ascii: "!") {
                        i += 2
                        while i + 1 < b.count && b[i + 1] >= 48 && b[i + 1] <= 57 { i += 1 }
                        continue
                    }
                    i += 2
                    while i + 1 < b.count && !(b[i] == UInt8(ascii: "*") && b[i + 1] == UInt8(ascii: "/")) { i += 1 }
                    i += 1
                    continue
                }
                if statementStart && b[i] == UInt8(ascii: "*") && i + 1 < b.count && b[i + 1] == UInt8(ascii: "/") {
                    i += 1  // the end of a `/*!…*/`
                    continue
                }
                if statementStart
                    && ((b[i] == UInt8(ascii: "-") && i + 1 < b.count && b[i + 1] == UInt8(ascii: "-"))
                        || b[i] == UInt8(ascii: "#"))
                {
                    while i < b.count && b[i] != 10 { i += 1 }
                    continue
                }
                if userVariables && b[i] == UInt8(ascii: "@") && (i == 0 || b[i - 1] != UInt8(ascii: "@"))
                    && i + 1 < b.count
                    && (isWord(b[i + 1]) || b[i + 1] == UInt8(ascii: "`") || b[i + 1] == UInt8(ascii: "'")
                        || b[i + 1] == UInt8(ascii: "\""))
                {
                    return true
                }
                let startsWord = isWord(b[i]) && (i == 0 || !isWord(b[i - 1]))
                if statementStart && startsWord && leadingWords.contains(where: { word(at: i, $0) }) { return true }
                statementStart = false
                if startsWord && words.contains(where: { word(at: i, $0) }) { return true }
            }
            return false
        }
    }
}
