import DataAPIClient
import DataAPISQL
import Foundation

/// Fetches a large result page by page, each page sized to come close to the response
/// limit without passing it, one page ahead of its consumer outside a caller's transaction
/// (no more: the consumer's pace is the producer's). Owns the transaction it opens and ends it when the result is
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
    /// The page being fetched: the one a reader waits for, or the next one, fetched ahead.
    private var inFlight: Task<[[Field]], any Error>?
    /// Readers, one at a time.
    private let gate = AsyncGate()
    /// Whether the statement's order is the same every time it runs, so that a new
    /// transaction can resume after the last row delivered.
    let repositionable: Bool
    /// Recoveries in a row without a page delivered between them.
    private var consecutiveRecoveries = 0

    /// Why the stream could not be set up (a statement that does not render); thrown by the first page.
    private let setupFailure: (any Error)?

    init(context: ExecutionContext, source: PageSource, sql: String, columns: [SQLResultColumn], wantsMetadata: Bool,
         repositionable: Bool, setupFailure: (any Error)? = nil) {
        self.setupFailure = setupFailure
        self.repositionable = repositionable
        self.context = context
        self.source = source
        self.sql = sql
        self.columns = columns
        self.wantsMetadata = wantsMetadata
        let engine = context.configuration.engine
        rules = columns.map { FieldSizeRule.of($0.type, engine: engine) }
        let transport = context.core.client.transport as? CurlTransport
        sizer = PageSizer(limits: context.configuration.limits,
                          maxJSONBytes: transport?.configuration.maxResponseBytes ?? 16 << 20)
    }

    /// The next page, or nil when the result is exhausted. A failure ends the stream (its
    /// transaction rolled back) and is thrown. Calls run one at a time, in order.
    func next() async throws -> [[Field]]? {
        try await gate.acquire()
        defer { gate.release() }
        guard !closed else { return nil }
        do {
            if inFlight == nil {
                if finished { return nil }
                inFlight = Task { try await self.fetchPage() }
            }
            guard let p = inFlight else { return nil }
            let page = try await withTaskCancellationHandler { try await p.value } onCancel: { p.cancel() }
            inFlight = nil
            // The next page is fetched while this one is read, but only in a transaction of
            // this pager's own (or none): in the caller's transaction a fetch still in flight
            // when the caller stops reading would have to be cancelled, aborting its transaction.
            if !finished && !closed && context.transaction == nil {
                inFlight = Task { try await self.fetchPage() }
            }
            return page.isEmpty ? nil : page
        } catch {
            inFlight = nil
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
        if let p = inFlight {
            // In the caller's transaction, a fetch is in flight only while its reader waits;
            // cancelling it is the reader's own cancellation.
            p.cancel()
            _ = try? await p.value
            inFlight = nil
        }
        guard !finished else { return }
        finished = true
        let context = self.context
        if ownsTransaction, let s = state {
            await context.rollback(s, because: CancellationError())
            state = nil
        } else if case .cursor = source, opened, context.transaction != nil {
            let close = closeCursor
            await Task { _ = try? await context.execute(close) }.value
        }
        context.core.logger.debug("stream closed early", metadata: ["sql": "\(sql)", "rows": "\(delivered)"])
    }

    /// `CLOSE` for this pager's cursor (in the caller's transaction; its own closes with it).
    private var closeCursor: SQLQuery { SQLQuery(sql: "CLOSE " + cursorName, names: [], values: []) }

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
                let move = SQLQuery(sql: "MOVE FORWARD \(delivered) FROM \(cursorName)", names: [], values: [])
                _ = try await pageContext.execute(move)
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
            if closed { throw CancellationError() }
            if !opened { try await open() }
            if closed { throw CancellationError() }
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
                    await complete()
                    return []
                }
                query = q
            }
            let wantsMetadata = self.wantsMetadata && metadata.isEmpty
            let response: ExecuteStatementResponse
            do {
                pageCalls += 1
                context.core.observer?.metrics?.streamPages.increment()
                response = try await pageContext.execute(query, metadata: wantsMetadata, readOnly: readOnly)
            } catch let e as QueryError where Self.isRowTooLarge(e) {
                throw QueryError(code: .limitExceeded,
                                 message: "a row of the result is larger than the Data API's "
                                     + "\(context.configuration.limits.rowBytes)-byte row limit",
                                 sql: sql, underlying: e)
            } catch let e as QueryError where Self.isOverflow(e) {
                try await recover(requested: n, error: e, overflow: true)
                continue
            } catch let e as QueryError where e.code == .transactionEnded && ownsTransaction && repositionable {
                // The service ended the transaction (its idle timeout, while the reader was
                // slow): resume in a new one after the last row delivered.
                try await recover(requested: n, error: e, overflow: false)
                continue
            }
            let rows = response.records ?? []
            consecutiveRecoveries = 0
            if rows.count > n {
                throw QueryError(code: .unexpectedResult,
                                 message: "a page asked for \(n) rows and \(rows.count) came back: "
                                     + "the statement's paging clause was not applied",
                                 sql: query.sql)
            }
            if wantsMetadata, let m = response.columnMetadata {
                metadata = m
                if columns.isEmpty {
                    rules = m.map { FieldSizeRule.of(typeName: $0.typeName, engine: context.configuration.engine) }
                }
            }
            sizer.observe(rows, rules: rules)
            delivered += rows.count
            if case .keyset(let keyIndex, _) = source, let last = rows.last, keyIndex < last.count {
                lastKey = FieldMapping.value(last[keyIndex])
            }
            if rows.count < n { await complete() }
            return rows
        }
    }

    /// The result is exhausted: close the cursor and end the transaction this pager opened.
    private func complete() async {
        finished = true
        // A stream only reads: its own transaction ends with a rollback (whose failure loses
        // nothing), and the rows already fetched are delivered whatever happens to it.
        if ownsTransaction, let s = state {
            state = nil
            await context.rollback(s, because: CancellationError())
        } else if case .cursor = source, context.transaction != nil {
            _ = try? await context.execute(closeCursor)
        }
        context.core.logger.debug("stream", metadata: [
            "sql": "\(sql)", "rows": "\(delivered)", "calls": "\(pageCalls)", "recoveries": "\(recoveries)",
        ])
    }

    /// A page came back over the response limit (`overflow`), or the service ended this
    /// pager's transaction. The service ends the transaction an overflowing call ran in; pages
    /// in a transaction of this pager's own start again in a new one after the last row
    /// delivered, asking for fewer rows after an overflow. Only a statement whose order is the
    /// same every time can resume; keyset pages resume after the last key.
    private func recover(requested n: Int, error: QueryError, overflow: Bool) async throws {
        let limits = context.configuration.limits
        if overflow && n <= 1 {
            throw QueryError(code: .limitExceeded,
                             message: "one row of the result passed the Data API's "
                                 + "\(limits.responseBytes)-byte response limit",
                             sql: sql, underlying: error)
        }
        consecutiveRecoveries += 1
        if consecutiveRecoveries > 8 {
            throw QueryError(code: .limitExceeded,
                             message: "pages kept failing (\(consecutiveRecoveries) in a row); giving up",
                             sql: sql, underlying: error)
        }
        if overflow { sizer.overflowed(requested: n) }
        recoveries += 1
        context.core.logger.debug("stream page fetched again", metadata: [
            "sql": "\(sql)", "rows_asked": "\(n)", "overflow": "\(overflow)",
        ])
        if context.transaction != nil {
            let ended = QueryError(
                code: .limitExceeded,
                message: "a page of the result passed the Data API's \(limits.responseBytes)-byte response limit "
                    + "inside the caller's transaction, and the service ended that transaction; "
                    + "stream outside a transaction to let pages be fetched again",
                sql: sql, underlying: error)
            context.transaction?.end(ended)
            throw ended
        }
        switch source {
        case .keyset:
            return
        case .cursor, .offset:
            guard repositionable else {
                throw QueryError(
                    code: .limitExceeded,
                    message: overflow
                        ? "a page of the result passed the Data API's \(limits.responseBytes)-byte response limit, "
                            + "and the statement has no unique order to resume from in a new transaction "
                            + "(give it an ORDER BY on a unique key)"
                        : "the service ended the stream's transaction, and the statement has no unique order "
                            + "to resume from",
                    sql: sql, underlying: error)
            }
            if let s = state { await context.rollback(s, because: error) }
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
