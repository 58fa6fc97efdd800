extension SQLWriter {
    /// The members with their operators, each in parentheses when it has clauses of its own.
    mutating func compound(_ c: SQLCompound) throws {
        try compoundMember(c.first)
        for t in c.terms {
            write(" " + t.op.rawValue + " ")
            try compoundMember(t.select)
        }
        if let limit = c.limit { write(" LIMIT \(limit)") }
    }

    mutating func compoundMember(_ s: SQLSelect) throws {
        let wrap = !s.orderBy.isEmpty
            || s.limit != nil
            || s.offset != nil
            || s.lock != nil
            || !s.with.isEmpty
        if wrap { write("(") }
        try select(s)
        if wrap { write(")") }
    }

    /// `WITH [RECURSIVE] "t" ("a") AS (…), … ` in front of a select.
    mutating func commonTables(_ tables: [SQLCommonTable]) throws {
        guard !tables.isEmpty else { return }
        write(tables.contains(where: \.recursive) ? "WITH RECURSIVE " : "WITH ")
        for (i, t) in tables.enumerated() {
            if i > 0 { write(", ") }
            let width: Int
            switch t.body {
            case .select(let s): width = s.items.count
            case .compound(let c): width = c.first.items.count
            }
            guard width == t.columns.count else {
                throw SQLRenderError.invalidValue(
                    "the common table \(t.name) has \(t.columns.count) columns but its query selects \(width)"
                )
            }
            identifier(t.name)
            write(" (")
            identifiers(t.columns)
            write(") AS (")
            switch t.body {
            case .select(let s): try select(s)
            case .compound(let c): try compound(c)
            }
            write(")")
        }
        write(" ")
    }
}
