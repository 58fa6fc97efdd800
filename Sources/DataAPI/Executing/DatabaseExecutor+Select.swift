import DataAPIClient
import DataAPISQL

extension DatabaseExecutor {
    /// Every row of a whole-model select, as models.
    ///
    /// ```swift
    /// let admins: [User] = try await db.fetchAll(User.select().where(User.role.eq(.admin)))
    /// ```
    public func fetchAll<M, R: Table>(_ select: Select<M, R>) async throws -> [R] {
        let (records, plan) = try await rows(select)
        return try RowDecoder(plan: plan, model: R.self).decodeAll(R.self, records)
    }

    /// Every row of a join selected with `joined(with:on:)`, as pairs of models.
    public func fetchAll<M, A: Table, B: Table>(_ select: Select<M, (A, B)>) async throws -> [(A, B)] {
        let (records, plan) = try await rows(select)
        let (first, second) = Self.pairDecoders(plan, A.self, B.self)
        return try records.enumerated().map { i, row in
            (try first.decode(A.self, row: row, index: i), try second.decode(B.self, row: row, index: i))
        }
    }

    /// Every row of a `leftJoined(with:on:)` select: the second model is nil where the join
    /// found no row (its primary key, or every column, is NULL).
    public func fetchAll<M, A: Table, B: Table>(_ select: Select<M, (A, B?)>) async throws -> [(A, B?)] {
        let (records, plan) = try await rows(select)
        let (first, second) = Self.pairDecoders(plan, A.self, B.self)
        let split = A.columns.count
        let keys = B.columns.enumerated().filter(\.element.isPrimaryKey).map { split + $0.offset }
        let probe = keys.isEmpty ? Array(split..<plan.columns.count) : keys
        return try records.enumerated().map { i, row in
            let a = try first.decode(A.self, row: row, index: i)
            let missing = probe.allSatisfy { $0 < row.count && row[$0].isSQLNull }
            return (a, missing ? nil : try second.decode(B.self, row: row, index: i))
        }
    }

    /// Every row of a select of chosen columns or expressions, typed by them: a value for one
    /// item, a tuple for several.
    ///
    /// ```swift
    /// let names: [String] = try await db.fetchAll(User.select(User.name))
    /// let pairs: [(Int64?, String)] = try await db.fetchAll(User.select(User.id, User.name))
    /// ```
    public func fetchAll<M, each V: SQLBindable & Decodable>(
        _ select: Select<M, (repeat each V)>
    ) async throws -> [(repeat each V)] {
        let (records, plan) = try await rows(select)
        var out: [(repeat each V)] = []
        out.reserveCapacity(records.count)
        for (i, row) in records.enumerated() {
            out.append(try Self.values(row, index: i, plan: plan, as: (repeat each V).self))
        }
        return out
    }

    /// The first row as a model, or nil. A select without a limit gets `LIMIT 1`.
    public func fetchOne<M, R: Table>(_ select: Select<M, R>) async throws -> R? {
        try await fetchAll(Self.first(select)).first
    }

    /// The first pair of a join, or nil.
    public func fetchOne<M, A: Table, B: Table>(_ select: Select<M, (A, B)>) async throws -> (A, B)? {
        try await fetchAll(Self.first(select)).first
    }

    /// The first pair of a left join, or nil.
    public func fetchOne<M, A: Table, B: Table>(_ select: Select<M, (A, B?)>) async throws -> (A, B?)? {
        try await fetchAll(Self.first(select)).first
    }

    /// The first row of chosen columns, or nil when there is none.
    public func fetchOne<M, each V: SQLBindable & Decodable>(
        _ select: Select<M, (repeat each V)>
    ) async throws -> (repeat each V)? {
        let (records, plan) = try await rows(Self.first(select))
        guard let row = records.first else { return nil }
        let value: (repeat each V) = try Self.values(row, index: 0, plan: plan, as: (repeat each V).self)
        return value
    }

    /// One value: an aggregate or a single column of a single row. `count()` gives an
    /// `Int64`, `avg()` a `Decimal?` or `Double?`, as the builder declares.
    ///
    /// ```swift
    /// let n: Int64 = try await db.fetchValue(User.select(countAll()))
    /// ```
    /// - Throws: ``QueryError/Code/noRows`` when the result is empty.
    public func fetchValue<M, V: SQLBindable & Decodable>(_ select: Select<M, V>) async throws -> V {
        let (records, plan) = try await rows(Self.first(select))
        guard let row = records.first else {
            throw QueryError(code: .noRows, message: "the select returned no row for its value", sql: plan.sql)
        }
        return try Self.values(row, index: 0, plan: plan, as: V.self)
    }

    /// Whether the select has any row: `SELECT EXISTS (…)`.
    public func exists<M, R>(_ select: Select<M, R>) async throws -> Bool {
        let context = executionContext
        let query = try context.rendering(select.renderExists)
        let response = try await context.execute(query, readOnly: true)
        guard let row = response.records?.first, row.count == 1 else {
            throw QueryError(code: .unexpectedResult, message: "EXISTS returned no value", sql: query.sql)
        }
        return try Self.values(
            row, index: 0, plan: DecodingPlan(query: query, temporal: context.temporal), as: Bool.self)
    }

    // MARK: Running and decoding

    /// Renders and runs a select; its records and the plan to decode them with.
    func rows<M, R>(_ select: Select<M, R>) async throws -> ([[Field]], DecodingPlan) {
        let context = executionContext
        let query = try context.render(select)
        let response = try await context.execute(query, readOnly: true)
        let plan = DecodingPlan(query: query, temporal: context.temporal)
        return (response.records ?? [], plan)
    }

    static func first<M, R>(_ select: Select<M, R>) -> Select<M, R> {
        select.ast.limit == nil ? select.limit(1) : select
    }

    /// One row as a tuple of values, by position.
    static func values<each V: Decodable>(
        _ row: [Field], index: Int, plan: DecodingPlan, as: (repeat each V).Type
    ) throws -> (repeat each V) {
        var position = 0
        func next<T: Decodable>(_: T.Type) throws -> T {
            defer { position += 1 }
            return try plan.value(T.self, in: row, at: position, rowIndex: index)
        }
        return (repeat try next((each V).self))
    }

    /// Decoders for the two models of a joined row: the first model's columns, then the other's.
    static func pairDecoders<A: Table, B: Table>(
        _ plan: DecodingPlan, _: A.Type, _: B.Type
    ) -> (RowDecoder, RowDecoder) {
        let split = A.columns.count
        return (RowDecoder(plan: plan, range: 0..<split, model: A.self),
                RowDecoder(plan: plan, range: split..<plan.columns.count, model: B.self))
    }
}
