import DataAPIClient
import DataAPISQL

extension DatabaseExecutor {
    /// Runs raw SQL whose interpolated values are bound as parameters; the rows changed.
    ///
    /// ```swift
    /// try await db.execute("UPDATE users SET name = \(name) WHERE id = \(id)")
    /// // UPDATE users SET name = :p1 WHERE id = :p2
    /// ```
    /// Text can only be spliced in with `\(unsafeRaw:)`.
    @discardableResult
    public func execute(_ sql: SQL) async throws -> Int64 {
        let context = executionContext
        return try await context.execute(try context.render(sql)).numberOfRecordsUpdated ?? 0
    }

    /// Runs raw SQL with `:name` placeholders bound from `parameters`; the rows changed.
    ///
    /// ```swift
    /// try await db.execute("DELETE FROM users WHERE id = :id", parameters: ["id": 42])
    /// ```
    @discardableResult
    public func execute(_ sql: String, parameters: [String: any SQLBindable]) async throws -> Int64 {
        let context = executionContext
        return try await context.execute(try Self.query(sql, parameters)).numberOfRecordsUpdated ?? 0
    }

    /// Runs raw SQL with bound interpolations and returns its rows with column metadata.
    ///
    /// ```swift
    /// let rows = try await db.fetch("SELECT id, name FROM users WHERE name LIKE \("k%")")
    /// for row in rows { print(try row["name", as: String.self]) }
    /// ```
    public func fetch(_ sql: SQL) async throws -> RowSet {
        let context = executionContext
        return try await run(try context.render(sql))
    }

    /// Runs raw SQL with `:name` placeholders bound from `parameters` and returns its rows.
    public func fetch(_ sql: String, parameters: [String: any SQLBindable]) async throws -> RowSet {
        try await run(try Self.query(sql, parameters))
    }

    /// Every row of raw SQL decoded into `T` by column label.
    ///
    /// ```swift
    /// struct Named: Decodable { var id: Int64; var name: String }
    /// let people = try await db.fetchAll(Named.self, "SELECT id, name FROM users ORDER BY id")
    /// ```
    public func fetchAll<T: Decodable>(_ type: T.Type, _ sql: SQL) async throws -> [T] {
        try await fetch(sql).decode(as: T.self)
    }

    /// The first row of raw SQL decoded into `T`, or nil.
    public func fetchOne<T: Decodable>(_ type: T.Type, _ sql: SQL) async throws -> T? {
        try await fetch(sql).rows.first?.decode(as: T.self)
    }

    func run(_ query: SQLQuery) async throws -> RowSet {
        let context = executionContext
        let response = try await context.execute(query, metadata: true)
        let metadata = response.columnMetadata ?? []
        let plan = DecodingPlan(
            metadata: metadata, engine: context.configuration.engine, sql: query.sql, temporal: context.temporal)
        let columns = RowColumns(metadata: metadata, plan: plan)
        let rows = (response.records ?? []).enumerated().map { Row(fields: $1, columns: columns, index: $0) }
        return RowSet(
            rows: rows, columnMetadata: metadata, numberOfRecordsUpdated: response.numberOfRecordsUpdated ?? 0,
            generatedFields: response.generatedFields ?? [])
    }

    /// SQL text with named parameters, each value bound as its Swift type's SQL type.
    static func query(_ sql: String, _ parameters: [String: any SQLBindable]) throws -> SQLQuery {
        var names: [String] = []
        var values: [SQLValue] = []
        for (name, value) in parameters.sorted(by: { $0.key < $1.key }) {
            names.append(name)
            do { values.append(try bind(value)) } catch { throw QueryError.wrap(error, sql: sql) }
        }
        return SQLQuery(sql: sql, names: names, values: values)
    }

    static func bind<V: SQLBindable>(_ value: V) throws -> SQLValue { try value.sqlValue(for: V.defaultSQLType) }
}
