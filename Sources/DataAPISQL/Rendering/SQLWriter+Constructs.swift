extension SQLWriter {
    /// ` RETURNING "a", "b"` for a non-empty list; `unsupported` where the dialect has none.
    mutating func returning(_ items: [SQLSelectItem]) throws {
        guard !items.isEmpty else { return }
        guard dialect.supportsReturning else { throw SQLRenderError.unsupported(feature: "RETURNING", dialect: dialect.name) }
        write(" RETURNING ")
        for (i, item) in items.enumerated() {
            if i > 0 { write(", ") }
            try selectItem(item, qualify: false)
        }
    }

    /// `(l IS NOT DISTINCT FROM r)` or MySQL's `(l <=> r)`; negated: `IS DISTINCT FROM`, `NOT (l <=> r)`.
    mutating func nullSafeEqual(_ l: SQLExpressionNode, _ r: SQLExpressionNode, negated: Bool) throws {
        switch dialect.nullSafeEqual {
        case .isNotDistinctFrom:
            write("(")
            try expression(l)
            write(negated ? " IS DISTINCT FROM " : " IS NOT DISTINCT FROM ")
            try expression(r)
            write(")")
        case .spaceship:
            write(negated ? "NOT (" : "(")
            try expression(l)
            write(" <=> ")
            try expression(r)
            write(")")
        }
    }

    /// `CASE WHEN c THEN r … [ELSE e] END`.
    mutating func caseWhen(_ clauses: [SQLWhenClause], _ otherwise: SQLExpressionNode?) throws {
        guard !clauses.isEmpty else { throw SQLRenderError.emptyList("CASE") }
        write("CASE")
        for c in clauses {
            write(" WHEN ")
            try expression(c.condition)
            write(" THEN ")
            try expression(c.result)
        }
        if let otherwise {
            write(" ELSE ")
            try expression(otherwise)
        }
        write(" END")
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

    /// ` WHERE cond` of a partial index: PostgreSQL only, columns unqualified, values inline.
    mutating func partialIndexCondition(_ condition: SQLExpressionNode, table: String) throws {
        guard dialect.supportsPartialIndexes else { throw SQLRenderError.unsupported(feature: "partial indexes", dialect: dialect.name) }
        let (qualify, inline, scopes) = (qualifyColumns, inlineLiterals, self.scopes)
        qualifyColumns = false
        inlineLiterals = true
        self.scopes = [[table]]
        defer { (qualifyColumns, inlineLiterals, self.scopes) = (qualify, inline, scopes) }
        write(" WHERE ")
        try expression(condition)
    }
}
