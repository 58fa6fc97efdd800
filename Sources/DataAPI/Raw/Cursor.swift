import DataAPIClient
import DataAPISQL

/// A DB-API style cursor over raw SQL: rows read one, several or all at a time, or with
/// `for try await`, fetched from the database page by page as they are read (a result of
/// any size, in constant memory). Made by ``DatabaseExecutor/cursor(_:)``; the statement
/// runs on the first read.
///
/// ```swift
/// let cursor = db.cursor("SELECT id, name FROM users WHERE created_at > \(since)")
/// let first = try await cursor.fetchOne()
/// let next10 = try await cursor.fetchMany(10)
/// for try await row in cursor { print(try row["name", as: String.self]) }
/// print(await cursor.rowCount)
/// ```
///
/// A cursor left before its last row ends its transaction when it is released, or at once
/// with ``close()``.
public actor Cursor: AsyncSequence {
    /// A cursor yields raw ``Row`` values.
    public typealias Element = Row

    /// One result column, as DB-API's `cursor.description` describes it.
    public struct Column: Sendable, Hashable {
        /// The column's label.
        public var name: String
        /// The JDBC type code the service reports (`java.sql.Types`: 12 is VARCHAR, -5 BIGINT).
        public var typeCode: Int
        /// The database's type name (`int8`, `VARCHAR`).
        public var typeName: String
        /// Whether the column may hold NULL; nil when the service does not know.
        public var isNullable: Bool?
        /// Precision (for text, the length) and scale, as reported.
        public var precision: Int
        /// Digits after the decimal point, as reported.
        public var scale: Int
    }

    private let pager: ResultPager
    /// Reads, one at a time: a second `fetchOne` waits for the first.
    private let gate = AsyncGate()
    private let sql: String
    private let engine: DatabaseEngine
    private let temporal: TemporalCoding
    private var buffer: [[Field]] = []
    private var position = 0
    private var columns: RowColumns?
    private var exhausted = false
    /// Rows read so far; the result's size once every row was read.
    public private(set) var rowCount = 0

    init(pager: ResultPager, sql: String, engine: DatabaseEngine, temporal: TemporalCoding) {
        self.pager = pager
        self.sql = sql
        self.engine = engine
        self.temporal = temporal
    }

    deinit {
        let pager = self.pager
        Task { await pager.close() }
    }

    /// The result's columns; runs the statement when nothing was read yet.
    public var description: [Column] {
        get async throws {
            try await gate.acquire()
            defer { gate.release() }
            if columns == nil && !exhausted { try await fill() }
            return (columns?.metadata ?? []).map {
                Column(name: $0.label ?? $0.name ?? "", typeCode: Int($0.type ?? 0), typeName: $0.typeName ?? "",
                       isNullable: $0.nullable == 0 ? false : ($0.nullable == 1 ? true : nil),
                       precision: Int($0.precision ?? 0), scale: Int($0.scale ?? 0))
            }
        }
    }

    /// The next row, or nil after the last.
    public func fetchOne() async throws -> Row? {
        try await gate.acquire()
        defer { gate.release() }
        return try await read()
    }

    private func read() async throws -> Row? {
        if position == buffer.count {
            guard !exhausted else { return nil }
            try await fill()
            if position == buffer.count { return nil }
        }
        guard let columns else { return nil }
        let row = Row(fields: buffer[position], columns: columns, index: rowCount)
        position += 1
        rowCount += 1
        if position == buffer.count {
            buffer = []
            position = 0
        }
        return row
    }

    /// Up to `count` more rows; fewer only at the end.
    public func fetchMany(_ count: Int) async throws -> [Row] {
        var rows: [Row] = []
        rows.reserveCapacity(Swift.max(0, Swift.min(count, 10_000)))
        while rows.count < count, let row = try await fetchOne() { rows.append(row) }
        return rows
    }

    /// Every remaining row. For a large result, prefer iterating: this holds them all.
    public func fetchAll() async throws -> [Row] {
        var rows: [Row] = []
        while let row = try await fetchOne() { rows.append(row) }
        return rows
    }

    /// Stops reading: the cursor's transaction ends now rather than when it is released.
    public func close() async {
        exhausted = true
        buffer = []
        position = 0
        await pager.close()
    }

    private func fill() async throws {
        buffer = []
        position = 0
        guard let page = try await pager.next() else {
            exhausted = true
            if columns == nil { columns = makeColumns(await pager.metadata) }
            return
        }
        buffer = page
        if columns == nil { columns = makeColumns(await pager.metadata) }
    }

    private func makeColumns(_ metadata: [ColumnMetadata]) -> RowColumns {
        RowColumns(metadata: metadata,
                   plan: DecodingPlan(metadata: metadata, engine: engine, sql: sql, temporal: temporal))
    }

    /// Iterates the remaining rows with ``fetchOne()``.
    public nonisolated func makeAsyncIterator() -> AsyncIterator { AsyncIterator(cursor: self) }

    /// Reads through ``fetchOne()``.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let cursor: Cursor
        /// The next row, or nil after the last.
        public func next() async throws -> Row? { try await cursor.fetchOne() }
    }
}
