/// A common table expression: a select (or compound select) named after a model, whose
/// columns are the model's, so the main statement selects from it like from a table and
/// its rows decode as that model.
///
/// ```swift
/// struct TeamSize: Table { var teamId: Int64?; var n: Int64; static let tableName = "team_sizes" … }
/// let sizes = SQLCommonTable(TeamSize.self, as: Member.select(Member.teamId, countAll()).group(by: Member.teamId))
/// TeamSize.select().with(sizes).where(TeamSize.n.gt(1))
/// // WITH "team_sizes" ("team_id", "n") AS (SELECT "members"."team_id", COUNT(*) FROM "members"
/// //   GROUP BY "members"."team_id")
/// // SELECT "team_sizes"."team_id", "team_sizes"."n" FROM "team_sizes" WHERE ("team_sizes"."n" > :p1)
/// ```
///
/// A recursive one is a compound whose later member reads the table itself:
///
/// ```swift
/// let count = SQLCommonTable(Counter.self, recursive: Team.select(Team.id).where(Team.id.eq(1))
///     .unionAll(Counter.select(Counter.n.plus(1)).where(Counter.n.lt(5))))
/// Counter.select().with(count)
/// // WITH RECURSIVE "counter" ("n") AS (SELECT "teams"."id" FROM "teams" WHERE ("teams"."id" = :p1)
/// //   UNION ALL SELECT ("counter"."n" + :p2) FROM "counter" WHERE ("counter"."n" < :p3))
/// //   SELECT "counter"."n" FROM "counter"
/// ```
public struct SQLCommonTable: Sendable, Hashable {
    /// What the table is defined as.
    public enum Body: Sendable, Hashable { case select(SQLSelect), compound(SQLCompound) }
    /// The table's name (the model's `tableName`).
    public var name: String
    /// Its column names (the model's columns).
    public var columns: [String]
    /// The defining query.
    public var body: Body
    /// `WITH RECURSIVE`.
    public var recursive: Bool

    /// `"name" ("a", "b") AS (select)`, named and shaped by `model`.
    public init<M: Table, N, R>(_ model: M.Type, as select: Select<N, R>) {
        self.init(name: M.tableName, columns: M.columns.map(\.name), body: .select(select.ast), recursive: false)
    }

    /// `"name" ("a", "b") AS (a UNION …)`; `recursive` when a member reads the table itself.
    public init<M: Table, R>(_ model: M.Type, as compound: CompoundSelect<R>, recursive: Bool = false) {
        self.init(
            name: M.tableName,
            columns: M.columns.map(\.name),
            body: .compound(compound.ast),
            recursive: recursive
        )
    }

    /// A recursive table: `WITH RECURSIVE "name" (…) AS (anchor UNION ALL step)`.
    public init<M: Table, R>(_ model: M.Type, recursive compound: CompoundSelect<R>) {
        self.init(model, as: compound, recursive: true)
    }

    init(name: String, columns: [String], body: Body, recursive: Bool) {
        self.name = name
        self.columns = columns
        self.body = body
        self.recursive = recursive
    }
}

extension Select {
    /// Adds common table expressions in front: `WITH "a" (…) AS (…), "b" (…) AS (…) SELECT …`
    /// (`WITH RECURSIVE` when any is recursive).
    public func with(_ tables: SQLCommonTable...) -> Self { with { $0.with += tables } }
}
