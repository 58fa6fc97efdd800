extension Select where Row == Model {
    /// Keyset pagination: the rows that come after `row` in this select's ORDER BY, which
    /// must name columns of the model and end in a unique one (the key), so that each page
    /// starts where the last one ended without OFFSET. Call it after `order`.
    ///
    /// ```swift
    /// User.select().order(User.age.desc(), User.id.asc()).limit(50).after(lastRow)
    /// // … WHERE (("users"."age" < :p1) OR (("users"."age" = :p2) AND ("users"."id" > :p3))) ORDER BY … LIMIT 50
    /// ```
    ///
    /// The row's ordering values must not be NULL, and the ORDER BY must not use NULLS
    /// FIRST/LAST; either renders as `invalidValue`.
    public func after(_ row: Model) -> Self {
        with { s in
            let keyset = Self.keyset(after: row, s.orderBy)
            s.condition = s.condition.map { .binary($0, .and, keyset) } ?? keyset
        }
    }

    /// `(a > x) OR (a = x AND b > y) …` for the terms' directions.
    static func keyset(after row: Model, _ terms: [SQLOrdering]) -> SQLExpressionNode {
        guard !terms.isEmpty else { return .invalid(.emptyList("after(_:)'s ORDER BY")) }
        let values: [SQLValue]
        do { values = try Model.columnValues(of: row) } catch let e as SQLRenderError { return .invalid(e) } catch {
            return .invalid(.invalidValue("\(error)"))
        }
        var keys: [(column: SQLExpressionNode, value: SQLExpressionNode, descending: Bool)] = []
        for term in terms {
            guard term.nulls == nil, case .column(_, let name) = term.expression,
                  let i = Model.columns.firstIndex(where: { $0.name == name }) else {
                return .invalid(.invalidValue(
                    "after(_:) needs an ORDER BY of the model's columns without NULLS FIRST/LAST"
                ))
            }
            if case .null = values[i] { return .invalid(.invalidValue("after(_:) needs a non-NULL \(name)")) }
            keys.append((term.expression, .bind(values[i], cast: Model.columns[i].type), term.descending))
        }
        var disjunction: SQLExpressionNode?
        for (i, key) in keys.enumerated() {
            var conjunction: SQLExpressionNode = .binary(key.column, key.descending ? .lt : .gt, key.value)
            for earlier in keys[..<i].reversed() {
                conjunction = .binary(.binary(earlier.column, .eq, earlier.value), .and, conjunction)
            }
            disjunction = disjunction.map { .binary($0, .or, conjunction) } ?? conjunction
        }
        return disjunction!
    }
}
