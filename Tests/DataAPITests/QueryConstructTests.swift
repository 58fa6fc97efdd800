import DataAPI
import DataAPISQL
import Foundation
import Testing

/// Issue 14: compound selects decode into models and tuples as plain selects do. In
/// `ExecutorTests`, whose tables they share, so that the suite's serialization covers them.
extension ExecutorTests {
    @Test(arguments: DatabaseEngine.allCases) func compoundSelectsDecodeModels(_ engine: DatabaseEngine) async throws {
        let (db, authors, books) = try await ExecutorTests.seeded(engine)
        let poetry = Book.select().where(Book.genre.eq(.poetry))
        let long = Book.select().where(Book.pages.gte(130))
        // Books: Alpha 100 fiction, Beta 110 poetry, Gamma 120 fiction, Delta 130 poetry, Epsilon 140 fiction.
        let union = try await db.fetchAll(poetry.union(long))
        #expect(union.sorted { $0.id! < $1.id! } == [books[1], books[3], books[4]])
        let all = try await db.fetchAll(poetry.unionAll(long))
        #expect(all.map(\.title).sorted() == ["Beta", "Delta", "Delta", "Epsilon"])
        #expect(try await db.fetchAll(poetry.intersect(long)) == [books[3]])
        #expect(try await db.fetchAll(poetry.except(long)) == [books[1]])
        // A member's own ORDER BY and LIMIT stay its own; LIMIT applies to the whole.
        let first = Book.select().order(Book.id).limit(1)
        #expect(try await db.fetchAll(first.union(long)).sorted { $0.id! < $1.id! } == [books[0], books[3], books[4]])
        #expect(try await db.fetchAll(poetry.unionAll(long).limit(2)).count == 2)
        // Models of a nullable column and a Decimal, Date and enum survive the compound.
        #expect(
            try await db.fetchAll(
                Author.select().where(Author.email.isNull()).union(Author.select().where(Author.id.eq(2)))
            )
            .sorted { $0.id! < $1.id! } == authors)
        // Chosen columns: one value, or a tuple.
        let names: [String] = try await db.fetchAll(
            Author.select(Author.name).where(Author.id.eq(1)).union(Book.select(Book.title).where(Book.id.lte(2))))
        #expect(names.sorted() == ["Alpha", "Beta", "author 1"])
        let pairs: [(Int64?, Decimal)] = try await db.fetchAll(Book.select(Book.id, Book.price).where(Book.id.eq(1))
            .unionAll(Book.select(Book.id, Book.price).where(Book.id.eq(5))))
        #expect(
            pairs.map(\.0).sorted { $0! < $1! } == [1, 5]
                && Set(pairs.map(\.1)) == [Decimal(string: "10.99")!, Decimal(string: "14.99")!])
    }

}

/// Issue 14: members read as JSON and `OrDefault` columns through the executor.
@Suite(.serialized) struct QueryConstructTests {
    @Test(arguments: DatabaseEngine.allCases)
    func jsonMembersAndDefaultMarkersDecode(_ engine: DatabaseEngine) async throws {
        let db = try await ExecutorFixture.shared.database(engine)
        try await db.drop(Shelf.self, ifExists: true)
        try await db.create(Shelf.self)
        // PostgreSQL's insert reads the stored row back (RETURNING): the default arrives as a value.
        let stored = try await db.insert(
            Shelf(id: 1, slots: .default, layout: JSONValue(.init(name: "top", sizes: [1, 2]))))
        #expect(stored.slots == (engine == .postgreSQL ? .value(4) : .default))
        _ = try await db.insert(Shelf(id: 2, slots: 9, layout: JSONValue(.init(name: "low", sizes: []))))
        #expect(try await db.fetchAll(Shelf.select().order(Shelf.id)).map(\.slots) == [.value(4), .value(9)])
        let over5: [Int64] = try await db.fetchAll(Shelf.select(Shelf.id).where(Shelf.slots.gt(5)))
        #expect(over5 == [2])
        let sizes: [JSONValue<[Int]>?] = try await db.fetchAll(
            Shelf.select(Shelf.layout.json("sizes", as: [Int].self)).order(Shelf.id))
        #expect(sizes == [JSONValue([1, 2]), JSONValue([])])
        let names: [String?] = try await db.fetchAll(
            Shelf.select(Shelf.layout.jsonText("name")).where(
                Shelf.layout.json("sizes", as: [Int].self).eq(JSONValue([]))))
        #expect(names == ["low"])
        let missing: [JSONValue<Int>?] = try await db.fetchAll(
            Shelf.select(Shelf.layout.json("nothing", as: Int.self)).where(Shelf.id.eq(1)))
        #expect(missing == [nil])
        try await db.drop(Shelf.self)
    }

    @Test func upsertRowAliasIsAConfigurationSetting() {
        let client = ExecutorFixture.database(.mySQL, endpoint: "http://127.0.0.1:9").client
        var c = DatabaseConfiguration(
            resourceArn: "arn:aws:rds:us-east-1:123456789012:cluster:c", secretArn: "s", engine: .mySQL)
        #expect(Database(configuration: c, client: client).dialect.upsertRowAlias == nil)
        c.mySQLUpsertRowAlias = true
        #expect(Database(configuration: c, client: client).dialect.upsertRowAlias == "new")
        c.engine = .postgreSQL
        #expect(Database(configuration: c, client: client).dialect.upsertRowAlias == nil)
    }
}

/// An `OrDefault` column and a JSON column, for the executor's decoding.
struct Shelf: Table, Equatable {
    struct Layout: Codable, Sendable, Hashable {
        var name: String
        var sizes: [Int]
    }
    var id: Int64
    var slots: OrDefault<Int32>
    var layout: JSONValue<Layout>
    static let tableName = "exec_shelves"
    enum CodingKeys: String, CodingKey { case id, slots, layout }
    static let id = Column<Shelf, Int64>(CodingKeys.id).primaryKey()
    static let slots = Column<Shelf, OrDefault<Int32>>(CodingKeys.slots).defaultValue(4)
    static let layout = Column<Shelf, JSONValue<Layout>>(CodingKeys.layout)
    static let columns = [id.schema, slots.schema, layout.schema]
}
