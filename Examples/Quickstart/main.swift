// The library's main job, end to end: Codable models, their tables, typed queries, models
// back, transactions, raw SQL, bulk inserts, streams and cursors.
//
//   swift run quickstart
//
// It starts the embedded local Data API on an ephemeral PostgreSQL (removed at the end).
// With AURORA_CLUSTER_ARN and AURORA_SECRET_ARN set (and optionally AURORA_DATABASE,
// AURORA_ENGINE=mysql, AWS_REGION, AWS_PROFILE), it talks to that Aurora cluster instead;
// it creates and drops the tables quickstart_authors and quickstart_books there.
import DataAPI
import DataAPILocal
import DataAPIMacros
import Foundation

// `@Table` (product DataAPIMacros) writes the table name, the typed column descriptors
// (`Book.pages` is a `Column<Book, Int32>`), snake_case column names and the column list;
// README.md shows the same model written by hand, the macro-free alternative.
@Table("quickstart_authors")
struct Author {
    @Column(primaryKey: true, autoIncrement: true) var id: Int64?
    @Column(type: .varchar(100), unique: true) var name: String
    @Column(type: .varchar(2)) var country: String
    @Column(type: .timestamp) var joined: Date
}

@Table("quickstart_books")
struct Book {
    @Column(primaryKey: true, autoIncrement: true) var id: Int64?
    var authorId: Int64                                       // column "author_id"
    @Column(type: .varchar(200)) var title: String
    var pages: Int32
    @Column(type: .decimal(precision: 8, scale: 2)) var price: Decimal
}

struct Oops: Error {}

// 1. A database: Aurora when the environment names a cluster, else a local Data API.
var localServer: DataAPILocalServer?
let db: Database
if ProcessInfo.processInfo.environment[Database.EnvironmentVariable.clusterArn] != nil {
    db = try Database.fromEnvironment()
    print("Aurora cluster \(db.configuration.resourceArn) (\(db.engine))")
} else {
    let server = try await DataAPILocalServer.startWithEphemeralPostgres()
    localServer = server
    db = Database(
        resourceArn: DataAPILocalConfiguration.defaultClusterArn, secretArn: DataAPILocalConfiguration.defaultSecretArn,
        engine: .postgreSQL, client: server.makeClient())
    print("local Data API on an ephemeral PostgreSQL at \(server.endpoint)")
}

do {
    // 2. Tables from the models.
    try await db.drop(Book.self, ifExists: true)
    try await db.drop(Author.self, ifExists: true)
    try await db.create(Author.self)
    try await db.create(Book.self)

    // 3. Insert one model: it comes back with its generated key.
    let ada = try await db.insert(
        Author(id: nil, name: "Ada Lovelace", country: "GB", joined: Date(timeIntervalSince1970: 1_700_000_000)))
    let grace = try await db.insert(
        Author(id: nil, name: "Grace Hopper", country: "US", joined: Date(timeIntervalSince1970: 1_710_000_000)))
    print("inserted \(ada.name) as id \(ada.id!) and \(grace.name) as id \(grace.id!)")

    // 4. Insert an array in one call.
    let books = [
        Book(
            id: nil, authorId: ada.id!, title: "Notes on the Analytical Engine", pages: 66,
            price: Decimal(string: "19.99")!),
        Book(
            id: nil, authorId: grace.id!, title: "A Manual of Operation", pages: 560, price: Decimal(string: "45.00")!),
        Book(id: nil, authorId: grace.id!, title: "Compiling Routines", pages: 120, price: Decimal(string: "12.50")!),
        Book(
            id: nil, authorId: grace.id!, title: "The Education of a Computer", pages: 40,
            price: Decimal(string: "7.25")!),
    ]
    try await db.insert(contentsOf: books)

    // 5. Typed selects: models, chosen columns as tuples, joins as pairs, aggregates.
    let long = try await db.fetchAll(Book.select().where(Book.pages.gte(100)).order(Book.pages.desc()).limit(10))
    print("books of 100 pages or more: \(long.map(\.title))")

    let cheap: [(String, Decimal)] = try await db.fetchAll(
        Book.select(Book.title, Book.price).where(Book.price.lt(20)).order(Book.price))
    for (title, price) in cheap { print("  \(title): $\(price)") }

    let pairs = try await db.fetchAll(
        Author.select().joined(with: Book.self, on: Book.authorId.eq(Author.id)).order(Book.id))
    for (author, book) in pairs { print("  \(book.title) by \(author.name)") }

    let perAuthor: [(String, Int64, Decimal?)] = try await db.fetchAll(
        Author.select(Author.name, countAll().as("books"), Book.price.avg().as("mean_price"))
            .join(Book.self, on: Book.authorId.eq(Author.id))
            .group(by: Author.name).order(Author.name))
    for (name, count, mean) in perAuthor { print("  \(name): \(count) books, mean price \(mean ?? 0)") }

    let total: Int64 = try await db.fetchValue(Book.select(countAll()))
    print("\(total) books in all")

    // 6. An update and an upsert.
    let updated = try await db.execute(
        Book.update().set(Book.price, to: Book.price.times(Decimal(string: "0.9")!)).where(Book.authorId.eq(grace.id!)))
    print("discounted \(updated) books")
    var renamed = ada
    renamed.country = "UK"
    let upserted = try await db.insert(Author.insert(renamed).onConflict(Author.id).doUpdate(Author.country))
    print("upserted \(upserted.name): country \(upserted.country)")

    // 7. A transaction that commits, and one that rolls back.
    let newBook = try await db.transaction { tx in
        let book = try await tx.insert(
            Book(id: nil, authorId: ada.id!, title: "Sketch of the Engine", pages: 70, price: 9))
        try await tx.execute(Author.update().set(Author.country, to: "GB").where(Author.id.eq(ada.id!)))
        return book
    }
    print("committed: book \(newBook.id!) added")
    do {
        try await db.transaction { tx in
            try await tx.execute(Book.deleteAll())
            throw Oops()
        }
    } catch is Oops {
        let still: Int64 = try await db.fetchValue(Book.select(countAll()))
        print("rolled back: still \(still) books")
    }

    // 8. Raw SQL: interpolated values are bound, rows read by name.
    let minimum = 100
    let rows = try await db.fetch("SELECT title, pages FROM quickstart_books WHERE pages > \(minimum) ORDER BY pages")
    for row in rows { print("  raw: \(try row["title", as: String.self]) (\(try row["pages", as: Int.self]) pages)") }

    // 9. Bulk: 50,000 books in as few calls as the 4 MiB request limit allows (all or
    //    nothing), their keys back in order, then read back as a stream past the 1 MiB
    //    response limit, page by page, in constant memory.
    let catalog: [Book] = (1...50_000).map { (n: Int) -> Book in
        let author: Int64 = n % 2 == 0 ? ada.id! : grace.id!
        let price = Decimal(n % 5_000) / 100
        return Book(id: nil, authorId: author, title: "Volume \(n)", pages: Int32(50 + n % 900), price: price)
    }
    let stored = try await db.insertReturning(contentsOf: catalog)
    print("bulk-inserted \(stored.count) books, ids \(stored.first!.id!)…\(stored.last!.id!)")
    var streamed = 0
    var pages: Int64 = 0
    for try await book in db.stream(Book.select().where(Book.title.like("Volume %"))) {
        streamed += 1
        pages += Int64(book.pages)
    }
    print("streamed \(streamed) books, \(pages) pages in all")

    // 10. A DB-API style cursor over raw SQL.
    let cursor = db.cursor("SELECT id, title FROM quickstart_books WHERE pages > \(800) ORDER BY id")
    let firstTwo = try await cursor.fetchMany(2).map { try $0["title", as: String.self] }
    let columns = try await cursor.description.map { "\($0.name) \($0.typeName)" }
    let rest = try await cursor.fetchAll().count
    print("cursor: columns \(columns), first \(firstTwo), then \(rest) more")

    try await db.drop(Book.self)
    try await db.drop(Author.self)
} catch {
    print("quickstart failed: \(error)")
    await localServer?.stop()
    exit(1)
}
await localServer?.stop()
if localServer != nil { print("stopped; the ephemeral PostgreSQL is gone") }
