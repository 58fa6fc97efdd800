/// The select tree.
public struct SQLSelect: Sendable, Hashable {
    /// `SELECT DISTINCT`.
    public var distinct = false
    /// PostgreSQL's `SELECT DISTINCT ON (…)`.
    public var distinctOn: [SQLExpressionNode] = []
    /// The select list, each item with its result column.
    public var items: [SQLSelectItem]
    /// The FROM table.
    public var table: String
    /// The FROM table's alias.
    public var alias: String?
    /// A select read in FROM instead of the table, named `table` (a derived table).
    public var derived: SQLDerivedTable?
    /// JOIN clauses in order.
    public var joins: [SQLJoin] = []
    /// The WHERE condition.
    public var condition: SQLExpressionNode?
    /// GROUP BY expressions.
    public var groupBy: [SQLExpressionNode] = []
    /// The HAVING condition.
    public var having: SQLExpressionNode?
    /// ORDER BY terms.
    public var orderBy: [SQLOrdering] = []
    /// LIMIT.
    public var limit: Int?
    /// OFFSET.
    public var offset: Int?
    /// `FOR UPDATE` / `FOR SHARE`, if any.
    public var lock: SQLLock?
    /// Common table expressions written in front (`WITH …`).
    public var with: [SQLCommonTable] = []

    /// The names columns may be qualified with in this select: the table (or its alias)
    /// and every joined table (or its alias).
    var scope: [String] { [alias ?? table] + joins.map { $0.alias ?? $0.table } }
}

/// One JOIN clause.
public struct SQLJoin: Sendable, Hashable {
    /// INNER, LEFT, RIGHT, FULL or CROSS.
    public enum Kind: String, Sendable, Hashable {
        /// `INNER JOIN`, `LEFT JOIN`, `RIGHT JOIN`, `FULL JOIN` or `CROSS JOIN`.
        case inner = "INNER JOIN", left = "LEFT JOIN", right = "RIGHT JOIN", full = "FULL JOIN", cross = "CROSS JOIN"
    }
    /// The join's kind.
    public var kind: Kind
    /// The joined table.
    public var table: String
    /// The joined table's alias.
    public var alias: String?
    /// The ON condition (none for CROSS JOIN).
    public var on: SQLExpressionNode?
}

/// A locking clause: `FOR UPDATE` or `FOR SHARE`, waiting, `NOWAIT` or `SKIP LOCKED`.
public struct SQLLock: Sendable, Hashable {
    /// Which lock the selected rows get.
    public enum Strength: Sendable, Hashable { case update, share }
    /// What happens when a row is locked by another transaction.
    public enum Wait: String, Sendable, Hashable {
        /// Wait for it (the default).
        case wait = ""
        /// Fail at once.
        case noWait = " NOWAIT"
        /// Leave the row out.
        case skipLocked = " SKIP LOCKED"
    }
    /// The lock's strength.
    public var strength: Strength
    /// The behaviour on locked rows.
    public var wait: Wait
}

/// A select in FROM: `(SELECT …) AS "name"`.
public indirect enum SQLDerivedTable: Sendable, Hashable {
    /// The select, its items aliased with the derived table's column names.
    case select(SQLSelect)
}
