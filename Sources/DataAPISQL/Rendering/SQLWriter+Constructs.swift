extension SQLWriter {
    /// ` RETURNING "a", "b"` for a non-empty list; `unsupported` where the dialect has none.
    mutating func returning(_ items: [SQLSelectItem]) throws {
        guard !items.isEmpty else { return }
        guard dialect.supportsReturning else {
            throw SQLRenderError.unsupported(feature: "RETURNING", dialect: dialect.name)
        }
        write(" RETURNING ")
        try list(items) { try $0.selectItem($1, qualify: false) }
    }

    /// `(l IS NOT DISTINCT FROM r)` or MySQL's `(l <=> r)`; negated: `IS DISTINCT FROM`,
    /// `NOT (l <=> r)`.
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

    /// `f OVER (PARTITION BY … ORDER BY …)`.
    mutating func window(_ f: SQLExpressionNode, _ partition: [SQLExpressionNode], _ order: [SQLOrdering]) throws {
        try expression(f)
        write(" OVER (")
        if !partition.isEmpty {
            write("PARTITION BY ")
            try expressions(partition)
        }
        if !order.isEmpty {
            write(partition.isEmpty ? "ORDER BY " : " ORDER BY ")
            try orderTerms(order)
        }
        write(")")
    }

    /// `(x + :p * INTERVAL '1 DAY')` or MySQL's `DATE_ADD(x, INTERVAL :p DAY)`.
    mutating func dateAdd(_ x: SQLExpressionNode, _ amount: SQLExpressionNode, _ unit: String) throws {
        switch dialect.dateArithmetic {
        case .intervalLiteral:
            write("(")
            try expression(x)
            write(" + ")
            try expression(amount)
            write(" * INTERVAL '1 " + unit + "')")
        case .dateAddFunction:
            write("DATE_ADD(")
            try expression(x)
            write(", INTERVAL ")
            try expression(amount)
            write(" " + unit + ")")
        }
    }
}
