/// `CREATE [UNIQUE] INDEX [IF NOT EXISTS] "name" ON "table" ("a", "b")`; `IF NOT EXISTS`
/// throws `unsupported` where the dialect lacks it (MySQL 8; see
/// ``SQLDialect/supportsCreateIndexIfNotExists``).
public struct CreateIndex: SQLStatement {
    var index: SQLIndex
    var table: String
    var ifNotExists = false
    /// The statement in `dialect`'s SQL, or the error that keeps it from rendering.
    public func render(_ dialect: SQLDialect) throws -> SQLQuery {
        var w = SQLWriter(dialect: dialect)
        w.write(index.unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ")
        if ifNotExists {
            guard dialect.supportsCreateIndexIfNotExists else {
                throw SQLRenderError.unsupported(feature: "CREATE INDEX IF NOT EXISTS", dialect: dialect.name)
            }
            w.write("IF NOT EXISTS ")
        }
        w.identifier(index.name)
        w.write(" ON ")
        w.identifier(table)
        w.write(" (")
        w.identifiers(index.columns)
        w.write(")")
        if let condition = index.condition { try w.partialIndexCondition(condition, table: table) }
        return try w.query
    }
}

/// PostgreSQL's `CREATE TYPE "mood" AS ENUM ('happy', 'sad')`; MySQL declares enums inline
/// and renders nothing for it (``SQLDialect/needsEnumTypes``). PostgreSQL has no
/// `CREATE TYPE IF NOT EXISTS`: with `ifNotExists`, the statement is one `DO` block that
/// ignores `duplicate_object`, still a single statement for the Data API:
///
/// ```sql
/// DO $$ BEGIN CREATE TYPE "mood" AS ENUM ('happy', 'sad'); EXCEPTION WHEN duplicate_object THEN NULL; END $$
/// ```
///
/// An existing type of that name is kept as it is, even with other cases.
public struct CreateEnumType: SQLStatement {
    var name: String
    var cases: [String]
    var ifNotExists = false
    /// The statement in `dialect`'s SQL, or the error that keeps it from rendering.
    public func render(_ dialect: SQLDialect) throws -> SQLQuery {
        var w = SQLWriter(dialect: dialect)
        w.write("CREATE TYPE ")
        w.identifier(name)
        w.write(" AS ENUM (" + cases.map(dialect.stringLiteral).joined(separator: ", ") + ")")
        let create = try w.query
        guard ifNotExists else { return create }
        guard dialect.needsEnumTypes else {
            throw SQLRenderError.unsupported(feature: "CREATE TYPE without failing on an existing type", dialect: dialect.name)
        }
        // A dollar-quote tag that the body does not contain.
        var tag = "$$"
        var n = 0
        while create.sql.contains(tag) {
            n += 1
            tag = "$t\(n)$"
        }
        let sql = "DO " + tag + " BEGIN " + create.sql + "; EXCEPTION WHEN duplicate_object THEN NULL; END " + tag
        return SQLQuery(sql: sql, names: [], values: [])
    }
}

/// `DROP TABLE [IF EXISTS] "users"`
public struct DropTable: SQLStatement {
    var table: String
    var ifExists: Bool
    /// The statement in `dialect`'s SQL, or the error that keeps it from rendering.
    public func render(_ dialect: SQLDialect) throws -> SQLQuery {
        var w = SQLWriter(dialect: dialect)
        w.write(ifExists ? "DROP TABLE IF EXISTS " : "DROP TABLE ")
        w.identifier(table)
        return try w.query
    }
}

/// PostgreSQL's `DROP TYPE [IF EXISTS] "mood"`, for the enum types
/// ``Table/createStatements(ifNotExists:dialect:)`` creates; `unsupported` where enums are
/// declared inline (MySQL).
///
/// ```swift
/// SQLDropType("mood", ifExists: true)   // DROP TYPE IF EXISTS "mood"
/// ```
public struct SQLDropType: SQLStatement, Hashable {
    /// The type's name.
    public var name: String
    /// `IF EXISTS`.
    public var ifExists: Bool
    /// Drops the type `name`.
    public init(_ name: String, ifExists: Bool = false) {
        self.name = name
        self.ifExists = ifExists
    }
    /// The statement in `dialect`'s SQL, or the error that keeps it from rendering.
    public func render(_ dialect: SQLDialect) throws -> SQLQuery {
        guard dialect.needsEnumTypes else { throw SQLRenderError.unsupported(feature: "DROP TYPE (enums are declared inline)", dialect: dialect.name) }
        var w = SQLWriter(dialect: dialect)
        w.write(ifExists ? "DROP TYPE IF EXISTS " : "DROP TYPE ")
        w.identifier(name)
        return try w.query
    }
}
