/// The tree of selects combined by UNION, UNION ALL, INTERSECT or EXCEPT.
public struct SQLCompound: Sendable, Hashable {
    /// How a member is combined with what comes before it.
    public enum Operator: String, Sendable, Hashable {
        /// `UNION`, `UNION ALL`, `INTERSECT` or `EXCEPT`.
        case union = "UNION", unionAll = "UNION ALL", intersect = "INTERSECT", except = "EXCEPT"
    }
    /// One member after the first, with its operator.
    public struct Term: Sendable, Hashable {
        /// The operator in front of the member.
        public var op: Operator
        /// The member.
        public var select: SQLSelect
    }
    /// The first member, whose result columns the whole has.
    public var first: SQLSelect
    /// The other members in order.
    public var terms: [Term]
    /// LIMIT on the combined rows.
    public var limit: Int?
}

/// Selects combined by UNION, UNION ALL, INTERSECT or EXCEPT; rows are typed by the first
/// select's `Row`, which every member shares. A member with its own ORDER BY, LIMIT, OFFSET
/// or lock is written in parentheses, so they stay its own; a LIMIT on the compound applies
/// to the whole.
///
/// ```swift
/// User.select(User.name).union(Admin.select(Admin.name))
/// // SELECT "users"."name" FROM "users" UNION SELECT "admins"."name" FROM "admins"
/// ```
///
/// MySQL has INTERSECT and EXCEPT from 8.0.31 (MariaDB from 10.3).
public struct CompoundSelect<Row>: SQLStatement, Hashable {
    /// The tree the statement renders.
    public var ast: SQLCompound

    /// Adds `UNION other`: rows of either, duplicates removed.
    ///
    /// ```swift
    /// Member.select(Member.name).where(Member.age.gt(20)).union(Team.select(Team.name)).limit(10)
    /// // SELECT "members"."name" FROM "members" WHERE ("members"."age" > :p1)
    /// //   UNION SELECT "teams"."name" FROM "teams" LIMIT 10
    /// ```
    public func union<M>(_ other: Select<M, Row>) -> Self { adding(.union, other) }
    /// Adds `UNION ALL other`: rows of either, duplicates kept.
    public func unionAll<M>(_ other: Select<M, Row>) -> Self { adding(.unionAll, other) }
    /// Adds `INTERSECT other`: rows in both. `Member.select(Member.id).intersect(Team.select(Team.id))` →
    /// `SELECT "members"."id" FROM "members" INTERSECT SELECT "teams"."id" FROM "teams"`.
    public func intersect<M>(_ other: Select<M, Row>) -> Self { adding(.intersect, other) }
    /// Adds `EXCEPT other`: rows not in `other`. `Member.select(Member.id).except(Team.select(Team.id))` →
    /// `SELECT "members"."id" FROM "members" EXCEPT SELECT "teams"."id" FROM "teams"`.
    public func except<M>(_ other: Select<M, Row>) -> Self { adding(.except, other) }
    /// `LIMIT n` on the combined rows.
    public func limit(_ n: Int) -> Self {
        var c = self
        c.ast.limit = Swift.max(0, n)
        return c
    }

    func adding<M>(_ op: SQLCompound.Operator, _ other: Select<M, Row>) -> Self {
        var c = self
        c.ast.terms.append(SQLCompound.Term(op: op, select: other.ast))
        return c
    }

    /// The SQL, its values, and the first member's result columns.
    public func render(_ dialect: SQLDialect) throws -> SQLQuery {
        var w = SQLWriter(dialect: dialect)
        try w.compound(ast)
        return try w.query(columns: ast.first.items.map(\.result))
    }
}

extension Select {
    /// `a.union(b)` → `SELECT … UNION SELECT …`: rows of either, without duplicates.
    public func union<M>(_ other: Select<M, Row>) -> CompoundSelect<Row> { compound(.union, other) }
    /// `a.unionAll(b)` → `SELECT … UNION ALL SELECT …`: every row of both.
    public func unionAll<M>(_ other: Select<M, Row>) -> CompoundSelect<Row> { compound(.unionAll, other) }
    /// `a.intersect(b)` → `SELECT … INTERSECT SELECT …`: rows in both.
    public func intersect<M>(_ other: Select<M, Row>) -> CompoundSelect<Row> { compound(.intersect, other) }
    /// `a.except(b)` → `SELECT … EXCEPT SELECT …`: rows of `a` not in `b`.
    public func except<M>(_ other: Select<M, Row>) -> CompoundSelect<Row> { compound(.except, other) }

    func compound<M>(_ op: SQLCompound.Operator, _ other: Select<M, Row>) -> CompoundSelect<Row> {
        CompoundSelect(ast: SQLCompound(first: ast, terms: [.init(op: op, select: other.ast)], limit: nil))
    }
}
