import DataAPI
import DataAPIClient
import DataAPILocal
import DataAPISQL
import Foundation
import Testing

/// A model with every kind of value a batch must carry exactly.
struct BulkItem: Table, Equatable {
    var id: Int64?
    var label: String
    var big: Int64
    var amount: Decimal
    var at: Date
    var note: String?
    var data: Data
    var ratio: Double

    enum CodingKeys: String, CodingKey { case id, label, big, amount, at, note, data, ratio }
    static let tableName = "bulk_items"
    static let id = Column<BulkItem, Int64?>(CodingKeys.id).primaryKey().autoIncrement()
    static let label = Column<BulkItem, String>(CodingKeys.label, type: .varchar(200))
    static let big = Column<BulkItem, Int64>(CodingKeys.big)
    static let amount = Column<BulkItem, Decimal>(CodingKeys.amount, type: .decimal(precision: 30, scale: 6))
    static let at = Column<BulkItem, Date>(CodingKeys.at, type: .timestamp)
    static let note = Column<BulkItem, String?>(CodingKeys.note, type: .text)
    static let data = Column<BulkItem, Data>(CodingKeys.data)
    static let ratio = Column<BulkItem, Double>(CodingKeys.ratio)
    static let columns = [
        id.schema, label.schema, big.schema, amount.schema, at.schema, note.schema, data.schema, ratio.schema,
    ]

    /// The `n`th item: values cycle through extremes, unicode, NULLs and blobs.
    static func sample(_ n: Int, payload: Int = 8) -> BulkItem {
        let labels = [
            "plain", "émoji 🦊 and 中文", "quote \" backslash \\ slash /", "tab\tnewline\ncontrol\u{1}", "", "Ünïcödé ✓",
        ]
        let bigs: [Int64] = [.min, .max, 0, -1, 1 << 53 + 1]
        let amounts = ["0", "-0.000001", "123456789012345678901234.123456", "1234.56", "-99999999.999999"]
        var data = Data(count: payload)
        for i in 0..<payload { data[i] = UInt8(truncatingIfNeeded: n &* 31 &+ i) }
        return BulkItem(
            id: nil, label: labels[n % labels.count] + " #\(n)",
            big: bigs[n % bigs.count] == 0 ? Int64(n) : bigs[n % bigs.count],
            amount: Decimal(string: amounts[n % amounts.count])!,
            at: Date(timeIntervalSince1970: Double(n % 4) * -4_000_000_000 + Double(n) + Double(n % 64) / 64),
            note: n % 3 == 0 ? nil : "note \(n)", data: data,
            ratio: n % 2 == 0 ? 1.0 / Double(n + 3) : -1e-300 * Double(n))
    }
}

/// A small model for large counts.
struct Tick: Table, Equatable {
    var id: Int64?
    var n: Int64
    var tag: String

    enum CodingKeys: String, CodingKey { case id, n, tag }
    static let tableName = "bulk_ticks"
    static let id = Column<Tick, Int64?>(CodingKeys.id).primaryKey().autoIncrement()
    static let n = Column<Tick, Int64>(CodingKeys.n)
    static let tag = Column<Tick, String>(CodingKeys.tag, type: .varchar(20))
    static let columns = [id.schema, n.schema, tag.schema]
}

/// Batch inserts of model arrays against data-api-local on both engines, which enforces the
/// service's 4 MiB request limit.
@Suite(.serialized) struct BulkInsertTests {
    static func fresh(
        _ engine: DatabaseEngine, limits: DataAPILimits = DataAPILimits()
    ) async throws -> (Database, RecordingTransport) {
        let transport = RecordingTransport()
        let endpoint = try await ExecutorFixture.shared.standardServer(engine).endpoint
        let db = ExecutorFixture.database(engine, endpoint: endpoint, limits: limits, transport: transport)
        try await db.drop(BulkItem.self, ifExists: true)
        try await db.create(BulkItem.self)
        transport.reset()
        return (db, transport)
    }

    static let budget = DataAPILimits().requestBodyBytesForTests

    /// The write calls a bulk insert made: one per request.
    static func writes(_ t: RecordingTransport) -> [RecordingTransport.Call] {
        t.calls.filter { $0.path == "Execute" || $0.path == "BatchExecute" }
    }

    @Test(arguments: DatabaseEngine.allCases)
    func aBatchThatStraddlesTheLimitTakesOneOrTwoRequests(_ engine: DatabaseEngine) async throws {
        let (db, transport) = try await Self.fresh(engine)
        // Rows of one exact size: the size of n rows is base + n × (row + 1) − 1.
        let item = { (n: Int) in
            BulkItem(
                id: nil, label: "x", big: 7, amount: 1, at: Date(timeIntervalSince1970: 0), note: "n",
                data: Data(repeating: UInt8(n % 200), count: 1_000), ratio: 0.5)
        }
        // MySQL runs parameter sets in a transaction (its id is in every request): measure there too.
        try await db.insert(contentsOf: [item(0), item(1)])
        try await db.insert(contentsOf: [item(0), item(1), item(2)])
        let perRow = Self.writes(transport)[1].bodyBytes - Self.writes(transport)[0].bodyBytes
        let one = Self.writes(transport)[0].bodyBytes - perRow
        let fits = (Self.budget - one) / perRow + 1
        #expect(one + (fits - 1) * perRow <= Self.budget && one + fits * perRow > Self.budget)

        transport.reset()
        #expect(try await db.insert(contentsOf: (0..<fits).map(item)) == fits)
        #expect(Self.writes(transport).count == 1, "\(fits) rows fit one request of \(Self.budget) bytes")
        #expect(Self.writes(transport)[0].bodyBytes <= Self.budget)
        #expect(Self.writes(transport)[0].bodyBytes > Self.budget - perRow)
        // One statement on PostgreSQL is atomic alone; MySQL's parameter sets get a transaction.
        #expect(transport.calls("BeginTransaction").count == (engine == .postgreSQL ? 0 : 1))

        transport.reset()
        #expect(try await db.insert(contentsOf: (0..<(fits + 1)).map(item)) == fits + 1)
        let writes = Self.writes(transport)
        #expect(writes.count == 2, "one row more than fits takes a second request")
        #expect(writes.allSatisfy { $0.bodyBytes <= Self.budget })
        #expect(transport.calls("BeginTransaction").count == 1 && transport.calls("CommitTransaction").count == 1)
        #expect(try await db.fetchValue(BulkItem.select(countAll())) == Int64(6 + 2 * fits))
    }

    @Test(arguments: DatabaseEngine.allCases)
    func manyRowsUseAboutTheMinimumOfRequests(_ engine: DatabaseEngine) async throws {
        let (db, transport) = try await Self.fresh(engine)
        let items = (0..<12_000).map { BulkItem.sample($0, payload: 400) }
        #expect(try await db.insert(contentsOf: items) == items.count)
        let writes = Self.writes(transport)
        let total = writes.reduce(0) { $0 + $1.bodyBytes }
        let minimum = (total + (4 << 20) - 1) / (4 << 20)
        #expect(
            writes.count >= 2 && Double(writes.count) <= 1.1 * Double(minimum) + 1,
            "\(writes.count) requests for \(total) bytes")
        #expect(writes.allSatisfy { $0.bodyBytes <= Self.budget })
        #expect(try await db.fetchValue(BulkItem.select(countAll())) == Int64(items.count))
    }

    @Test(arguments: DatabaseEngine.allCases)
    func rowsStreamedInChunksFillEveryRequestButTheLast(_ engine: DatabaseEngine) async throws {
        var limits = DataAPILimits()
        limits.requestBytes = 64 << 10
        let (db, transport) = try await Self.fresh(engine, limits: limits)
        let items = (0..<3_000).map { BulkItem.sample($0, payload: 100) }
        let budget = limits.requestBodyBytesForTests
        // Too few rows for one request: nothing is sent.
        #expect(try await db.insert(fullRequestsOf: Array(items.prefix(3))) == 0)
        #expect(Self.writes(transport).isEmpty)
        try await db.transaction { tx in
            var pending: [BulkItem] = []
            for start in stride(from: 0, to: items.count, by: 250) {
                pending += items[start..<min(items.count, start + 250)]
                let sent = try await tx.insert(fullRequestsOf: pending)
                #expect(sent < pending.count)
                pending.removeFirst(sent)
            }
            #expect(try await tx.insert(contentsOf: pending) == pending.count)
        }
        let writes = Self.writes(transport)
        #expect(writes.count > 10)
        // Each request but the last is short of the budget by less than one row (rows here are under 1 KiB).
        #expect(
            writes.dropLast().allSatisfy { $0.bodyBytes <= budget && $0.bodyBytes > budget - 1_024 },
            "\(writes.map(\.bodyBytes))")
        #expect(try await db.fetchValue(BulkItem.select(countAll())) == Int64(items.count))
    }

    @Test(arguments: DatabaseEngine.allCases)
    func aHundredThousandModelsInOneCallComeBackWithKeysInOrder(_ engine: DatabaseEngine) async throws {
        let db = try await ExecutorFixture.shared.database(engine)
        try await db.drop(Tick.self, ifExists: true)
        try await db.create(Tick.self)
        let ticks = (0..<100_000).map { Tick(id: nil, n: Int64($0) * 7_919 - 300_000, tag: "t\($0 % 977)") }
        let stored = try await db.insertReturning(contentsOf: ticks)
        let keys = stored.compactMap(\.id)
        #expect(keys.count == ticks.count)
        #expect(zip(keys, keys.dropFirst()).allSatisfy { $0 < $1 }, "keys ascend in input order")
        #expect(zip(stored, ticks).allSatisfy { $0.n == $1.n && $0.tag == $1.tag })
        var read = 0
        var mismatches = 0
        for try await row in db.stream(Tick.select().order(Tick.id)) {
            if row != stored[read] {
                mismatches += 1
                if mismatches < 4 { Issue.record("row \(read): \(row) != \(stored[read])") }
            }
            read += 1
        }
        #expect(read == ticks.count && mismatches == 0)
    }

    @Test(arguments: DatabaseEngine.allCases)
    func everyKindOfValueSurvivesABatchExactly(_ engine: DatabaseEngine) async throws {
        var limits = DataAPILimits()
        limits.requestBytes = 256 << 10
        let (db, transport) = try await Self.fresh(engine, limits: limits)
        let items = (0..<6_000).map { BulkItem.sample($0) }
        let stored = try await db.insertReturning(contentsOf: items)
        #expect(Self.writes(transport).count > 3)
        let keys = stored.compactMap(\.id)
        #expect(keys.count == items.count && zip(keys, keys.dropFirst()).allSatisfy { $0 < $1 })
        let read = try await db.fetchAll(BulkItem.select().order(BulkItem.id))
        #expect(read.count == items.count)
        var mismatches = 0
        for (i, row) in read.enumerated() {
            var expected = items[i]
            expected.id = stored[i].id
            if row != expected || stored[i] != expected {
                mismatches += 1
                if mismatches < 4 { Issue.record("row \(i): \(row) != \(expected)") }
            }
        }
        #expect(mismatches == 0)
    }

    @Test(arguments: DatabaseEngine.allCases)
    func aFailureInTheMiddleLeavesTheTableUnchanged(_ engine: DatabaseEngine) async throws {
        var limits = DataAPILimits()
        limits.requestBytes = 64 << 10
        let (db, transport) = try await Self.fresh(engine, limits: limits)
        try await db.insert(contentsOf: (0..<10).map { BulkItem.sample($0) })
        transport.reset()
        // Keys set by the caller, one duplicated near the end: a unique violation in a late request.
        var items = (0..<2_000).map { n in var i = BulkItem.sample(n, payload: 64); i.id = Int64(1_000 + n); return i }
        items[1_900].id = 1_000
        await expectQueryError(.database) { try await db.insert(contentsOf: items) }
        #expect(Self.writes(transport).count > 3, "the failure came after several requests had run")
        #expect(transport.calls("RollbackTransaction").count == 1)
        #expect(try await db.fetchValue(BulkItem.select(countAll())) == 10)

        // Inside a caller's transaction the insert joins it: the caller's own row goes too.
        transport.reset()
        await expectQueryError(.database) {
            try await db.transaction { tx in
                try await tx.insert(BulkItem.sample(99))
                try await tx.insert(contentsOf: items)
            }
        }
        #expect(transport.calls("BeginTransaction").count == 1)
        #expect(try await db.fetchValue(BulkItem.select(countAll())) == 10)
    }

    @Test(arguments: DatabaseEngine.allCases)
    func serviceFailuresHalfwayLeaveAllOrNothing(_ engine: DatabaseEngine) async throws {
        // A server that answers a third of its calls with a 5xx (InternalServerError or
        // ServiceUnavailable), on the same database; the standard server counts the rows.
        let faulty = try await ExecutorFixture.shared.server(engine) { $0.faults.serverErrorRate = 0.3 }
        defer { Task { await faulty.stop() } }
        var limits = DataAPILimits()
        limits.requestBytes = 48 << 10
        let (db, _) = try await Self.fresh(engine)
        let flaky = ExecutorFixture.database(engine, endpoint: faulty.endpoint, limits: limits)
        let items = (0..<600).map { BulkItem.sample($0, payload: 16) }
        var failures = 0
        for _ in 0..<6 {
            try await db.execute(BulkItem.deleteAll())
            do {
                #expect(try await flaky.insert(contentsOf: items) == items.count)
            } catch let e as QueryError {
                failures += 1
                #expect(e.code == .database || e.code == .transactionEnded || e.code == .commitOutcomeUnknown, "\(e)")
            }
            let n = try await db.fetchValue(BulkItem.select(countAll()))
            #expect(n == 0 || n == Int64(items.count), "a failed bulk insert left \(n) of \(items.count) rows")
        }
        #expect(failures > 0, "the faults should have hit some attempts")
    }

    @Test(arguments: DatabaseEngine.allCases)
    func aRowTooLargeForARequestFailsBeforeAnythingIsSent(_ engine: DatabaseEngine) async throws {
        var limits = DataAPILimits()
        limits.requestBytes = 24 << 10
        let (db, transport) = try await Self.fresh(engine, limits: limits)
        var items = (0..<50).map { BulkItem.sample($0) }
        items[30].data = Data(count: 20_000)
        let e = await expectQueryError(.limitExceeded) { try await db.insert(contentsOf: items) }
        #expect(e?.message.contains("row 30") == true)
        #expect(transport.calls.isEmpty)
        #expect(try await db.fetchValue(BulkItem.select(countAll())) == 0)
    }

    @Test(arguments: DatabaseEngine.allCases) func upsertsOfArraysApplyRowByRow(_ engine: DatabaseEngine) async throws {
        var limits = DataAPILimits()
        limits.requestBytes = 32 << 10
        let (db, transport) = try await Self.fresh(engine, limits: limits)
        let items = (0..<300).map { n in var i = BulkItem.sample(n); i.id = Int64(n + 1); return i }
        try await db.insert(contentsOf: items)
        // Every row updated, and a duplicate within the array: the later one wins.
        var changed = items.map { var i = $0; i.label = "changed \($0.id!)"; return i }
        var duplicate = changed[5]
        duplicate.label = "twice"
        changed.append(duplicate)
        transport.reset()
        try await db.execute(BulkItem.insert(changed).onConflict(BulkItem.id).doUpdate(BulkItem.label))
        #expect(transport.calls("BatchExecute").count > 1)
        let labels: [String] = try await db.fetchAll(BulkItem.select(BulkItem.label).order(BulkItem.id))
        #expect(labels.count == 300)
        #expect(labels[5] == "twice" && labels[6] == "changed 7")
    }
}

extension DataAPILimits {
    /// The body bytes a request may carry, as the executor computes them.
    var requestBodyBytesForTests: Int { requestBytes - headerAllowance }
}
