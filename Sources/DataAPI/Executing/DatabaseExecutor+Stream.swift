import DataAPIClient
import DataAPISQL

extension DatabaseExecutor {
    /// The select's rows as models, fetched page by page as they are read: results past the
    /// Data API's 1 MiB response limit, in constant memory.
    ///
    /// ```swift
    /// for try await order in db.stream(Order.select().where(Order.year.eq(2025))) {
    ///     total += order.amount
    /// }
    /// ```
    ///
    /// - The select's rows come ordered by its own ordering and then its primary key (one
    ///   order every time, so that pages fetched again line up). A select with a join,
    ///   grouping or DISTINCT, or on a table without a key, has no such order: its pages are
    ///   not fetched again after a failure, and on MySQL its OFFSET pages follow only the
    ///   order it gives itself (give it an ORDER BY on unique columns).
    /// - PostgreSQL: a `NO SCROLL` cursor in a transaction (the caller's, or one of its own),
    ///   read with `FETCH FORWARD n`, `n` chosen from the bytes per row seen so far so that
    ///   each page comes close to 1 MiB. A page the service refuses as too large is fetched
    ///   again in smaller pages, in a new transaction positioned after the last row
    ///   delivered (outside a caller's transaction only: the service ends the transaction).
    /// - MySQL: keyset pages (`WHERE id > :last ORDER BY id LIMIT n`, no transaction) when
    ///   the table has a one-column primary key and the select no ordering, limit, join or
    ///   grouping of its own; otherwise `LIMIT n OFFSET k` pages in one transaction (slower:
    ///   each page skips the rows before it).
    /// - A row over 64 KB throws ``QueryError/Code/limitExceeded``.
    public func stream<M, R: Table>(_ select: Select<M, R>) -> RowStream<R> {
        let context = executionContext
        let pager = Self.pager(select, context: context)
        return RowStream(makePager: { pager.make() }) { _ in
            let decoder = RowDecoder(plan: pager.plan, model: R.self)
            return { row, index in try decoder.decode(R.self, row: row, index: index) }
        }
    }

    /// Raw SQL's rows, fetched page by page as they are read (see
    /// `stream(_:)` of a select for how). Give it an ORDER BY on unique columns: a page
    /// is fetched again after a failure only for a statement with an ORDER BY (taken to be
    /// unique), and MySQL's OFFSET pages need one for a stable order. On MySQL the statement
    /// must not have a LIMIT of its own.
    ///
    /// ```swift
    /// for try await row in db.stream("SELECT id, body FROM events WHERE day = \(day)") { … }
    /// ```
    public func stream(_ sql: SQL) -> RowStream<Row> {
        let context = executionContext
        let pager = Self.rawPager(Result { try context.render(sql) }, context: context)
        return RowStream(makePager: { pager.make() }) { metadata in
            let columns = RowColumns(metadata: metadata, plan: DecodingPlan(
                metadata: metadata, engine: context.configuration.engine, sql: pager.sql, temporal: context.temporal))
            return { row, index in Row(fields: row, columns: columns, index: index) }
        }
    }

    /// Raw SQL's rows decoded into `T` by column label, fetched page by page.
    public func stream<T: Decodable & Sendable>(_ type: T.Type, _ sql: SQL) -> RowStream<T> {
        let context = executionContext
        let pager = Self.rawPager(Result { try context.render(sql) }, context: context)
        return RowStream(makePager: { pager.make() }) { metadata in
            let plan = DecodingPlan(metadata: metadata, engine: context.configuration.engine, sql: pager.sql,
                                    temporal: context.temporal)
            let decoder = RowDecoder(plan: plan, model: T.self)
            return { row, index in try decoder.decode(T.self, row: row, index: index) }
        }
    }

    /// A DB-API style cursor over raw SQL whose interpolated values are bound: rows read one,
    /// several or all at a time, or iterated; large results are fetched page by page.
    ///
    /// ```swift
    /// let cursor = db.cursor("SELECT id, name FROM users ORDER BY id")
    /// for try await row in cursor { … }
    /// ```
    public func cursor(_ sql: SQL) -> Cursor {
        let context = executionContext
        let pager = Self.rawPager(Result { try context.render(sql) }, context: context)
        return Cursor(pager: pager.make(), sql: pager.sql, engine: context.configuration.engine,
                      temporal: context.temporal)
    }

    /// A cursor over raw SQL with `:name` placeholders bound from `parameters`.
    public func cursor(_ sql: String, parameters: [String: any SQLBindable]) -> Cursor {
        let context = executionContext
        let pager = Self.rawPager(Result { try Self.query(sql, parameters) }, context: context)
        return Cursor(pager: pager.make(), sql: pager.sql, engine: context.configuration.engine,
                      temporal: context.temporal)
    }
}
