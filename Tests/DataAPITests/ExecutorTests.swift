import DataAPI
import DataAPIClient
import DataAPISQL
import Foundation
import Testing

/// Typed statements in, models out: every executor feature against data-api-local on
/// PostgreSQL and MariaDB, through the real HTTP path.
@Suite(.serialized) struct ExecutorTests {
    /// Fresh tables with three authors and five books.
    static func seeded(_ engine: DatabaseEngine) async throws -> (Database, [Author], [Book]) {
        let db = try await ExecutorFixture.shared.database(engine)
        try await db.drop(Book.self, ifExists: true)
        try await db.drop(Author.self, ifExists: true)
        try await db.create(Author.self)
        try await db.create(Book.self)
        var authors: [Author] = []
        for n in 1...3 { authors.append(try await db.insert(Author.sample(n))) }
        var books: [Book] = []
        for (i, (a, title)) in [(0, "Alpha"), (0, "Beta"), (1, "Gamma"), (1, "Delta"), (1, "Epsilon")].enumerated() {
            let book = Book(id: nil, authorId: authors[a].id!, title: title, pages: Int32(100 + i * 10),
                price: Decimal(string: "1\(i).99")!,
                published: i == 4 ? nil : epoch2024.addingTimeInterval(Double(i) * 86_400),
                            genre: i % 2 == 0 ? .fiction : .poetry)
            books.append(try await db.insert(book))
        }
        return (db, authors, books)
    }

    @Test(arguments: DatabaseEngine.allCases)
    func insertReturnsTheModelWithItsKey(_ engine: DatabaseEngine) async throws {
        let (db, authors, books) = try await Self.seeded(engine)
        #expect(authors.map(\.id) == [1, 2, 3])
        #expect(books.map(\.id) == [1, 2, 3, 4, 5])
        // Everything else comes back as it was written.
        var expected = Author.sample(2)
        expected.id = 2
        #expect(authors[1] == expected)
        let stored = try await db.fetchOne(Author.select().where(Author.id.eq(2)))
        #expect(stored == expected)
    }

    @Test(arguments: DatabaseEngine.allCases) func fetchAllDecodesModels(_ engine: DatabaseEngine) async throws {
        let (db, authors, books) = try await Self.seeded(engine)
        let all = try await db.fetchAll(Book.select().order(Book.id))
        #expect(all == books)
        let poetry = try await db.fetchAll(
            Book.select().where(Book.genre.eq(.poetry) && Book.pages.gt(100)).order(Book.title.desc()))
        #expect(poetry.map(\.title) == ["Delta", "Beta"])
        #expect(
            try await db.fetchAll(Author.select().where(Author.email.isNull()).order(Author.id)) == [
                authors[0], authors[2],
            ])
        #expect(try await db.fetchOne(Book.select().where(Book.title.eq("none"))) == nil)
        let limited = try await db.fetchAll(Book.select().order(Book.id).limit(2).offset(1))
        #expect(limited.map(\.title) == ["Beta", "Gamma"])
    }

    @Test(arguments: DatabaseEngine.allCases) func chosenColumnsAreTypedTuples(_ engine: DatabaseEngine) async throws {
        let (db, _, _) = try await Self.seeded(engine)
        let titles: [String] = try await db.fetchAll(Book.select(Book.title).order(Book.id))
        #expect(titles == ["Alpha", "Beta", "Gamma", "Delta", "Epsilon"])
        let rows: [(Int64?, String, Decimal, Date?)] = try await db.fetchAll(
            Book.select(Book.id, Book.title, Book.price, Book.published).where(Book.id.lte(2)).order(Book.id))
        #expect(rows.count == 2)
        #expect(
            rows[1].0 == 2 && rows[1].1 == "Beta" && rows[1].2 == Decimal(string: "11.99")!
                && rows[1].3 == epoch2024.addingTimeInterval(86_400))
        let one: (String, Int32)? = try await db.fetchOne(Book.select(Book.title, Book.pages).where(Book.id.eq(3)))
        #expect(one?.0 == "Gamma" && one?.1 == 120)
        let upper: [String] = try await db.fetchAll(Book.select(Book.title.upper()).where(Book.id.eq(1)))
        #expect(upper == ["ALPHA"])
    }

    @Test(arguments: DatabaseEngine.allCases)
    func aggregatesHaveTheTypesTheDatabasesReturn(_ engine: DatabaseEngine) async throws {
        let (db, _, _) = try await Self.seeded(engine)
        let count: Int64 = try await db.fetchValue(Book.select(countAll()))
        #expect(count == 5)
        // SUM of integers: PostgreSQL bigint, MySQL DECIMAL text ("600"); both an Int64.
        let pages: Int64? = try await db.fetchValue(Book.select(Book.pages.sum()))
        #expect(pages == 600)
        // AVG of integers is exact: a Decimal.
        let mean: Decimal? = try await db.fetchValue(Book.select(Book.pages.avg()))
        #expect(mean == 120)
        let total: Decimal? = try await db.fetchValue(Book.select(Book.price.sum()))
        #expect(total == Decimal(string: "64.95"))
        let longest: Int32? = try await db.fetchValue(Book.select(Book.pages.max()))
        #expect(longest == 140)
        let none: Int64? = try await db.fetchValue(Book.select(Book.pages.sum()).where(Book.id.eq(-1)))
        #expect(none == nil)
        let perAuthor: [(Int64, Int64, Decimal?)] = try await db.fetchAll(
            Book.select(Book.authorId, countAll().as("n"), Book.price.avg().as("mean")).group(by: Book.authorId).order(
                Book.authorId))
        #expect(perAuthor.map(\.0) == [1, 2] && perAuthor.map(\.1) == [2, 3])
        #expect(perAuthor[0].2 == Decimal(string: "11.49"))
        #expect(try await db.exists(Book.select(Book.id).where(Book.title.eq("Gamma"))))
        #expect(try await !db.exists(Book.select(Book.id).where(Book.title.eq("Omega"))))
        await expectQueryError(.noRows) { _ = try await db.fetchValue(Book.select(Book.title).where(Book.id.eq(-1))) }
    }

    @Test(arguments: DatabaseEngine.allCases)
    func joinsGivePairsOfModelsOrChosenColumns(_ engine: DatabaseEngine) async throws {
        let (db, authors, books) = try await Self.seeded(engine)
        let pairs = try await db.fetchAll(
            Author.select().joined(with: Book.self, on: Book.authorId.eq(Author.id)).order(Book.id))
        #expect(pairs.count == 5)
        #expect(pairs.map(\.0.name) == ["author 1", "author 1", "author 2", "author 2", "author 2"])
        #expect(pairs.map(\.1) == books)
        let left = try await db.fetchAll(
            Author.select().leftJoined(with: Book.self, on: Book.authorId.eq(Author.id)).order(
                Author.id.asc(), Book.id.asc()))
        #expect(left.count == 6)
        #expect(left.last?.0 == authors[2] && left.last?.1 == nil)
        let named: [(String, String)] = try await db.fetchAll(
            Author.select(Author.name, Book.title).join(Book.self, on: Book.authorId.eq(Author.id)).where(
                Book.pages.gte(130)
            ).order(Book.title))
        #expect(named.map(\.1) == ["Delta", "Epsilon"])
    }

    @Test(arguments: DatabaseEngine.allCases)
    func updatesUpsertsAndDeletesReportRows(_ engine: DatabaseEngine) async throws {
        let (db, authors, _) = try await Self.seeded(engine)
        #expect(
            try await db.execute(
                Book.update().set(Book.pages, to: Book.pages.plus(1)).where(Book.authorId.eq(authors[1].id!))) == 3)
        #expect(try await db.fetchValue(Book.select(Book.pages.sum())) == 603)
        // Upsert: a row with the same key replaces the title.
        var alpha = try #require(try await db.fetchOne(Book.select().where(Book.title.eq("Alpha"))))
        alpha.title = "Alpha 2"
        let upserted = try await db.insert(Book.insert(alpha).onConflict(Book.id).doUpdate(Book.title))
        #expect(upserted == alpha)
        #expect(try await db.fetchValue(Book.select(countAll())) == 5)
        let title: String? = try await db.fetchOne(Book.select(Book.title).where(Book.id.eq(alpha.id!)))
        #expect(title == "Alpha 2")
        #expect(try await db.execute(Book.delete().where(Book.genre.eq(.poetry))) == 2)
        #expect(try await db.execute(Book.deleteAll()) == 3)
        await expectQueryError(.invalidStatement) { try await db.execute(Book.delete()) }
    }

    @Test(arguments: DatabaseEngine.allCases) func batchInsertIsOneAtomicCall(_ engine: DatabaseEngine) async throws {
        let (db, _, _) = try await Self.seeded(engine)
        let more = (0..<50).map {
            Author(id: nil, name: "bulk \($0)", email: "bulk\($0)@example.com", joined: epoch2024, rating: 1)
        }
        #expect(try await db.insert(contentsOf: more) == 50)
        #expect(try await db.fetchValue(Author.select(countAll())) == 53)
        // A duplicate email in the middle: nothing of the batch stays.
        var bad = (0..<10).map {
            Author(id: nil, name: "again \($0)", email: "again\($0)@example.com", joined: epoch2024, rating: 1)
        }
        bad[5].email = "bulk3@example.com"
        let e = await expectQueryError(.database) { try await db.insert(contentsOf: bad) }
        #expect(e?.sqlState == "23505" || e?.sqlState == "23000")
        #expect(try await db.fetchValue(Author.select(countAll())) == 53)
        #expect(try await db.insert(contentsOf: [Author]()) == 0)
    }

    @Test(arguments: DatabaseEngine.allCases)
    func errorsCarryTheSQLAndTheServiceError(_ engine: DatabaseEngine) async throws {
        let (db, authors, _) = try await Self.seeded(engine)
        var dup = Author.sample(9)
        dup.email = "a2@example.com"
        let secret = "a2@example.com"
        let e = try #require(await expectQueryError(.database) { _ = try await db.insert(dup) })
        #expect(e.dataAPIError?.code == .databaseError)
        #expect(e.sqlState == (engine == .mySQL ? "23000" : "23505"))
        #expect(e.sql?.hasPrefix("INSERT INTO") == true)
        #expect(e.sql?.contains(secret) == false)
        #expect(!(e.sql ?? "").contains("author 9"))
        _ = authors
    }

    /// `timestamp` values are wall-clock times in the configured zone, written and read back the same way.
    @Test(arguments: DatabaseEngine.allCases)
    func timestampsUseTheConfiguredTimeZone(_ engine: DatabaseEngine) async throws {
        _ = try await Self.seeded(engine)
        let server = try await ExecutorFixture.shared.standardServer(engine)
        let paris = ExecutorFixture.database(
            engine, endpoint: server.endpoint, timeZone: TimeZone(identifier: "Europe/Paris")!)
        let summer = Date(timeIntervalSince1970: 1_719_835_200.5)  // 2024-07-01T12:00:00.5Z
        let stored = try await paris.insert(Author(id: nil, name: "zoned", email: nil, joined: summer, rating: 1))
        #expect(stored.joined == summer)
        let text = engine == .mySQL ? "CAST(joined AS CHAR)" : "CAST(joined AS varchar)"
        let wall = try await paris.fetch(
            SQL(unsafeRaw: "SELECT \(text) AS wall FROM exec_authors WHERE name = 'zoned'"))
        #expect(try wall[0]["wall", as: String.self].hasPrefix("2024-07-01 14:00:00.5"))
        #expect(try await paris.fetchOne(Author.select().where(Author.name.eq("zoned")))?.joined == summer)
        // Read in UTC, the same wall time is two hours later.
        let utc = try await ExecutorFixture.shared.database(engine)
        #expect(
            try await utc.fetchOne(Author.select().where(Author.name.eq("zoned")))?.joined
                == summer.addingTimeInterval(7200))
    }

    @Test(arguments: DatabaseEngine.allCases) func createAndDropRunTheModelsDDL(_ engine: DatabaseEngine) async throws {
        let db = try await ExecutorFixture.shared.database(engine)
        try await db.drop(Scratch.self, ifExists: true)
        try await db.create(Scratch.self)
        try await db.create(Scratch.self, ifNotExists: true)
        #expect(try await db.insert(Scratch(id: 1, value: 5)) == Scratch(id: 1, value: 5))
        try await db.drop(Scratch.self)
        await expectQueryError(.database) { _ = try await db.fetchAll(Scratch.select()) }
    }
}
