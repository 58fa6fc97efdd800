import DataAPISQL
import Foundation

/// Authors write books: two related models for the executor's tests.
struct Author: Table, Equatable {
    var id: Int64?
    var name: String
    var email: String?
    var joined: Date
    var rating: Decimal

    static let tableName = "exec_authors"
    static let id = Column<Author, Int64?>(CodingKeys.id).primaryKey().autoIncrement()
    static let name = Column<Author, String>(CodingKeys.name, type: .varchar(200))
    static let email = Column<Author, String?>(CodingKeys.email, type: .varchar(200)).unique()
    static let joined = Column<Author, Date>(CodingKeys.joined, type: .timestamp)
    static let rating = Column<Author, Decimal>(CodingKeys.rating, type: .decimal(precision: 6, scale: 2))
    static let columns = [id.schema, name.schema, email.schema, joined.schema, rating.schema]
}

struct Book: Table, Equatable {
    var id: Int64?
    var authorId: Int64
    var title: String
    var pages: Int32
    var price: Decimal
    var published: Date?
    var genre: Genre

    enum Genre: String, Codable, Sendable, SQLBindable { case fiction, poetry, science }

    static let tableName = "exec_books"
    enum CodingKeys: String, CodingKey { case id, authorId = "author_id", title, pages, price, published, genre }
    static let id = Column<Book, Int64?>(CodingKeys.id).primaryKey().autoIncrement()
    static let authorId = Column<Book, Int64>(CodingKeys.authorId)
    static let title = Column<Book, String>(CodingKeys.title, type: .varchar(200))
    static let pages = Column<Book, Int32>(CodingKeys.pages)
    static let price = Column<Book, Decimal>(CodingKeys.price, type: .decimal(precision: 8, scale: 2))
    static let published = Column<Book, Date?>(CodingKeys.published, type: .date)
    static let genre = Column<Book, Genre>(CodingKeys.genre, type: .varchar(20))
    static let columns = [
        id.schema, authorId.schema, title.schema, pages.schema, price.schema, published.schema, genre.schema,
    ]
}

/// A table created and dropped by the DDL test.
struct Scratch: Table, Equatable {
    var id: Int64
    var value: Int64
    static let tableName = "exec_scratch"
    static let id = Column<Scratch, Int64>(CodingKeys.id).primaryKey()
    static let value = Column<Scratch, Int64>(CodingKeys.value)
    static let columns = [id.schema, value.schema]
}

/// A counter for transaction tests.
struct Counter: Table, Equatable {
    var id: Int64
    var value: Int64
    static let tableName = "exec_counters"
    static let id = Column<Counter, Int64>(CodingKeys.id).primaryKey()
    static let value = Column<Counter, Int64>(CodingKeys.value)
    static let columns = [id.schema, value.schema]
}

let epoch2024 = Date(timeIntervalSince1970: 1_704_067_200)  // 2024-01-01T00:00:00Z

extension Author {
    static func sample(_ n: Int) -> Author {
        Author(id: nil, name: "author \(n)", email: n % 2 == 0 ? "a\(n)@example.com" : nil,
               joined: epoch2024.addingTimeInterval(Double(n) * 86_400 + 0.25), rating: Decimal(string: "\(n).5")!)
    }
}
