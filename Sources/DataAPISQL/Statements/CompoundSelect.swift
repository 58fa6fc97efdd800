/// Selects combined by UNION, UNION ALL, INTERSECT or EXCEPT, each in parentheses so that its
/// own ORDER BY and LIMIT stay its own; rows are typed by the first select's `Row`, which
/// every member shares. A LIMIT applies to the whole.
///
/// ```swift
/// User.select(User.name).union(Admin.select(Admin.name))
/// // (SELECT "users"."name" FROM "users") UNION (SELECT "admins"."name" FROM "admins")
/// ```
///
/// MySQL has INTERSECT and EXCEPT from 8.0.31 (MariaDB from 10.3).
public struct CompoundSelect<Row>: SQLStatement, Hashable {
    /// How a member is combined with what comes before it.
    public enum Operator: String, Sendable, Hashable {
        case union = "UNION", unionAll = "UNION ALL", intersect = "INTERSECT", except = "EXCEPT"
    }
    struct Term: Sendable, Hashable {
        var op: Operator
        var select: SQLSelect
    }
    var first: SQLSelect
    var terms: [Term]
    var limit: Int?

    /// Adds `UNION (other)`: rows of either, duplicates removed.
    public func union<M>(_ other: Select<M, Row>) -> Self { adding(.union, other) }
    /// Adds `UNION ALL (other)`: rows of either, duplicates kept.
    public func unionAll<M>(_ other: Select<M, Row>) -> Self { adding(.unionAll, other) }
    /// Adds `INTERSECT (other)`: rows in both.
    public func intersect<M>(_ other: Select<M, Row>) -> Self { adding(.intersect, other) }
    /// Adds `EXCEPT (other)`: rows not in `other`.
    public func except<M>(_ other: Select<M, Row>) -> Self { adding(.except, other) }
    /// `LIMIT n` on the combined rows.
    public func limit(_ n: Int) -> Self {
        var c = self
        c.limit = Swift.max(0, n)
        return c
    }

    func adding<M>(_ op: Operator, _ other: Select<M, Row>) -> Self {
        var c = self
        c.terms.append(Term(op: op, select: other.ast))
        return c
    }

    /// The SQL, its values, and the first member's result columns.
    public func render(_ dialect: SQLDialect) throws -> SQLQuery {
        var w = SQLWriter(dialect: dialect)
        w.write("(")
        try w.select(first)
        w.write(")")
        for t in terms {
            w.write(" " + t.op.rawValue + " (")
            try w.select(t.select)
            w.write(")")
        }
        if let limit { w.write(" LIMIT \(limit)") }
        var q = try w.query
        q.columns = first.items.map(\.result)
        return q
    }
}

extension Select {
    /// `a.union(b)` → `(SELECT …) UNION (SELECT …)`: rows of either, without duplicates.
    public func union<M>(_ other: Select<M, Row>) -> CompoundSelect<Row> { compound(.union, other) }
    /// `a.unionAll(b)` → `(SELECT …) UNION ALL (SELECT …)`: every row of both.
    public func unionAll<M>(_ other: Select<M, Row>) -> CompoundSelect<Row> { compound(.unionAll, other) }
    /// `a.intersect(b)` → `(SELECT …) INTERSECT (SELECT …)`: rows in both.
    public func intersect<M>(_ other: Select<M, Row>) -> CompoundSelect<Row> { compound(.intersect, other) }
    /// `a.except(b)` → `(SELECT …) EXCEPT (SELECT …)`: rows of `a` not in `b`.
    public func except<M>(_ other: Select<M, Row>) -> CompoundSelect<Row> { compound(.except, other) }

    func compound<M>(_ op: CompoundSelect<Row>.Operator, _ other: Select<M, Row>) -> CompoundSelect<Row> {
        CompoundSelect(first: ast, terms: [.init(op: op, select: other.ast)], limit: nil)
    }
}
