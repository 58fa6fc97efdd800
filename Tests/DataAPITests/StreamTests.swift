import DataAPI
import DataAPIClient
import DataAPILocal
import DataAPISQL
import DataAPITestServer
import Foundation
import Testing

/// A row whose body size the test chooses.
struct Blob: Table, Equatable {
    var id: Int64
    var size: Int64
    var body: String

    enum CodingKeys: String, CodingKey { case id, size, body }
    static let tableName = "stream_blobs"
    static let id = Column<Blob, Int64>(CodingKeys.id).primaryKey()
    static let size = Column<Blob, Int64>(CodingKeys.size)
    static let body = Column<Blob, String>(CodingKeys.body, type: .text)
    static let columns = [id.schema, size.schema, body.schema]

    static func make(_ id: Int, size: Int) -> Blob {
        let letter = Character(UnicodeScalar(UInt8(97 + id % 26)))
        return Blob(id: Int64(id), size: Int64(size), body: String(repeating: letter, count: size))
    }
}

/// Results past the 1 MiB response limit, streamed page by page against data-api-local on
/// both engines (which enforces the response and row limits).
@Suite(.serialized) struct StreamTests {
    static func table(_ db: Database, _ rows: [Blob]) async throws {
        try await db.drop(Blob.self, ifExists: true)
        try await db.create(Blob.self)
        try await db.insert(contentsOf: rows)
    }

    static func database(
        _ engine: DatabaseEngine, server: DataAPILocalServer? = nil, limits: DataAPILimits = DataAPILimits()
    )
        async throws -> (Database, RecordingTransport) {
        let transport = RecordingTransport()
        let endpoint: String
        if let server {
            endpoint = server.endpoint
        } else {
            endpoint = try await ExecutorFixture.shared.standardServer(engine).endpoint
        }
        return (ExecutorFixture.database(engine, endpoint: endpoint, limits: limits, transport: transport), transport)
    }

    /// Checks `ids` is 1...count, each once, in order.
    static func expectEveryRowOnce(_ ids: [Int64], count: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(ids.count == count, "\(ids.count) rows for \(count)", sourceLocation: sourceLocation)
        #expect(
            ids == (1...Int64(count)).map { $0 }, "rows missing, repeated or out of order",
            sourceLocation: sourceLocation)
    }

    @Test(arguments: DatabaseEngine.allCases)
    func aResultOfSeveralMiBArrivesWholeInFewPages(_ engine: DatabaseEngine) async throws {
        let (db, transport) = try await Self.database(engine)
        let rows = (1...3_000).map { Blob.make($0, size: 2_000) }
        try await Self.table(db, rows)
        let bytes = rows.reduce(0) { $0 + 16 + $1.body.utf8.count }

        transport.reset()
        var ids: [Int64] = []
        for try await row in db.stream(Blob.select()) {
            #expect(row.body.utf8.count == Int(row.size))
            ids.append(row.id)
        }
        Self.expectEveryRowOnce(ids, count: rows.count)
        let minimum = (bytes + (1 << 20) - 1) / (1 << 20)
        let pages = transport.calls("Execute").count
        // PostgreSQL: DECLARE + FETCHes; MySQL: keyset pages. One small first page, one short last page.
        #expect(pages <= Int(1.1 * Double(minimum)) + 3, "\(pages) calls for \(bytes) bytes (minimum \(minimum))")

        // Raw SQL, and (MySQL) a select with its own ordering: offset pages in a transaction.
        var raw: [Int64] = []
        for try await row in db.stream("SELECT id, size, body FROM stream_blobs ORDER BY id") {
            raw.append(try row["id", as: Int64.self])
        }
        Self.expectEveryRowOnce(raw, count: rows.count)
        var ordered: [Int64] = []
        for try await row in db.stream(Blob.select().order(Blob.size.desc())) { ordered.append(row.id) }
        #expect(ordered.sorted() == ids)
    }

    @Test(arguments: DatabaseEngine.allCases)
    func rowsWhoseSizesVaryAHundredfoldArriveOnce(_ engine: DatabaseEngine) async throws {
        let (db, transport) = try await Self.database(engine)
        var random = SplitMix(seed: 42)
        // Runs of small and of large rows, so a page sized on small rows meets large ones.
        let rows = (1...2_500).map { id in
            Blob.make(id, size: (id / 300) % 2 == 0 ? 100 + Int(random.next() % 50) : 10_000 - Int(random.next() % 50))
        }
        try await Self.table(db, rows)
        transport.reset()
        var ids: [Int64] = []
        for try await row in db.stream(Blob.select()) {
            #expect(row.body.utf8.count == Int(row.size))
            ids.append(row.id)
        }
        Self.expectEveryRowOnce(ids, count: rows.count)
        var raw: [Int64] = []
        for try await row in db.stream(Int64Row.self, "SELECT id FROM stream_blobs ORDER BY id") { raw.append(row.id) }
        Self.expectEveryRowOnce(raw, count: rows.count)
    }

    struct Int64Row: Decodable, Sendable { var id: Int64 }

    @Test(arguments: DatabaseEngine.allCases)
    func aPageOverTheLimitIsFetchedAgainWithoutLosingOrRepeatingRows(_ engine: DatabaseEngine) async throws {
        // The server allows 256 KiB per result while the client plans for 1 MiB: pages overflow.
        let server = try await ExecutorFixture.shared.server(engine) { $0.limits.maxResultBytes = 256 << 10 }
        defer { Task { await server.stop() } }
        let (db, transport) = try await Self.database(engine, server: server)
        let rows = (1...1_500).map { Blob.make($0, size: 1_000) }
        try await Self.table(db, rows)
        transport.reset()
        var ids: [Int64] = []
        for try await row in db.stream("SELECT id, size, body FROM stream_blobs ORDER BY id") {
            ids.append(try row["id", as: Int64.self])
        }
        Self.expectEveryRowOnce(ids, count: rows.count)
        // The overflowing page's transaction was ended and a new one opened.
        #expect(transport.calls("BeginTransaction").count > 1)
        var models: [Int64] = []
        for try await row in db.stream(Blob.select()) { models.append(row.id) }
        Self.expectEveryRowOnce(models, count: rows.count)

        // Inside the caller's transaction a page cannot be fetched again: a typed error.
        if engine == .postgreSQL {
            await expectQueryError(.limitExceeded) {
                try await db.transaction { tx in for try await _ in tx.stream(Blob.select()) {} }
            }
        }
    }

    @Test(arguments: DatabaseEngine.allCases)
    func anAbandonedStreamLeavesNoTransactionOpen(_ engine: DatabaseEngine) async throws {
        let (db, _) = try await Self.database(engine)
        let rows = (1...2_000).map { Blob.make($0, size: 1_000) }
        try await Self.table(db, rows)

        // Left after a few rows, by a break…
        var seen = 0
        for try await _ in db.stream(Blob.select().order(Blob.size.desc())) {
            seen += 1
            if seen == 5 { break }
        }
        try await Self.expectNothingHolds(db, engine)

        // …and by a cancelled task.
        let task = Task {
            for try await _ in db.stream("SELECT id, size, body FROM stream_blobs ORDER BY id") {
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        try await Task.sleep(for: .milliseconds(300))
        task.cancel()
        _ = await task.result
        try await Self.expectNothingHolds(db, engine)

        // A cursor closed midway.
        let cursor = db.cursor("SELECT id FROM stream_blobs ORDER BY id")
        #expect(try await cursor.fetchMany(3).count == 3)
        await cursor.close()
        try await Self.expectNothingHolds(db, engine)
    }

    /// No transaction still holds the table: on PostgreSQL no other session has a lock on it
    /// (`pg_locks`; an open cursor's transaction keeps one), and on both a DROP that waits at
    /// most a second for locks succeeds (an open transaction that read the table holds a lock
    /// on it until it ends). Retried briefly: an abandoned stream closes in a task.
    static func expectNothingHolds(
        _ db: Database, _ engine: DatabaseEngine, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        var lastError: (any Error)?
        for _ in 0..<20 {
            do {
                if engine == .postgreSQL {
                    let held = try await db.fetch("""
                        SELECT count(*) AS n FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
                        WHERE c.relname = 'stream_blobs' AND l.pid <> pg_backend_pid()
                        """)
                    let n = try held[0]["n", as: Int64.self]
                    if n > 0 {
                        throw QueryError(
                            code: .unexpectedResult, message: "\(n) locks on the table are still held", sql: nil)
                    }
                    try await db.transaction { tx in
                        try await tx.execute("SET LOCAL lock_timeout = '1s'")
                        try await tx.execute("DROP TABLE stream_blobs")
                    }
                } else {
                    try await db.execute("SET STATEMENT lock_wait_timeout = 1 FOR DROP TABLE stream_blobs")
                }
                try await db.create(Blob.self)
                try await db.insert(contentsOf: (1...2_000).map { Blob.make($0, size: 1_000) })
                return
            } catch {
                lastError = error
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        Issue.record(
            "a transaction still holds the table: \(String(describing: lastError))", sourceLocation: sourceLocation)
    }

    @Test(arguments: DatabaseEngine.allCases)
    func aServiceFailureMidStreamEndsItAndReleasesItsTransaction(_ engine: DatabaseEngine) async throws {
        let faulty = try await ExecutorFixture.shared.server(engine) { $0.faults.serverErrorRate = 0.2 }
        defer { Task { await faulty.stop() } }
        let (db, _) = try await Self.database(engine)
        try await Self.table(db, (1...2_000).map { Blob.make($0, size: 1_000) })
        let flaky = ExecutorFixture.database(engine, endpoint: faulty.endpoint)
        var failed = 0
        // Faults are random (and half of them, 503s, are retried): stream until two failed,
        // up to 24 times, so that a lucky run cannot leave the failure path untested.
        for _ in 0..<24 where failed < 2 {
            var ids: [Int64] = []
            do {
                for try await row in flaky.stream(Blob.select().order(Blob.size.desc())) { ids.append(row.id) }
                #expect(ids.sorted() == (1...2_000).map { Int64($0) })
            } catch {
                failed += 1
                #expect(Set(ids).count == ids.count, "no row twice before the failure")
            }
        }
        #expect(failed > 0, "the faults should have hit some streams")
        try await Self.expectNothingHolds(db, engine)
    }

    @Test(arguments: DatabaseEngine.allCases)
    func leavingAStreamInsideATransactionKeepsTheTransaction(_ engine: DatabaseEngine) async throws {
        let (db, _) = try await Self.database(engine)
        try await Self.table(db, (1...2_000).map { Blob.make($0, size: 1_000) })
        try await db.transaction { tx in
            var n = 0
            for try await _ in tx.stream(Blob.select()) {
                n += 1
                if n == 20 { break }
            }
            try await tx.execute(Blob.insert(Blob.make(5_000, size: 10)))
        }
        #expect(try await db.fetchOne(Blob.select().where(Blob.id.eq(5_000))) != nil, "the transaction committed")
    }

    @Test(arguments: DatabaseEngine.allCases)
    func concurrentReadsOfACursorNeitherRepeatNorLoseRows(_ engine: DatabaseEngine) async throws {
        var limits = DataAPILimits()
        limits.responseBytes = 16 << 10
        limits.rowBytes = 1 << 10
        let (db, _) = try await Self.database(engine, limits: limits)
        try await Self.table(db, (1...600).map { Blob.make($0, size: 100) })
        let cursor = db.cursor("SELECT id FROM stream_blobs ORDER BY id")
        async let a = cursor.fetchMany(300)
        async let b = cursor.fetchMany(300)
        let ids = try await (a + b).map { try $0["id", as: Int64.self] }
        #expect(ids.sorted() == (1...600).map { Int64($0) })
        #expect(try await cursor.fetchOne() == nil)
        try await Self.expectNothingHolds(db, engine)
    }

    @Test(arguments: DatabaseEngine.allCases) func aRowOver64KBIsATypedError(_ engine: DatabaseEngine) async throws {
        let (db, _) = try await Self.database(engine)
        try await Self.table(db, (1...3).map { Blob.make($0, size: 10) })
        // MySQL's TEXT holds at most 65,535 bytes: the large row is made by the query.
        let e = await expectQueryError(.limitExceeded) {
            for try await _ in db.stream(
                "SELECT id, CASE WHEN id = 2 THEN REPEAT('x', 70000) ELSE body END AS body FROM stream_blobs ORDER BY id"
            ) {}
        }
        #expect(e?.message.contains("row limit") == true)
        if engine == .postgreSQL {
            try await db.execute(Blob.insert(Blob.make(4, size: 70_000)))
            await expectQueryError(.limitExceeded) { for try await _ in db.stream(Blob.select()) {} }
        }
    }

    @Test(arguments: DatabaseEngine.allCases) func aCursorReadsLikeDBAPI(_ engine: DatabaseEngine) async throws {
        // Small limits on both sides, so that 400 rows take many pages.
        let server = try await ExecutorFixture.shared.server(engine) { $0.limits.maxResultBytes = 16 << 10 }
        defer { Task { await server.stop() } }
        var limits = DataAPILimits()
        limits.responseBytes = 16 << 10
        limits.rowBytes = 1 << 10
        let (db, transport) = try await Self.database(engine, server: server, limits: limits)
        try await Self.table(db, (1...400).map { Blob.make($0, size: 200) })
        transport.reset()

        let cursor = db.cursor(
            "SELECT id, body, size FROM stream_blobs WHERE id > :min ORDER BY id", parameters: ["min": Int64(0)])
        let columns = try await cursor.description
        #expect(columns.map(\.name) == ["id", "body", "size"])
        #expect(columns[0].typeName.lowercased().contains("int") && columns[0].isNullable == false)
        #expect(columns[0].typeCode == -5)
        let first = try await cursor.fetchOne()
        #expect(try first?["id", as: Int64.self] == 1)
        #expect(try await cursor.fetchMany(3).map { try $0["id", as: Int64.self] } == [2, 3, 4])
        #expect(await cursor.rowCount == 4)
        var rest: [Int64] = []
        for try await row in cursor { rest.append(try row["id", as: Int64.self]) }
        #expect(rest == (5...400).map { Int64($0) })
        #expect(await cursor.rowCount == 400)
        #expect(try await cursor.fetchOne() == nil)
        #expect(try await cursor.fetchAll().isEmpty)
        #expect(transport.calls("Execute").count > 5, "read in pages")

        let all = try await db.cursor("SELECT id FROM stream_blobs WHERE id <= \(Int64(250))").fetchAll()
        #expect(all.count == 250)
        let none = db.cursor("SELECT id FROM stream_blobs WHERE id < 0")
        #expect(try await none.fetchOne() == nil)
        #expect(try await none.description.map(\.name) == ["id"])
    }

    @Test(arguments: DatabaseEngine.allCases)
    func aStreamInsideATransactionSeesItsWrites(_ engine: DatabaseEngine) async throws {
        let (db, transport) = try await Self.database(engine)
        try await Self.table(db, (1...1_000).map { Blob.make($0, size: 1_500) })
        transport.reset()
        let count = try await db.transaction { tx in
            try await tx.insert(Blob.make(1_001, size: 10))
            var n = 0
            for try await _ in tx.stream(Blob.select()) { n += 1 }
            return n
        }
        #expect(count == 1_001)
        #expect(transport.calls("BeginTransaction").count == 1, "the stream joined the caller's transaction")
    }
}
