extension SQLWriter {
    /// `ALTER TABLE "t" ADD COLUMN … | DROP COLUMN "a" | RENAME COLUMN "a" TO "b"`.
    mutating func alterTable<Model>(_ statement: AlterTable<Model>) throws {
        guard let change = statement.change else { throw SQLRenderError.emptyList("ALTER TABLE") }
        inlineLiterals = true
        scopes = [[Model.tableName]]
        write("ALTER TABLE ")
        identifier(Model.tableName)
        switch change {
        case .add(let c):
            write(" ADD COLUMN ")
            try columnDefinition(c)
        case .drop(let name):
            write(" DROP COLUMN ")
            identifier(name)
        case .rename(let old, let new):
            write(" RENAME COLUMN ")
            identifier(old)
            write(" TO ")
            identifier(new)
        }
    }

    /// `CREATE [UNIQUE] INDEX [IF NOT EXISTS] "name" ON "table" ("a", "b") [WHERE …]`.
    mutating func createIndex(_ statement: CreateIndex) throws {
        let index = statement.index
        write(index.unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ")
        if statement.ifNotExists {
            guard dialect.supportsCreateIndexIfNotExists else {
                throw SQLRenderError.unsupported(feature: "CREATE INDEX IF NOT EXISTS", dialect: dialect.name)
            }
            write("IF NOT EXISTS ")
        }
        identifier(index.name)
        write(" ON ")
        identifier(statement.table)
        write(" (")
        identifiers(index.columns)
        write(")")
        if let condition = index.condition { try partialIndexCondition(condition, table: statement.table) }
    }

    /// ` WHERE cond` of a partial index: PostgreSQL only, columns unqualified, values inline.
    mutating func partialIndexCondition(_ condition: SQLExpressionNode, table: String) throws {
        guard dialect.supportsPartialIndexes else {
            throw SQLRenderError.unsupported(feature: "partial indexes", dialect: dialect.name)
        }
        let (qualify, inline, scopes) = (qualifyColumns, inlineLiterals, self.scopes)
        qualifyColumns = false
        inlineLiterals = true
        self.scopes = [[table]]
        defer {
            qualifyColumns = qualify
            inlineLiterals = inline
            self.scopes = scopes
        }
        write(" WHERE ")
        try expression(condition)
    }

    /// `CREATE TYPE "mood" AS ENUM ('happy', 'sad')`; with `ifNotExists`, that statement in a
    /// `DO` block that ignores `duplicate_object`, under a dollar-quote tag it does not contain.
    mutating func createEnumType(_ statement: CreateEnumType) throws {
        write("CREATE TYPE ")
        identifier(statement.name)
        write(" AS ENUM (" + statement.cases.map(dialect.stringLiteral).joined(separator: ", ") + ")")
        guard statement.ifNotExists else { return }
        if let failure { throw failure }
        guard dialect.needsEnumTypes else {
            throw SQLRenderError.unsupported(
                feature: "CREATE TYPE without failing on an existing type",
                dialect: dialect.name
            )
        }
        var tag = "$$"
        var n = 0
        while sql.contains(tag) {
            n += 1
            tag = "$t\(n)$"
        }
        sql = "DO " + tag + " BEGIN " + sql + "; EXCEPTION WHEN duplicate_object THEN NULL; END " + tag
    }

    /// `DROP TABLE [IF EXISTS] "t"`.
    mutating func dropTable(_ statement: DropTable) {
        write(statement.ifExists ? "DROP TABLE IF EXISTS " : "DROP TABLE ")
        identifier(statement.table)
    }

    /// `DROP TYPE [IF EXISTS] "mood"`; `unsupported` where enums are declared inline.
    mutating func dropType(_ statement: SQLDropType) throws {
        guard dialect.needsEnumTypes else {
            throw SQLRenderError.unsupported(feature: "DROP TYPE (enums are declared inline)", dialect: dialect.name)
        }
        write(statement.ifExists ? "DROP TYPE IF EXISTS " : "DROP TYPE ")
        identifier(statement.name)
    }
}
