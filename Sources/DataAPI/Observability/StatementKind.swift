/// What a statement does, read from its first keyword: the `kind` dimension of the
/// executor's statement metrics. `keyword` is that word in upper case (`SELECT`, `FETCH`,
/// `SAVEPOINT`), the `db.operation.name` of its span.
struct StatementKind: Hashable, Sendable {
    enum Kind: Int, CaseIterable, Sendable {
        case select, insert, update, delete, ddl, other

        var name: String {
            switch self {
            case .select: "select"
            case .insert: "insert"
            case .update: "update"
            case .delete: "delete"
            case .ddl: "ddl"
            case .other: "other"
            }
        }
    }

    let kind: Kind
    let keyword: String

    /// The kind of `sql`: leading blanks, parentheses and comments skipped, at most 16 letters
    /// read. A `WITH` query counts as a select (its final verb is not looked for).
    init(sql: String) {
        var word: [UInt8] = []
        var bytes = sql.utf8[...]
        while let b = bytes.first {
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x28 {
                bytes.removeFirst()
            } else if bytes.starts(with: "--".utf8) {
                while let c = bytes.first, c != 0x0A { bytes.removeFirst() }
            } else if bytes.starts(with: "/*".utf8) {
                bytes.removeFirst(2)
                while !bytes.isEmpty && !bytes.starts(with: "*/".utf8) { bytes.removeFirst() }
                bytes = bytes.dropFirst(2)
            } else {
                break
            }
        }
        for b in bytes.prefix(16) {
            if b >= 0x61 && b <= 0x7A { word.append(b - 0x20) } else if (b >= 0x41 && b <= 0x5A) || b == 0x5F {
                word.append(b)
            } else {
                break
            }
        }
        keyword = word.isEmpty ? "SQL" : String(decoding: word, as: UTF8.self)
        switch keyword {
        case "SELECT", "WITH", "VALUES", "TABLE", "SHOW", "EXPLAIN", "FETCH", "DESCRIBE", "DESC": kind = .select
        case "INSERT", "REPLACE", "UPSERT": kind = .insert
        case "UPDATE": kind = .update
        case "DELETE": kind = .delete
        case "CREATE", "ALTER", "DROP", "TRUNCATE", "RENAME", "COMMENT", "GRANT", "REVOKE": kind = .ddl
        default: kind = .other
        }
    }
}
