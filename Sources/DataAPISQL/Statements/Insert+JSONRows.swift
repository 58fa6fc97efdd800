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
    public func renderJSONRows(
        _ dialect: SQLDialect,
        returning keys: [SQLColumnSchema] = []
    ) throws -> SQLJSONRowsQuery {
        var w = SQLWriter(dialect: dialect)
        return try w.insertJSONRows(self, returning: keys)
    }
}
