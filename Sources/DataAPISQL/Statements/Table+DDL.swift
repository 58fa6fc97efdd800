extension Table {
    /// The CREATE TABLE statement alone:
    /// `Post.createTable(ifNotExists: true)` → `CREATE TABLE IF NOT EXISTS "posts" (…, PRIMARY KEY (…))`.
    public static func createTable(ifNotExists: Bool = false) -> CreateTable<Self> {
        CreateTable(ifNotExists: ifNotExists)
    }

    /// Everything the table needs, in order, for `dialect`: PostgreSQL enum types, the table,
    /// its indexes. With `ifNotExists`, running them again changes nothing and does not fail:
    /// - enum types are created in a `DO` block that ignores an existing type (PostgreSQL
    ///   has no `CREATE TYPE IF NOT EXISTS`), see ``CreateEnumType``;
    /// - indexes are `CREATE INDEX IF NOT EXISTS` where the dialect has it (PostgreSQL);
    ///   MySQL 8 lacks it (MariaDB has it), so the MySQL dialect declares them inside
    ///   `CREATE TABLE IF NOT EXISTS` instead, which both engines accept. Either way an
    ///   index added to the model after the table exists is not created: that is a migration
    ///   to run separately.
    public static func createStatements(ifNotExists: Bool = false, dialect: SQLDialect) -> [any SQLStatement] {
        var out: [any SQLStatement] = []
        if dialect.needsEnumTypes {
            var seen = Set<String>()
            for c in columns {
                var t = c.type
                if case .array(let e) = t { t = e }
                if case .enumeration(let name, let cases) = t, seen.insert(name).inserted {
                    out.append(CreateEnumType(name: name, cases: cases, ifNotExists: ifNotExists))
                }
            }
        }
        let inline = ifNotExists && !dialect.supportsCreateIndexIfNotExists
        out.append(CreateTable<Self>(ifNotExists: ifNotExists, inlineIndexes: inline))
        if !inline { out += indexes.map { CreateIndex(index: $0, table: tableName, ifNotExists: ifNotExists) } }
        return out
    }

    /// `DROP TABLE [IF EXISTS] "users"`: `Post.dropTable(ifExists: true)` → `DROP TABLE IF EXISTS "posts"`.
    public static func dropTable(ifExists: Bool = false) -> DropTable {
        DropTable(table: tableName, ifExists: ifExists)
    }
}
