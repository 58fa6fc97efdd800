/// A FOREIGN KEY constraint of a model's table, declared with typed columns: the
/// referencing and referenced columns must hold the same Swift type.
///
/// ```swift
/// static let foreignKeys = [SQLForeignKey(Book.authorId, references: Author.id, onDelete: .cascade)]
/// // CREATE TABLE "books" (…, FOREIGN KEY ("author_id") REFERENCES "authors" ("id") ON DELETE CASCADE)
/// ```
public struct SQLForeignKey: Sendable, Hashable {
    /// What happens to referencing rows when the referenced row is deleted or its key updated.
    public enum Action: String, Sendable, Hashable {
        /// `CASCADE`, `SET NULL`, `RESTRICT` or `NO ACTION`.
        case cascade = "CASCADE", setNull = "SET NULL", restrict = "RESTRICT", noAction = "NO ACTION"
    }
    /// `CONSTRAINT "name"`, if given; else the database names it.
    public var name: String?
    /// The referencing columns, by name.
    public var columns: [String]
    /// The referenced table.
    public var referencedTable: String
    /// The referenced columns, by name (a primary key or unique key of that table).
    public var referencedColumns: [String]
    /// `ON DELETE …`, if given.
    public var onDelete: Action?
    /// `ON UPDATE …`, if given.
    public var onUpdate: Action?

    /// A foreign key from `column` to `referenced`, of the same Swift type.
    public init<M: Table, N: Table, V: SQLBindable, W: SQLBindable>(
        _ column: Column<M, V>, references referenced: Column<N, W>, onDelete: Action? = nil, onUpdate: Action? = nil,
        name: String? = nil
    ) where V.SQLBase == W.SQLBase {
        self.init(columns: [column.name], references: N.tableName, columns: [referenced.name], onDelete: onDelete,
                  onUpdate: onUpdate, name: name)
    }

    /// A foreign key by names, for composite keys:
    /// `SQLForeignKey(columns: ["a", "b"], references: "t", columns: ["x", "y"])`.
    public init(
        columns: [String],
        references table: String,
        columns referencedColumns: [String],
        onDelete: Action? = nil,
        onUpdate: Action? = nil,
        name: String? = nil
    ) {
        self.name = name
        self.columns = columns
        referencedTable = table
        self.referencedColumns = referencedColumns
        self.onDelete = onDelete
        self.onUpdate = onUpdate
    }
}

/// A CHECK constraint of a model's table: a boolean expression over its columns, rendered
/// with unqualified column names and values as literals (DDL takes no parameters).
///
/// ```swift
/// static let checks = [SQLCheck(Book.pages.gt(0), name: "pages_positive")]
/// // CREATE TABLE "books" (…, CONSTRAINT "pages_positive" CHECK ("pages" > 0))
/// ```
public struct SQLCheck: Sendable, Hashable {
    /// `CONSTRAINT "name"`, if given.
    public var name: String?
    /// The condition.
    public var condition: SQLExpressionNode

    /// A check of `condition`.
    public init(_ condition: some SQLExpressible<Bool>, name: String? = nil) {
        self.condition = condition.sqlNode
        self.name = name
    }
}
