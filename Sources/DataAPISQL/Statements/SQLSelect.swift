/// The select tree.
public struct SQLSelect: Sendable, Hashable {
    public var distinct = false
    public var items: [SQLSelectItem]
    public var table: String
    public var alias: String?
    public var joins: [SQLJoin] = []
    public var condition: SQLExpressionNode?
    public var groupBy: [SQLExpressionNode] = []
    public var having: SQLExpressionNode?
    public var orderBy: [SQLOrdering] = []
    public var limit: Int?
    public var offset: Int?

    /// The names columns may be qualified with in this select: the table (or its alias)
    /// and every joined table (or its alias).
    var scope: [String] { [alias ?? table] + joins.map { $0.alias ?? $0.table } }
}

/// One JOIN clause.
public struct SQLJoin: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable { case inner = "INNER JOIN", left = "LEFT JOIN" }
    public var kind: Kind
    public var table: String
    public var alias: String?
    public var on: SQLExpressionNode
}
