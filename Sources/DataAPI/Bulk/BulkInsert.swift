import DataAPIClient
import DataAPISQL

/// An insert of many rows, planned as the fewest calls the request limit allows.
///
/// Two shapes, chosen by dialect and statement:
/// - **JSON rows** (PostgreSQL, plain inserts): one `ExecuteStatement` per request whose only
///   parameter is a JSON array of rows (``SQLJSONRowsQuery``). The database runs one
///   statement per request, and `RETURNING` gives generated keys in input order.
/// - **Parameter sets** (MySQL, and upserts on both engines, which must apply row by row):
///   one `BatchExecuteStatement` per request; MySQL reports each row's generated key.
///
/// Each row's share of a request is measured in the exact bytes the client will send
/// (``RequestJSON``), so requests are packed to just under the limit.
struct BulkInsertPlan: Sendable {
    enum Shape: Sendable {
        case jsonRows(rows: JSONRows, parameterName: String, returning: [SQLResultColumn])
        case parameterSets(EncodedParameterSets)
    }

    let sql: String
    let shape: Shape
    /// Each row's bytes in a request (separators excluded).
    let sizes: [Int]
    /// The columns each row's values fill, and the values, in that order (kept only when
    /// generated keys are asked for, which are decoded with them; otherwise empty, so that a
    /// large batch's values are freed while its requests are sent).
    let columns: [SQLColumnSchema]
    let values: [[SQLValue]]
    /// The number of rows.
    var count: Int { sizes.count }

    /// Plans the insert of `statement`'s rows; `keys` asks for generated keys.
    /// Long loops give the cooperative thread pool back every ``yieldEvery`` rows, so that a
    /// large insert does not hold a thread other tasks need for seconds.
    static let yieldEvery = 2_048

    static func make<M: Table>(_ statement: Insert<M>, keys: Bool,
                               context: ExecutionContext) async throws -> BulkInsertPlan {
        let dialect = context.core.dialect
        if dialect.supportsJSONRowSource && !statement.hasUpsert && !statement.hasReturning
            && !M.columns.contains(where: { if case .array = $0.type { true } else { false } }) {
            // RETURNING the auto-increment key; when the models set it, it returns their own.
            let returning = keys ? M.columns.filter(\.isAutoIncrement) : []
            let query = try context.rendering { try statement.renderJSONRows($0, returning: returning) }
            let writer = JSONRowWriter(columns: query.columns, temporal: context.temporal)
            var rows = JSONRows()
            rows.reserve(rows: query.rows.count)
            for (i, values) in query.rows.enumerated() {
                if i % yieldEvery == yieldEvery - 1 { await Task.yield() }
                try writer.append(values, to: &rows)
            }
            let shape = Shape.jsonRows(rows: rows, parameterName: query.parameterName, returning: query.returning)
            return BulkInsertPlan(sql: query.sql, shape: shape, sizes: rows.requestSizes, columns: query.columns,
                                  values: keys ? query.rows : [])
        }
        if keys && dialect.supportsJSONRowSource && M.columns.contains(where: \.isAutoIncrement) {
            // PostgreSQL reports no generated keys for parameter sets.
            throw QueryError(code: .invalidStatement,
                             message: "generated keys come back on PostgreSQL only for a plain insert of models "
                                 + "without array columns",
                             sql: nil)
        }
        let batch = try context.rendering(statement.renderBatch)
        var sets = EncodedParameterSets()
        sets.reserve(sets: batch.valueSets.count)
        for (i, values) in batch.valueSets.enumerated() {
            if i % yieldEvery == yieldEvery - 1 { await Task.yield() }
            let set = FieldMapping.parameters(names: batch.names, values: values, temporal: context.temporal)
            do { try sets.append(set) } catch { throw QueryError.wrap(error, sql: batch.sql) }
        }
        let sizes = (0..<sets.count).map(sets.size(ofSet:))
        // The batch's columns: the model's, less those every row leaves out.
        return BulkInsertPlan(sql: batch.sql, shape: .parameterSets(sets), sizes: sizes, columns: batch.columns,
                              values: keys ? batch.valueSets : [])
    }

    /// The request body with an empty array where the rows go, in `context` (its
    /// transaction id is part of it); each row adds its size, and a comma after the first.
    func envelope(in context: ExecutionContext) throws -> Int {
        do {
            switch shape {
            case .jsonRows(_, let name, let returning):
                var query = SQLQuery(sql: sql, names: [name], values: [.string("[]")])
                query.columns = returning
                return try RequestJSON.encode(context.executeRequest(query)).count
            case .parameterSets:
                return try RequestJSON.encode(context.batchRequest(sql: sql, sets: [])).count
            }
        } catch {
            throw QueryError.wrap(error, sql: sql)
        }
    }

    /// The rows of each request in `context`.
    /// - Throws: ``QueryError/Code/limitExceeded`` when a row alone does not fit in a request.
    func requests(in context: ExecutionContext) throws -> [Range<Int>] {
        let limits = context.configuration.limits
        let base = try envelope(in: context)
        let budget = limits.requestBodyBytes
        if let i = sizes.firstIndex(where: { base + $0 > budget }) {
            throw QueryError(
                code: .limitExceeded,
                message: "row \(i) needs \(base + sizes[i]) bytes in a request; "
                    + "the Data API takes \(limits.requestBytes) bytes per request, "
                    + "\(limits.headerAllowance) of them kept for headers. Nothing was inserted",
                sql: sql)
        }
        var maxRows = Int.max
        if case .jsonRows(_, _, let returning) = shape, !returning.isEmpty {
            // RETURNING answers with one key per row: keep the answer well under the response limit.
            maxRows = max(1, limits.responseBytes / 16)
        }
        return RequestPacking.pack(sizes, base: base, separator: 1, budget: budget, maxItems: maxRows)
    }

    /// Runs the rows in `range` as one call; the rows inserted and, when asked for, each
    /// row's generated key.
    func run(_ range: Range<Int>, in context: ExecutionContext) async throws -> (count: Int, keys: [Field]) {
        switch shape {
        case .jsonRows(let rows, let name, let returning):
            let text = rows.array(range)
            var query = SQLQuery(sql: sql, names: [name], values: [.string(text)])
            query.columns = returning
            let response = try await context.execute(query)
            let keys = returning.isEmpty ? [] : (response.records ?? []).map { $0.first ?? .null }
            if !returning.isEmpty && keys.count != range.count {
                throw QueryError(code: .unexpectedResult,
                                 message: "RETURNING gave \(keys.count) keys for \(range.count) rows", sql: sql)
            }
            return (Int(response.numberOfRecordsUpdated ?? Int64(range.count)), keys)
        case .parameterSets(let sets):
            let response = try await context.batchExecute(sql: sql, encoded: sets, range: range)
            let keys = (response.updateResults ?? []).map { $0.generatedFields?.first ?? .null }
            if keys.count != range.count {
                throw QueryError(code: .unexpectedResult,
                                 message: "the batch answered for \(keys.count) of \(range.count) rows", sql: sql)
            }
            return (range.count, keys)
        }
    }
}
