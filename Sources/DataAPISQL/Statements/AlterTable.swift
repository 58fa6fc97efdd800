/// One `ALTER TABLE` change to a model's table, the building block of migrations: add, drop
/// or rename a column. (Indexes: ``Table/createIndex(_:ifNotExists:)``.)
///
/// ```swift
/// User.alterTable().addColumn(User.nickname)
/// // ALTER TABLE "users" ADD COLUMN "nickname" varchar(50)
/// ```
public struct AlterTable<Model: Table>: SQLStatement {
    enum Change: Sendable, Hashable {
        case add(SQLColumnSchema), drop(String), rename(String, String)
    }
    var change: Change?

    /// `ADD COLUMN` with the column's definition as `CREATE TABLE` writes it (type, NOT NULL,
    /// DEFAULT, UNIQUE). A NOT NULL column without a default fails on a table with rows.
    public func addColumn<V>(_ column: Column<Model, V>) -> Self { AlterTable(change: .add(column.schema)) }
    /// `DROP COLUMN "name"`, by name, since the model may no longer declare it:
    /// `Member.alterTable().dropColumn("mail")` → `ALTER TABLE "members" DROP COLUMN "mail"`.
    public func dropColumn(_ name: String) -> Self { AlterTable(change: .drop(name)) }
    /// `RENAME COLUMN "old" TO "new"` (MySQL 8, MariaDB 10.5):
    /// `Member.alterTable().renameColumn("email", to: "mail")` →
    /// `ALTER TABLE "members" RENAME COLUMN "email" TO "mail"`.
    public func renameColumn(_ old: String, to new: String) -> Self { AlterTable(change: .rename(old, new)) }

    /// The statement in `dialect`'s SQL, or the error that keeps it from rendering.
    public func render(_ dialect: SQLDialect) throws -> SQLQuery {
        var w = SQLWriter(dialect: dialect)
        try w.alterTable(self)
        return try w.query
    }
}

extension Table {
    /// An `ALTER TABLE` of this model's table; choose the change: `.addColumn(…)`,
    /// `.dropColumn(…)`, `.renameColumn(…)`.
    public static func alterTable() -> AlterTable<Self> { AlterTable(change: nil) }

    /// `CREATE [UNIQUE] INDEX [IF NOT EXISTS] "name" ON "table" (…)` for an index added later:
    /// `User.createIndex(SQLIndex("users_email", on: ["email"]))`.
    /// `ifNotExists` throws `unsupported` on MySQL 8, which lacks it.
    public static func createIndex(_ index: SQLIndex, ifNotExists: Bool = false) -> CreateIndex {
        CreateIndex(index: index, table: tableName, ifNotExists: ifNotExists)
    }
}
