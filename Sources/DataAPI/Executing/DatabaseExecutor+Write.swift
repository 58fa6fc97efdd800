import DataAPIClient
import DataAPISQL

extension DatabaseExecutor {
    /// Runs an update, delete, upsert, DDL or any other statement; the number of rows it
    /// changed (as the service counts them: matched rows on MySQL).
    ///
    /// ```swift
    /// let n = try await db.execute(User.update().set(User.name, to: "Ken").where(User.id.eq(1)))
    /// ```
    @discardableResult
    public func execute(_ statement: some SQLStatement) async throws -> Int64 {
        let context = executionContext
        let response = try await context.execute(try context.render(statement))
        return response.numberOfRecordsUpdated ?? 0
    }

    /// Inserts one model and returns it as stored, its generated key filled in: PostgreSQL
    /// returns the whole row (`RETURNING`, so defaults come back too); MySQL reports the
    /// auto-increment key in `generatedFields`, which is set on the model.
    ///
    /// ```swift
    /// let ken = try await db.insert(User(id: nil, name: "ken"))   // ken.id != nil
    /// ```
    @discardableResult
    public func insert<M: Table>(_ model: M) async throws -> M {
        try await insert(M.insert(model))
    }

    /// Runs a one-row insert (with its upsert clause, if any) and returns the row as stored.
    /// On MySQL, an upsert that updated an existing row reports no key; the model's own key
    /// is kept then.
    @discardableResult
    public func insert<M: Table>(_ statement: Insert<M>) async throws -> M {
        guard statement.models.count == 1, let model = statement.models.first else {
            throw QueryError(
                code: .invalidStatement,
                message:
                    "insert(_:) takes a one-row INSERT; use insert(contentsOf:) for \(statement.models.count) rows",
                sql: nil)
        }
        let context = executionContext
        if context.core.dialect.supportsReturning {
            let query = try context.render(statement.returningModel())
            let response = try await context.execute(query)
            guard let row = response.records?.first else {
                // ON CONFLICT DO NOTHING skipped the row.
                return model
            }
            let decoder = RowDecoder(plan: DecodingPlan(query: query, temporal: context.temporal), model: M.self)
            return try decoder.decode(M.self, row: row, index: 0)
        }
        let query = try context.render(statement)
        let response = try await context.execute(query)
        guard let key = M.columns.firstIndex(where: \.isAutoIncrement),
              case .longValue(let id)? = response.generatedFields?.first, id != 0 else { return model }
        return try Self.model(model, setting: key, to: .longValue(id), context: context, sql: query.sql)
    }

    /// Creates the model's table: PostgreSQL enum types, the table, its indexes.
    public func create<M: Table>(_ table: M.Type, ifNotExists: Bool = false) async throws {
        for statement in M.createStatements(ifNotExists: ifNotExists, dialect: dialect) { try await execute(statement) }
    }

    /// Drops the model's table (`DROP TABLE [IF EXISTS]`). PostgreSQL enum types it created stay.
    public func drop<M: Table>(_ table: M.Type, ifExists: Bool = false) async throws {
        try await execute(M.dropTable(ifExists: ifExists))
    }

    /// `model` with column `index` (its auto-increment key) set to `field`, decoded through
    /// the row decoder from the model's own values, so the result is what a select would read back.
    static func model<M: Table>(_ model: M, setting index: Int, to field: Field, context: ExecutionContext,
                                sql: String) throws -> M {
        var values: [SQLValue]
        do { values = try M.columnValues(of: model) } catch { throw QueryError.wrap(error, sql: sql) }
        let decoder = StoredModelDecoder(M.self, columns: M.columns, key: M.columns[index], context: context, sql: sql)
        return try decoder.decode(values: values, key: field, index: 0)
    }
}

/// Models as a select would read them back after an insert: the values they were inserted
/// with, in `columns` order, and the key the database generated, through one decoder. A
/// column the insert left out (a nil auto-increment key, or a nil column with a default)
/// reads as NULL, as the model had it; the key reads as generated.
struct StoredModelDecoder<M: Table> {
    let decoder: RowDecoder
    /// For each of the model's columns, its position among the inserted values, or nil.
    let positions: [Int?]
    /// Where the key goes in a row.
    let keyIndex: Int?
    let temporal: TemporalCoding

    init(_: M.Type, columns: [SQLColumnSchema], key: SQLColumnSchema, context: ExecutionContext, sql: String) {
        var byName: [String: Int] = [:]
        for (i, c) in columns.enumerated() where byName[c.name] == nil { byName[c.name] = i }
        positions = M.columns.map { byName[$0.name] }
        keyIndex = M.columns.firstIndex { $0.name == key.name }
        let results = M.columns.map {
            SQLResultColumn(label: $0.name, key: $0.key, type: $0.type, valueType: $0.valueType)
        }
        let query = SQLQuery(sql: sql, names: [], values: [], columns: results)
        let plan = DecodingPlan(query: query, temporal: context.temporal)
        decoder = RowDecoder(plan: plan, model: M.self)
        temporal = context.temporal
    }

    /// The model inserted with `values`, its key set to `key`.
    func decode(values: [SQLValue], key: Field, index: Int) throws -> M {
        var row = positions.map { $0.map { FieldMapping.field(values[$0], temporal: temporal) } ?? Field.null }
        if let keyIndex { row[keyIndex] = key }
        return try decoder.decode(M.self, row: row, index: index)
    }
}
