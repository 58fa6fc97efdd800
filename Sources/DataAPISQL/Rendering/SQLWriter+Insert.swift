extension SQLWriter {
    /// `INSERT INTO "t" ("a", "b") VALUES (…), (…)`, with the upsert and RETURNING clauses;
    /// a row asking for a column's default writes `DEFAULT` there.
    mutating func insert<Model>(_ statement: Insert<Model>) throws {
        let (columns, encoded, defaults) = try statement.prepare(perRowDefault: true)
        scopes = [[Model.tableName]]
        try insert(statement, columns: columns, rows: encoded, defaults: defaults)
    }

    /// The statement for the first row and every row's values, each checked as a bound value
    /// of its column is.
    mutating func insertBatch<Model>(_ statement: Insert<Model>) throws -> SQLBatchQuery {
        guard statement.returning.isEmpty else {
            throw SQLRenderError.unsupported(feature: "RETURNING in a batch", dialect: dialect.name)
        }
        let (columns, encoded, _) = try statement.prepare()
        scopes = [[Model.tableName]]
        try insert(statement, columns: columns, rows: [encoded[0]], defaults: [:])
        let q = try query
        var sets = [q.values]
        sets.reserveCapacity(encoded.count)
        for row in encoded.dropFirst() {
            try checkRow(row, columns: columns, table: Model.tableName)
            sets.append(row)
        }
        return SQLBatchQuery(sql: q.sql, names: q.names, valueSets: sets, columns: columns)
    }

    /// Checks each of `row`'s values as a value of its column in `table`.
    func checkRow(_ row: [SQLValue], columns: [SQLColumnSchema], table: String) throws {
        for (v, c) in zip(row, columns) { try check(v, column: .init(table: table, name: c.name)) }
    }

    /// `INSERT INTO "t" ("a", "b") VALUES …` for `encoded`, then the upsert and RETURNING.
    private mutating func insert<Model>(
        _ statement: Insert<Model>,
        columns: [SQLColumnSchema],
        rows encoded: [[SQLValue]],
        defaults: [Int: Set<Int>]
    ) throws {
        write("INSERT INTO ")
        identifier(Model.tableName)
        if columns.isEmpty {
            allDefaultRows(encoded.count, of: Model.columns)
        } else {
            write(" (")
            identifiers(columns.map(\.name))
            write(") VALUES ")
            for (r, row) in encoded.enumerated() {
                if r > 0 { write(", ") }
                write("(")
                let rowDefaults = defaults[r]
                for (i, c) in columns.enumerated() {
                    if i > 0 { write(", ") }
                    if rowDefaults?.contains(i) == true {
                        write("DEFAULT")
                    } else {
                        try withValueColumn(.init(table: Model.tableName, name: c.name)) {
                            try $0.bind(row[i], cast: c.type)
                        }
                    }
                }
                write(")")
            }
        }
        if let upsert = statement.upsert { try self.upsert(upsert, of: statement) }
        try returning(statement.returning)
    }

    /// `count` rows of defaults only, for a table of `tableColumns`.
    private mutating func allDefaultRows(_ count: Int, of tableColumns: [SQLColumnSchema]) {
        // Every column defaulted: `() VALUES (), ()`, or `DEFAULT VALUES`, which inserts one
        // row only, so several rows name the first column `DEFAULT`.
        if dialect.allDefaultsInsert == .emptyValueLists {
            write(" () VALUES " + Array(repeating: "()", count: count).joined(separator: ", "))
        } else if count == 1 {
            write(" DEFAULT VALUES")
        } else {
            write(" (")
            identifier(tableColumns[0].name)
            write(") VALUES " + Array(repeating: "(DEFAULT)", count: count).joined(separator: ", "))
        }
    }

    /// `INSERT INTO "t" ("a", "b") SELECT …`.
    mutating func insertSelect<Model>(_ statement: InsertSelect<Model>) throws {
        let columns = statement.columns
        let select = statement.select
        guard !columns.isEmpty else { throw SQLRenderError.emptyList("INSERT … SELECT's column list") }
        guard columns.count == select.items.count else {
            throw SQLRenderError.invalidValue(
                "INSERT INTO \(Model.tableName) lists \(columns.count) columns"
                    + " but its query selects \(select.items.count)"
            )
        }
        write("INSERT INTO ")
        identifier(Model.tableName)
        write(" (")
        identifiers(columns)
        write(") ")
        try self.select(select)
    }
}
