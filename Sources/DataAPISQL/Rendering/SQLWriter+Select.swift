extension SQLWriter {
    /// `SELECT … FROM … [JOIN …] [WHERE …] [GROUP BY …] [HAVING …] [ORDER BY …] [LIMIT …]
    /// [OFFSET …] [FOR UPDATE …]`, after the common tables it names.
    mutating func select(_ s: SQLSelect) throws {
        try commonTables(s.with)
        scopes.append(s.scope)
        defer { scopes.removeLast() }
        try selectList(s)
        try from(s)
        try clause("WHERE", s.condition)
        if !s.groupBy.isEmpty {
            write(" GROUP BY ")
            try expressions(s.groupBy)
        }
        try clause("HAVING", s.having)
        if !s.orderBy.isEmpty {
            write(" ORDER BY ")
            try orderTerms(s.orderBy)
        }
        if let limit = s.limit {
            write(" LIMIT \(limit)")
        } else if s.offset != nil, let all = dialect.limitForOffsetOnly {
            write(" LIMIT " + all)
        }
        if let offset = s.offset { write(" OFFSET \(offset)") }
        if let lock = s.lock { try self.lock(lock) }
    }

    /// `SELECT EXISTS (…)`.
    mutating func selectExists(_ s: SQLSelect) throws {
        write("SELECT EXISTS (")
        try select(s)
        write(")")
    }

    /// `SELECT [DISTINCT | DISTINCT ON (…)] a, b`.
    mutating func selectList(_ s: SQLSelect) throws {
        if !s.distinctOn.isEmpty {
            guard dialect.supportsDistinctOn else {
                throw SQLRenderError.unsupported(feature: "DISTINCT ON", dialect: dialect.name)
            }
            write("SELECT DISTINCT ON (")
            try expressions(s.distinctOn)
            write(") ")
        } else {
            write(s.distinct ? "SELECT DISTINCT " : "SELECT ")
        }
        try list(s.items) { try $0.selectItem($1, qualify: true) }
    }

    /// ` FROM "table" [AS "alias"]` or a derived table, then the joins.
    mutating func from(_ s: SQLSelect) throws {
        write(" FROM ")
        if case .select(let inner)? = s.derived {
            write("(")
            try select(inner)
            write(") AS ")
            identifier(s.table)
        } else {
            identifier(s.table)
            alias(s.alias)
        }
        for j in s.joins {
            if j.kind == .full && !dialect.supportsFullJoin {
                throw SQLRenderError.unsupported(feature: "FULL JOIN", dialect: dialect.name)
            }
            write(" " + j.kind.rawValue + " ")
            identifier(j.table)
            alias(j.alias)
            try clause("ON", j.on)
        }
    }

    /// ` AS "alias"` when there is one.
    mutating func alias(_ name: String?) {
        guard let name else { return }
        write(" AS ")
        identifier(name)
    }

    mutating func selectItem(_ item: SQLSelectItem, qualify: Bool) throws {
        if !qualify, case .column(_, let name) = item.expression {
            identifier(name)
        } else {
            try expression(item.expression)
        }
        alias(item.alias)
    }

    /// ORDER BY terms, NULLS FIRST/LAST emulated where the dialect lacks them.
    mutating func orderTerms(_ terms: [SQLOrdering]) throws {
        for (i, o) in terms.enumerated() {
            if i > 0 { write(", ") }
            if let nulls = o.nulls, !dialect.supportsNullsOrdering {
                // MySQL sorts NULL first ascending: order by an IS NULL key first.
                write("(")
                try expression(o.expression)
                write(nulls == .first ? " IS NULL) DESC, " : " IS NULL) ASC, ")
            }
            try expression(o.expression)
            write(o.descending ? " DESC" : " ASC")
            if let nulls = o.nulls, dialect.supportsNullsOrdering {
                write(nulls == .first ? " NULLS FIRST" : " NULLS LAST")
            }
        }
    }

    /// ` FOR UPDATE [NOWAIT | SKIP LOCKED]`, ` FOR SHARE …` or MySQL's ` LOCK IN SHARE MODE`.
    mutating func lock(_ lock: SQLLock) throws {
        switch lock.strength {
        case .update: write(" FOR UPDATE")
        case .share:
            write(" " + dialect.shareLock)
            if lock.wait != .wait && !dialect.shareLockTakesWaitOptions {
                throw SQLRenderError.unsupported(feature: dialect.shareLock + lock.wait.rawValue, dialect: dialect.name)
            }
        }
        write(lock.wait.rawValue)
    }
}
