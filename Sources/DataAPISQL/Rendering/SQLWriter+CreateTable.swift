extension SQLWriter {
    /// `CREATE TABLE [IF NOT EXISTS] "t" (columns, PRIMARY KEY (…), UNIQUE (…), constraints
    /// [, indexes])`, values written as literals.
    mutating func createTable<Model>(_ statement: CreateTable<Model>) throws {
        inlineLiterals = true
        scopes = [[Model.tableName]]
        write("CREATE TABLE ")
        if statement.ifNotExists { write("IF NOT EXISTS ") }
        identifier(Model.tableName)
        write(" (")
        try list(Model.columns) { try $0.columnDefinition($1) }
        let keys = Model.columns.filter(\.isPrimaryKey).map(\.name)
        if !keys.isEmpty {
            write(", PRIMARY KEY (")
            identifiers(keys)
            write(")")
        }
        for unique in Model.uniqueConstraints {
            write(", UNIQUE (")
            identifiers(unique)
            write(")")
        }
        try tableConstraints(of: Model.self)
        if statement.inlineIndexes && !dialect.supportsCreateIndexIfNotExists {
            for index in Model.indexes {
                if index.condition != nil {
                    throw SQLRenderError.unsupported(feature: "partial indexes", dialect: dialect.name)
                }
                write(index.unique ? ", UNIQUE INDEX " : ", INDEX ")
                identifier(index.name)
                write(" (")
                identifiers(index.columns)
                write(")")
            }
        }
        write(")")
    }

    /// `"name" type [AUTOINC] [NOT NULL] [DEFAULT (…)] [UNIQUE]`. A ``SQLColumnType/custom(_:)``
    /// type whose text goes on into a column constraint (`BIGINT REFERENCES users (id)`,
    /// `INT CHECK (…)`, `CONSTRAINT …`) gets these in front of that constraint, where
    /// every dialect accepts them (MariaDB refuses `NOT NULL` after `REFERENCES`).
    mutating func columnDefinition(_ c: SQLColumnSchema) throws {
        identifier(c.name)
        write(" ")
        var type = try dialect.columnTypeName(c.type)
        var constraint = ""
        if case .custom = c.type, let cut = SQLColumnType.constraintStart(in: type) {
            constraint = " " + type[cut...]
            type = String(type[..<cut]).trimmingSuffixSpaces()
        }
        write(type)
        if c.isAutoIncrement { write(" " + dialect.autoIncrementClause) }
        if !c.isNullable || c.isPrimaryKey { write(" NOT NULL") }
        if let d = c.defaultValue {
            write(" DEFAULT ")
            if case .currentTimestamp = d {
                try expression(d)
            } else {
                write("(")
                try expression(d)
                write(")")
            }
        }
        if c.isUnique { write(" UNIQUE") }
        write(constraint)
    }

    /// The model's foreign keys and checks, after its keys and unique constraints.
    mutating func tableConstraints<Model: Table>(of model: Model.Type) throws {
        for fk in Model.foreignKeys {
            guard !fk.columns.isEmpty, fk.columns.count == fk.referencedColumns.count else {
                throw SQLRenderError.emptyList("a FOREIGN KEY's column lists (of equal length)")
            }
            write(", ")
            constraintName(fk.name)
            write("FOREIGN KEY (")
            identifiers(fk.columns)
            write(") REFERENCES ")
            identifier(fk.referencedTable)
            write(" (")
            identifiers(fk.referencedColumns)
            write(")")
            if let a = fk.onDelete { write(" ON DELETE " + a.rawValue) }
            if let a = fk.onUpdate { write(" ON UPDATE " + a.rawValue) }
        }
        for check in Model.checks {
            write(", ")
            constraintName(check.name)
            write("CHECK (")
            let qualify = qualifyColumns
            qualifyColumns = false
            defer { qualifyColumns = qualify }
            try expression(check.condition)
            write(")")
        }
    }

    /// `CONSTRAINT "name" ` when the constraint has a name.
    mutating func constraintName(_ name: String?) {
        guard let name else { return }
        write("CONSTRAINT ")
        identifier(name)
        write(" ")
    }
}
