import DataAPIClient
import DataAPISQL

extension DatabaseExecutor {
    /// Inserts every model, of any number, in as few calls as the Data API's 4 MiB request
    /// limit allows, all or nothing. Returns the number of rows inserted.
    ///
    /// ```swift
    /// try await db.insert(contentsOf: users)     // 100,000 users: about ⌈bytes / 4 MiB⌉ calls
    /// ```
    ///
    /// - Each request is packed to its exact size in bytes; a model too large for a request
    ///   alone throws ``QueryError/Code/limitExceeded`` before anything is sent.
    /// - Outside a transaction, an insert that needs several calls runs in a transaction of
    ///   its own, rolled back on any failure; inside ``transaction(retry:isolation:_:)`` it
    ///   joins the caller's.
    /// - PostgreSQL runs one `INSERT … SELECT … FROM json_array_elements(:p1)` per request
    ///   (the rows travel as one JSON parameter); MySQL runs `BatchExecuteStatement`.
    /// - Every model leaves its auto-increment key nil, or every model sets it.
    @discardableResult
    public func insert<M: Table>(contentsOf models: [M]) async throws -> Int {
        guard !models.isEmpty else { return 0 }
        return try await executionContext.bulkInsert(M.insert(models), keys: false).count
    }

    /// Inserts the leading models of `models` that fill whole requests, and returns how many
    /// it sent: the rest, less than one request's worth, are left for the caller to send with
    /// the models that come next (and, at the end, with ``insert(contentsOf:)``). A source
    /// too large to hold in memory streams through at the same number of calls as one
    /// ``insert(contentsOf:)`` of everything, since no request but the very last is partly filled:
    ///
    /// ```swift
    /// var pending: [Reading] = []
    /// for try await chunk in readings {                          // a few MiB of rows at a time
    ///     pending += chunk
    ///     pending.removeFirst(try await tx.insert(fullRequestsOf: pending))
    /// }
    /// try await tx.insert(contentsOf: pending)
    /// ```
    ///
    /// The models sent go in as ``insert(contentsOf:)`` puts them (all or nothing for this
    /// call; inside a transaction, with it). The last request's worth is always held back,
    /// even when it is full, so this returns 0, sending nothing, when the models fill at most
    /// one request. The count is of models sent, whatever the database reports as inserted.
    /// Like ``insert(contentsOf:)``, every model must ask for a column's default
    /// (`OrDefault.default` or nil) or every model must give it a value.
    @discardableResult
    public func insert<M: Table>(fullRequestsOf models: [M]) async throws -> Int {
        guard !models.isEmpty else { return 0 }
        return try await executionContext.bulkInsert(M.insert(models), keys: false, fullRequestsOnly: true).sent
    }

    /// Inserts every model like ``insert(contentsOf:)`` and returns them with their
    /// generated keys filled in, in input order (PostgreSQL: `RETURNING`, at most one key per
    /// 16 bytes of the response limit per call; MySQL: each row's `generatedFields`).
    ///
    /// ```swift
    /// let stored = try await db.insertReturning(contentsOf: users)   // stored[i].id != nil
    /// ```
    public func insertReturning<M: Table>(contentsOf models: [M]) async throws -> [M] {
        guard !models.isEmpty else { return [] }
        let context = executionContext
        let statement = M.insert(models)
        let (plan, _, keys) = try await context.bulkInsert(statement, keys: true)
        guard let key = M.columns.first(where: \.isAutoIncrement), !keys.isEmpty else { return models }
        guard keys.count == models.count, plan.values.count == models.count else {
            throw QueryError(code: .unexpectedResult,
                             message: "\(keys.count) generated keys came back for \(models.count) rows",
                             sql: plan.sql)
        }
        let decoder = StoredModelDecoder(M.self, columns: plan.columns, key: key, context: context, sql: plan.sql)
        var out: [M] = []
        out.reserveCapacity(models.count)
        for (i, values) in plan.values.enumerated() {
            if i % BulkInsertPlan.yieldEvery == BulkInsertPlan.yieldEvery - 1 { await Task.yield() }
            out.append(keys[i].isSQLNull ? models[i] : try decoder.decode(values: values, key: keys[i], index: i))
        }
        return out
    }

    /// Runs an INSERT of one model or many, with its upsert clause: for several rows, in as
    /// few calls as the request limit allows and all or nothing, as
    /// ``insert(contentsOf:)``. An upsert of several rows runs as `BatchExecuteStatement`
    /// on both engines, so each row applies in turn (a later duplicate updates an earlier
    /// one). Returns the rows changed for one row; for several, the rows inserted
    /// (PostgreSQL plain inserts) or the rows sent (parameter sets report no counts).
    ///
    /// ```swift
    /// try await db.execute(User.insert(users).onConflict(User.id).doUpdate(User.name))
    /// ```
    @discardableResult
    public func execute<M: Table>(_ statement: Insert<M>) async throws -> Int64 {
        let context = executionContext
        if statement.models.count <= 1 || statement.hasReturning {
            let response = try await context.execute(try context.render(statement))
            return response.numberOfRecordsUpdated ?? 0
        }
        return Int64(try await context.bulkInsert(statement, keys: false).count)
    }
}
