import DataAPIClient
import DataAPISQL
import Foundation

/// Where a stream's pages come from.
enum PageSource: Sendable {
    /// PostgreSQL: `DECLARE … NO SCROLL CURSOR FOR` the statement in a transaction, then
    /// `FETCH FORWARD n` until a page comes back short.
    case cursor(SQLQuery)
    /// MySQL, a builder select on a table with a one-column primary key and no ordering of
    /// its own: `WHERE key > :last ORDER BY key LIMIT n`, each page on its own, no transaction.
    /// The closure renders the page after `after` (nil: the first) of `limit` rows.
    case keyset(keyIndex: Int, page: @Sendable (_ after: SQLValue?, _ limit: Int) throws -> SQLQuery)
    /// MySQL otherwise: `LIMIT n OFFSET k` pages in one REPEATABLE READ transaction. The
    /// closure renders the page at `offset`, or nil when the statement's own LIMIT is reached.
    case offset(page: @Sendable (_ offset: Int, _ limit: Int) throws -> SQLQuery?)
}

/// Fetches a large result page by page, each page sized to come close to the response
/// limit without passing it, one page ahead of its consumer (no more: the consumer's pace
/// is the producer's). Owns the transaction it opens and ends it when the result is
/// exhausted, when a call fails, or when ``close()`` is called by an abandoned stream.
actor ResultPager {
    let context: ExecutionContext
    let source: PageSource
    /// The statement's SQL, for errors and logs.
    let sql: String
    /// Whether the first page asks for column metadata (raw SQL).
    let wantsMetadata: Bool
    /// The columns a FETCH result has (builder statements), for exact decimals.
    let columns: [SQLResultColumn]

    private(set) var metadata: [ColumnMetadata] = []
    private var rules: [FieldSizeRule]
    private var sizer: PageSizer
    /// The transaction pages run in: the caller's, or one this pager opened.
    private var state: TransactionState?
    private var ownsTransaction = false
    private var opened = false
    private(set) var finished = false
    private var closed = false
    /// Rows fetched and handed out so far.
    private(set) var delivered = 0
    /// Data API calls made for pages (FETCH, page selects), recoveries included.
    private(set) var pageCalls = 0
    /// Pages that came back over the limit and were fetched again.
    private(set) var recoveries = 0
    private var lastKey: SQLValue?
    private let cursorName = "dataapi_cursor_" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
    private var prefetch: Task<[[Field]], any Error>?

    /// Why the stream could not be set up (a statement that does not render); thrown by the first page.
    private let setupFailure: (any Error & Sendable)?

    init(context: ExecutionContext, source: PageSource, sql: String, columns: [SQLResultColumn], wantsMetadata: Bool,
         setupFailure: (any Error & Sendable)? = nil) {
        self.setupFailure = setupFailure
        self.context = context
        self.source = source
        self.sql = sql
        self.columns = columns
        self.wantsMetadata = wantsMetadata
        let engine = context.configuration.engine
        rules = columns.map { FieldSizeRule.of($0.type, engine: engine) }
        sizer = PageSizer(limits: context.configuration.limits)
    }

    /// The next page, or nil when the result is exhausted. A failure ends the stream (its
    /// transaction rolled back) and is thrown.
    func next() async throws -> [[Field]]? {
        guard !closed else { return nil }
        do {
            let page: [[Field]]
            if let p = prefetch {
                prefetch = nil
                page = try await withTaskCancellationHandler { try await p.value } onCancel: { p.cancel() }
            } else {
                if finished { return nil }
                page = try await fetchPage()
            }
            if !finished { prefetch = Task { try await self.fetchPage() } }
            return page.isEmpty ? nil : page
        } catch {
            await close()
            throw error
        }
    }

    /// Ends the stream: stops a fetch in flight, rolls back the transaction it opened (which
    /// closes its cursor) or closes the cursor in the caller's transaction. Shielded from the
    /// caller's cancellation.
    func close() async {
        guard !closed else { return }
        closed = true
        if let p = prefetch {
            p.cancel()
            _ = try? await p.value
            prefetch = nil
        }
        guard !finished else { return }
        finished = true
        let context = self.context
        if ownsTransaction, let s = state {
            await context.rollback(s, because: CancellationError())
            state = nil
        } else if case .cursor = source, opened, context.transaction != nil {
            let close = SQLQuery(sql: "CLOSE " + cursorName, names: [], values: [])
            await Task { _ = try? await context.execute(close) }.value
        }
        context.core.logger.debug("stream closed early", metadata: ["sql": "\(sql)", "rows": "\(delivered)"])
    }

    /// The context page calls run in.
    private var pageContext: ExecutionContext {
        if ownsTransaction, let state { return ExecutionContext(core: context.core, transaction: state) }
        return context
    }

    private func open() async throws {
        switch source {
        case .cursor(let query):
            try await beginIfNeeded()
            let declare = SQLQuery(sql: "DECLARE \(cursorName) NO SCROLL CURSOR FOR " + query.sql, names: query.names,
                                   values: query.values)
            _ = try await pageContext.execute(declare)
            if delivered > 0 {
                _ = try await pageContext.execute(SQLQuery(sql: "MOVE FORWARD \(delivered) FROM \(cursorName)", names: [], values: []))
            }
        case .offset:
            try await beginIfNeeded()
        case .keyset:
            break
        }
        opened = true
    }

    private func beginIfNeeded() async throws {
        guard context.transaction == nil else { return }
        state = TransactionState(id: try await context.begin())
        ownsTransaction = true
    }

    /// One page: its rows, fewer than asked for (possibly none) at the end.
    private func fetchPage() async throws -> [[Field]] {
        if let setupFailure { throw setupFailure }
        while true {
            try Task.checkCancellation()
            if !opened { try await open() }
            let n = sizer.nextCount()
            var query: SQLQuery
            var readOnly = false
            switch source {
            case .cursor:
                query = SQLQuery(sql: "FETCH FORWARD \(n) FROM \(cursorName)", names: [], values: [])
                query.columns = columns
            case .keyset(_, let page):
                query = try context.rendering { _ in try page(lastKey, n) }
                readOnly = true
            case .offset(let page):
                guard let q = try context.rendering({ _ in try page(delivered, n) }) else {
                    try await complete()
                    return []
                }
                query = q
            }
            let wantsMetadata = self.wantsMetadata && metadata.isEmpty
            let response: ExecuteStatementResponse
            do {
                pageCalls += 1
                response = try await pageContext.execute(query, metadata: wantsMetadata, readOnly: readOnly)
            } catch let e as QueryError where Self.isRowTooLarge(e) {
                throw QueryError(code: .limitExceeded,
                                 message: "a row of the result is larger than the Data API's \(context.configuration.limits.rowBytes)-byte row limit",
                                 sql: sql, underlying: e)
            } catch let e as QueryError where Self.isOverflow(e) {
                try await recover(requested: n, error: e)
                continue
            }
            let rows = response.records ?? []
            if wantsMetadata, let m = response.columnMetadata {
                metadata = m
                if columns.isEmpty { rules = m.map { FieldSizeRule.of(typeName: $0.typeName, engine: context.configuration.engine) } }
            }
            sizer.observe(rows, rules: rules)
            delivered += rows.count
            if case .keyset(let keyIndex, _) = source, let last = rows.last, keyIndex < last.count {
                lastKey = FieldMapping.value(last[keyIndex])
            }
            if rows.count < n { try await complete() }
            return rows
        }
    }

    /// The result is exhausted: close the cursor and end the transaction this pager opened.
    private func complete() async throws {
        finished = true
        if ownsTransaction, let s = state {
            state = nil
            try await context.finish(s)
        } else if case .cursor = source, context.transaction != nil {
            _ = try await context.execute(SQLQuery(sql: "CLOSE " + cursorName, names: [], values: []))
        }
        context.core.logger.debug("stream", metadata: [
            "sql": "\(sql)", "rows": "\(delivered)", "calls": "\(pageCalls)", "recoveries": "\(recoveries)",
        ])
    }

    /// A page came back over the response limit. The service ends the transaction such a
    /// call ran in; pages in a transaction of this pager's own start again in a new one at
    /// the row after the last one delivered, asking for fewer rows.
    private func recover(requested n: Int, error: QueryError) async throws {
        let limits = context.configuration.limits
        guard n > 1 else {
            throw QueryError(code: .limitExceeded, message: "one row of the result passed the Data API's \(limits.responseBytes)-byte response limit",
                             sql: sql, underlying: error)
        }
        sizer.overflowed(requested: n)
        recoveries += 1
        context.core.logger.debug("stream page over the response limit", metadata: ["sql": "\(sql)", "rows_asked": "\(n)"])
        switch source {
        case .keyset:
            return
        case .cursor, .offset:
            guard ownsTransaction, let s = state else {
                let ended = QueryError(
                    code: .limitExceeded,
                    message: "a page of the result passed the Data API's \(limits.responseBytes)-byte response limit inside the caller's "
                        + "transaction, and the service ended that transaction; stream outside a transaction to let pages be fetched again",
                    sql: sql, underlying: error)
                context.transaction?.end(ended)
                throw ended
            }
            await context.rollback(s, because: error)
            state = nil
            ownsTransaction = false
            opened = false
        }
    }

    /// The service's answer to a result over the response size limit.
    static func isOverflow(_ e: QueryError) -> Bool {
        guard let d = e.dataAPIError, d.code == .unsupportedResult else { return false }
        let m = d.message.lowercased()
        return m.contains("exceeded size limit") || m.contains("response size")
    }

    /// The service's answer to a result row over the row size limit.
    static func isRowTooLarge(_ e: QueryError) -> Bool {
        guard let d = e.dataAPIError else { return false }
        return d.message.lowercased().contains("packet for query is too large")
    }
}
