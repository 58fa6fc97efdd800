extension SQLWriter {
    /// PostgreSQL's ` ON CONFLICT (…) [WHERE …] DO UPDATE SET … | DO NOTHING` or MySQL's
    /// ` [AS "new"] ON DUPLICATE KEY UPDATE …`.
    mutating func upsert<Model>(_ upsert: Insert<Model>.Upsert, of statement: Insert<Model>) throws {
        switch dialect.upsert {
        case .onConflict:
            try onConflict(upsert, of: statement)
        case .onDuplicateKeyUpdate:
            try onDuplicateKeyUpdate(upsert, of: statement)
        case .none:
            throw SQLRenderError.unsupported(feature: "upsert", dialect: dialect.name)
        }
    }

    /// ` ON CONFLICT ("a") [WHERE …] DO UPDATE SET "b" = … | DO NOTHING`.
    private mutating func onConflict<Model>(_ upsert: Insert<Model>.Upsert, of statement: Insert<Model>) throws {
        let conflictTarget = statement.conflictTarget
        guard !conflictTarget.isEmpty || upsert == .nothing else {
            throw SQLRenderError.emptyList("ON CONFLICT … DO UPDATE's conflict target")
        }
        write(" ON CONFLICT")
        if !conflictTarget.isEmpty {
            write(" (")
            identifiers(conflictTarget)
            write(")")
        }
        if let condition = statement.conflictCondition {
            // As the index declares it, so PostgreSQL can match the two: unqualified, literals inline.
            let (qualify, inline) = (qualifyColumns, inlineLiterals)
            qualifyColumns = false
            inlineLiterals = true
            defer {
                qualifyColumns = qualify
                inlineLiterals = inline
            }
            write(" WHERE ")
            try expression(condition)
        }
        if upsert != .nothing {
            let list = Insert<Model>.assignments(upsert)
            guard !list.isEmpty else { throw SQLRenderError.emptyList("DO UPDATE SET") }
            write(" DO UPDATE SET ")
            try assignments(list)
        } else {
            write(" DO NOTHING")
        }
    }

    /// ` [AS "new"] ON DUPLICATE KEY UPDATE "b" = …`; DO NOTHING assigns a key column to itself.
    private mutating func onDuplicateKeyUpdate<Model>(
        _ upsert: Insert<Model>.Upsert,
        of statement: Insert<Model>
    ) throws {
        if statement.conflictCondition != nil {
            throw SQLRenderError.unsupported(feature: "a conflict target with WHERE", dialect: dialect.name)
        }
        if let alias = dialect.upsertRowAlias {
            write(" AS ")
            identifier(alias)
        }
        // DO NOTHING: assign a key column to itself, which keeps the row and, unlike
        // INSERT IGNORE, does not hide other errors.
        var list = Insert<Model>.assignments(upsert)
        if upsert == .nothing {
            let key = statement.conflictTarget.first
                ?? Model.columns.first { $0.isPrimaryKey }?.name
                ?? Model.columns[0].name
            list = [.init(name: key, value: .column(table: nil, name: key))]
        }
        guard !list.isEmpty else { throw SQLRenderError.emptyList("ON DUPLICATE KEY UPDATE") }
        write(" ON DUPLICATE KEY UPDATE ")
        try assignments(list)
    }

    /// `"a" = x, "b" = y`.
    private mutating func assignments<Model>(_ list: [Insert<Model>.Assignment]) throws {
        try self.list(list) { w, a in
            w.identifier(a.name)
            w.write(" = ")
            try w.expression(a.value)
        }
    }
}
