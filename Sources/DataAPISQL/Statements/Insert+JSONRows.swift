/// An INSERT whose rows arrive in one JSON text parameter: an array of rows, each an array of
/// the row's values in column order. One statement with one parameter inserts any number of
/// rows, the request carries little more than the values, and RETURNING answers in input
/// order (the rows are inserted in ordinality order).
///
/// ```sql
/// INSERT INTO "users" ("name", "born")
/// SELECT r.v->>0, CAST(r.v->>1 AS date)
/// FROM json_array_elements(CAST(:p1 AS json)) WITH ORDINALITY AS r(v, n) ORDER BY r.n
/// RETURNING "id"
/// ```
///
/// The caller writes each row as JSON: `null`, booleans, numbers (integers exactly, doubles
/// in a round-trip form), and strings for everything else. Blobs are base64 strings;
/// `timestamptz` values carry their UTC offset.
public struct SQLJSONRowsQuery: Sendable, Hashable {
    /// The statement, with one placeholder.
    public var sql: String
    /// The placeholder's name (`p1`).
    public var parameterName: String
    /// The columns each row's values fill, in order.
    public var columns: [SQLColumnSchema]
    /// Each row's values in column order.
    public var rows: [[SQLValue]]
    /// The result columns RETURNING produces (empty without it).
    public var returning: [SQLResultColumn]
}

extension Insert {
    /// The statement as a ``SQLJSONRowsQuery``, returning `returning` columns.
    ///
    /// - Throws: `unsupported` when the dialect has no JSON row source, the statement has an
    ///   upsert or its own RETURNING (use ``renderBatch(_:)``), or a column is an array.
    public func renderJSONRows(_ dialect: SQLDialect, returning keys: [SQLColumnSchema] = []) throws -> SQLJSONRowsQuery {
        guard dialect.supportsJSONRowSource else {
            throw SQLRenderError.unsupported(feature: "INSERT from JSON rows", dialect: dialect.name)
        }
        guard upsert == nil, returning.isEmpty else {
            throw SQLRenderError.unsupported(feature: "INSERT from JSON rows with an upsert or RETURNING", dialect: dialect.name)
        }
        let (columns, encoded, _) = try prepare()
        var w = SQLWriter(dialect: dialect)
        w.scopes = [[Model.tableName]]
        w.write("INSERT INTO ")
        w.identifier(Model.tableName)
        if columns.isEmpty {
            throw SQLRenderError.unsupported(feature: "INSERT from JSON rows without columns", dialect: dialect.name)
        }
        w.write(" (")
        w.identifiers(columns.map(\.name))
        w.write(") SELECT ")
        for (i, c) in columns.enumerated() {
            if i > 0 { w.write(", ") }
            w.write(try Self.jsonValueExpression("r.v->>" + String(i), type: c.type, dialect: dialect))
        }
        w.write(" FROM json_array_elements(CAST(")
        try w.bind(.string("[]"), cast: nil)
        w.write(" AS json)) WITH ORDINALITY AS r(v, n) ORDER BY r.n")
        if !keys.isEmpty {
            w.write(" RETURNING ")
            w.identifiers(keys.map(\.name))
        }
        let q = try w.query
        for row in encoded {
            for (v, c) in zip(row, columns) { try w.check(v, column: .init(table: Model.tableName, name: c.name)) }
        }
        let rows = encoded
        let results = keys.map { SQLResultColumn(label: $0.name, key: $0.key, type: $0.type, valueType: $0.valueType) }
        return SQLJSONRowsQuery(sql: q.sql, parameterName: q.names[0], columns: columns, rows: rows, returning: results)
    }

    /// The SQL that turns one JSON text value into a value of `type`: text types as they
    /// are (the INSERT's assignment checks their length), blobs decoded from base64, the
    /// rest cast to their base type (the column's own precision applies on assignment).
    static func jsonValueExpression(_ text: String, type: SQLColumnType, dialect: SQLDialect) throws -> String {
        switch type {
        case .text, .varchar, .char: return text
        case .blob: return "decode(" + text + ", 'base64')"
        case .decimal: return "CAST(" + text + " AS numeric)"
        case .array: throw SQLRenderError.unsupported(feature: "array columns in an INSERT from JSON rows", dialect: dialect.name)
        case .custom:
            // The type alone, without a column constraint the custom text may go on with.
            var name = try dialect.columnTypeName(type)
            if let cut = SQLColumnType.constraintStart(in: name) { name = String(name[..<cut]).trimmingSuffixSpaces() }
            return "CAST(" + text + " AS " + name + ")"
        default: return "CAST(" + text + " AS " + (try dialect.columnTypeName(type)) + ")"
        }
    }
}
