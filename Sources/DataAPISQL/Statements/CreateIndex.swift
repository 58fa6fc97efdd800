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
        try w.createIndex(self)
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
        try w.createEnumType(self)
        return try w.query
    }
}

/// `DROP TABLE [IF EXISTS] "users"`
public struct DropTable: SQLStatement {
    var table: String
    var ifExists: Bool
    /// The statement in `dialect`'s SQL, or the error that keeps it from rendering.
    public func render(_ dialect: SQLDialect) throws -> SQLQuery {
        var w = SQLWriter(dialect: dialect)
        w.dropTable(self)
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
        var w = SQLWriter(dialect: dialect)
        try w.dropType(self)
        return try w.query
    }
}
