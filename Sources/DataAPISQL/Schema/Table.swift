/// A table model: a plain `Codable`, `Sendable` struct with typed column descriptors.
///
/// ```swift
/// struct User: Table {
///     var id: Int64?
///     var name: String
///     static let tableName = "users"
///     static let id = Column<User, Int64?>(CodingKeys.id).primaryKey().autoIncrement()
///     static let name = Column<User, String>(CodingKeys.name, type: .varchar(255))
///     static let columns: [SQLColumnSchema] = [id.schema, name.schema]
/// }
/// ```
///
/// A descriptor takes one of the model's own coding keys, so a key of another table does
/// not compile. The `columns` list is checked when the model is first encoded or decoded:
/// a coding key with no entry, or a descriptor whose Swift type differs from the
/// property's, is a typed error at that first use rather than a silently dropped column.
public protocol Table: Codable, Sendable {
    /// The model's coding keys (synthesized or declared); descriptors are built from them.
    associatedtype CodingKeys: CodingKey
    /// The table's name in SQL (`users`).
    static var tableName: String { get }
    /// Every column in table order: the list inserts, selects and DDL use.
    static var columns: [SQLColumnSchema] { get }
    /// Multi-column unique constraints, by column name.
    static var uniqueConstraints: [[String]] { get }
    /// Secondary indexes.
    static var indexes: [SQLIndex] { get }
    /// FOREIGN KEY constraints, declared in `CREATE TABLE`.
    static var foreignKeys: [SQLForeignKey] { get }
    /// CHECK constraints, declared in `CREATE TABLE`.
    static var checks: [SQLCheck] { get }
}

extension Table {
    /// None by default.
    public static var uniqueConstraints: [[String]] { [] }
    /// None by default.
    public static var indexes: [SQLIndex] { [] }
    /// None by default.
    public static var foreignKeys: [SQLForeignKey] { [] }
    /// None by default.
    public static var checks: [SQLCheck] { [] }
}

/// A secondary index on a table's columns.
public struct SQLIndex: Sendable, Hashable {
    /// The index's name.
    public var name: String
    /// The indexed columns, by name.
    public var columns: [String]
    /// A unique index.
    public var unique: Bool
    /// PostgreSQL's partial index: only rows where this holds (`CREATE INDEX … WHERE …`).
    public var condition: SQLExpressionNode?
    /// An index named `name` on `columns`.
    public init(_ name: String, on columns: [String], unique: Bool = false) {
        self.name = name
        self.columns = columns
        self.unique = unique
    }
    /// PostgreSQL only: a partial index of the rows where `condition` holds (columns written
    /// unqualified, values as literals); MySQL throws `unsupported`.
    ///
    /// ```swift
    /// SQLIndex("users_live_email", on: ["email"], unique: true, where: User.deleted.eq(false))
    /// // CREATE UNIQUE INDEX "users_live_email" ON "users" ("email") WHERE ("deleted" = FALSE)
    /// ```
    public init(
        _ name: String,
        on columns: [String],
        unique: Bool = false,
        where condition: some SQLExpressible<Bool>
    ) {
        self.init(name, on: columns, unique: unique)
        self.condition = condition.sqlNode
    }
}
