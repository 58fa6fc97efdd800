import DataAPIClient
import DataAPISQL

/// What the decoder knows about one result column: from the builder for typed statements
/// (label, coding key, SQL and Swift type), from `columnMetadata` for raw SQL. A class, so
/// reading it for every value costs one reference count, not one per string it holds.
final class DecodingColumn: Sendable {
    /// The name a model property is matched by: the coding key for builder columns, the
    /// label for raw SQL.
    let key: String
    /// The column's label, for messages.
    let label: String?
    /// The declared SQL type, when the builder knows it.
    let sqlType: SQLColumnType?
    /// The database's type name, from metadata.
    let typeName: String?
    /// The Swift type the builder declares (optionality removed).
    let valueType: SQLValueType?
    /// Whether temporal text is UTC (`timestamptz`, MySQL `TIMESTAMP`) rather than wall
    /// time in the configured zone.
    let isUTC: Bool

    init(_ c: SQLResultColumn, index: Int) {
        key = c.key ?? c.label ?? "column \(index + 1)"
        label = c.label
        sqlType = c.type
        typeName = nil
        valueType = c.valueType
        isUTC = c.type == .timestamptz
    }

    init(metadata m: ColumnMetadata, index: Int, engine: DatabaseEngine) {
        let name = m.label ?? m.name ?? "column \(index + 1)"
        key = name
        label = name
        sqlType = nil
        typeName = m.typeName
        valueType = nil
        let t = (m.typeName ?? "").lowercased()
        isUTC =
            t == "timestamptz" || t == "timetz" || t.contains("with time zone")
            || (engine == .mySQL && t == "timestamp")
    }

    /// The type for messages: the builder's SQL type or the database's type name.
    var typeDescription: String {
        if let sqlType { return "\(sqlType)" }
        return typeName ?? "unknown type"
    }
}

/// The columns of one result, with the key-to-index plan a model decoder follows.
final class DecodingPlan: Sendable {
    let columns: [DecodingColumn]
    let keys: [String]
    let sql: String
    let temporal: TemporalCoding

    init(columns: [DecodingColumn], sql: String, temporal: TemporalCoding) {
        self.columns = columns
        keys = columns.map(\.key)
        self.sql = sql
        self.temporal = temporal
    }

    convenience init(query: SQLQuery, temporal: TemporalCoding) {
        self.init(
            columns: query.columns.enumerated().map { DecodingColumn($1, index: $0) }, sql: query.sql,
            temporal: temporal)
    }

    convenience init(metadata: [ColumnMetadata], engine: DatabaseEngine, sql: String, temporal: TemporalCoding) {
        self.init(
            columns: metadata.enumerated().map { DecodingColumn(metadata: $1, index: $0, engine: engine) }, sql: sql,
            temporal: temporal)
    }

    /// The value at `position` of `row` (the result's `rowIndex`th) as `T`; a mismatch is a
    /// `RowDecodingError` naming the column.
    func value<T: Decodable>(_: T.Type, in row: [Field], at position: Int, rowIndex: Int) throws -> T {
        guard position < row.count, position < columns.count else {
            throw RowDecodingError(model: "\(T.self)", property: nil, column: "#\(position + 1)", sqlType: "-",
                arrived: "no column", reason: "the row has \(row.count) fields and the result \(columns.count) columns",
                                   rowIndex: rowIndex, sql: sql)
        }
        let column = columns[position]
        do {
            return try FieldDecoding.value(T.self, row[position], column, temporal)
        } catch let m as FieldMismatch {
            throw RowDecodingError(model: "\(T.self)", property: nil, column: column.label ?? "#\(position + 1)",
                                   sqlType: column.typeDescription, arrived: FieldDecoding.kind(row[position]),
                                   reason: m.reason, rowIndex: rowIndex, sql: sql)
        }
    }

    /// The first column for `key` in `range`.
    func index(of key: String, in range: Range<Int>) -> Int? {
        for i in range where keys[i] == key { return i }
        return nil
    }
}
