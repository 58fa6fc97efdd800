extension SQLWriter {
    /// `INSERT INTO "t" ("a", "b") SELECT r.v->>0, CAST(r.v->>1 AS …) FROM
    /// json_array_elements(CAST(:p1 AS json)) WITH ORDINALITY AS r(v, n) ORDER BY r.n
    /// [RETURNING "k"]`, and the rows the parameter carries.
    mutating func insertJSONRows<Model>(
        _ statement: Insert<Model>,
        returning keys: [SQLColumnSchema]
    ) throws -> SQLJSONRowsQuery {
        guard dialect.supportsJSONRowSource else {
            throw SQLRenderError.unsupported(feature: "INSERT from JSON rows", dialect: dialect.name)
        }
        guard statement.upsert == nil, statement.returning.isEmpty else {
            throw SQLRenderError.unsupported(
                feature: "INSERT from JSON rows with an upsert or RETURNING",
                dialect: dialect.name
            )
        }
        let (columns, encoded, _) = try statement.prepare()
        scopes = [[Model.tableName]]
        write("INSERT INTO ")
        identifier(Model.tableName)
        if columns.isEmpty {
            throw SQLRenderError.unsupported(feature: "INSERT from JSON rows without columns", dialect: dialect.name)
        }
        write(" (")
        identifiers(columns.map(\.name))
        write(") SELECT ")
        for (i, c) in columns.enumerated() {
            if i > 0 { write(", ") }
            write(try jsonValueExpression("r.v->>" + String(i), type: c.type))
        }
        write(" FROM json_array_elements(CAST(")
        try bind(.string("[]"), cast: nil)
        write(" AS json)) WITH ORDINALITY AS r(v, n) ORDER BY r.n")
        if !keys.isEmpty {
            write(" RETURNING ")
            identifiers(keys.map(\.name))
        }
        let q = try query
        for row in encoded {
            try checkRow(row, columns: columns, table: Model.tableName)
        }
        let results = keys.map {
            SQLResultColumn(label: $0.name, key: $0.key, type: $0.type, valueType: $0.valueType)
        }
        return SQLJSONRowsQuery(
            sql: q.sql,
            parameterName: q.names[0],
            columns: columns,
            rows: encoded,
            returning: results
        )
    }

    /// The SQL that turns one JSON text value into a value of `type`: text types as they
    /// are (the INSERT's assignment checks their length), blobs decoded from base64, the
    /// rest cast to their base type (the column's own precision applies on assignment).
    func jsonValueExpression(_ text: String, type: SQLColumnType) throws -> String {
        switch type {
        case .text, .varchar, .char: return text
        case .blob: return "decode(" + text + ", 'base64')"
        case .decimal: return "CAST(" + text + " AS numeric)"
        case .array:
            throw SQLRenderError.unsupported(
                feature: "array columns in an INSERT from JSON rows",
                dialect: dialect.name
            )
        case .custom:
            // The type alone, without a column constraint the custom text may go on with.
            var name = try dialect.columnTypeName(type)
            if let cut = SQLColumnType.constraintStart(in: name) {
                name = String(name[..<cut]).trimmingSuffixSpaces()
            }
            return "CAST(" + text + " AS " + name + ")"
        default: return "CAST(" + text + " AS " + (try dialect.columnTypeName(type)) + ")"
        }
    }
}
