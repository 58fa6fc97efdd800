import BenchmarkModels
import DataAPIMacros
import Foundation

enum Role: String, Codable, Sendable, SQLBindable { case admin, member }
enum Level: Int, Codable, Sendable, SQLBindable { case low = 1, high = 2 }
struct Settings: Codable, Sendable, Hashable { var theme: String; var tags: [String] }

/// The macro form of `BenchRow` (Benchmarks/BenchmarkModels), written once.
@Table("bench_rows")
struct MacroBenchRow {
    @Column(primaryKey: true) var id: Int64
    var name: String
    var score: Double
    var active: Bool
    @Column(type: .decimal(precision: 12, scale: 2)) var amount: Decimal
    @Column(type: .timestamp) var createdAt: Date
    @Column(type: .date) var day: Date
    var payload: Data
}

/// The macro form of the SQL snapshot tests' `Person`: every scalar kind and column option.
@Table("sql_people")
struct MacroPerson {
    @Column(primaryKey: true, autoIncrement: true) var id: Int64?
    @Column(type: .varchar(255)) var name: String
    @Column(type: .varchar(255), unique: true) var email: String?
    @Column(default: 18) var age: Int32
    var small: Int16
    var score: Double
    var ratio: Float
    @Column(type: .decimal(precision: 12, scale: 2)) var balance: Decimal
    var active: Bool
    @Column(type: .timestamp) var createdAt: Date
    @Column(type: .date) var birthday: Date?
    @Column(type: .time) var wakeUp: Date
    var uuid: UUID
    var avatar: Data?
    @Column(type: .varchar(20)) var role: Role
    @Column(type: .integer) var level: Level
    var settings: JSONValue<Settings>
    @Transient var isSelected = false

    static let indexes = [SQLIndex("sql_people_name", on: ["name"])]
}

/// The same model written by hand, as Tests/DataAPISQLTests/Models.swift does.
struct HandPerson: Table {
    var id: Int64?
    var name: String
    var email: String?
    var age: Int32
    var small: Int16
    var score: Double
    var ratio: Float
    var balance: Decimal
    var active: Bool
    var createdAt: Date
    var birthday: Date?
    var wakeUp: Date
    var uuid: UUID
    var avatar: Data?
    var role: Role
    var level: Level
    var settings: JSONValue<Settings>

    static let tableName = "sql_people"
    enum CodingKeys: String, CodingKey {
        case id, name, email, age, small, score, ratio, balance, active, createdAt, birthday, wakeUp, uuid, avatar,
            role, level, settings
    }
    static let id = Column<HandPerson, Int64?>(CodingKeys.id).primaryKey().autoIncrement()
    static let name = Column<HandPerson, String>(CodingKeys.name, type: .varchar(255))
    static let email = Column<HandPerson, String?>(CodingKeys.email, type: .varchar(255)).unique()
    static let age = Column<HandPerson, Int32>(CodingKeys.age).defaultValue(18)
    static let small = Column<HandPerson, Int16>(CodingKeys.small)
    static let score = Column<HandPerson, Double>(CodingKeys.score)
    static let ratio = Column<HandPerson, Float>(CodingKeys.ratio)
    static let balance = Column<HandPerson, Decimal>(CodingKeys.balance, type: .decimal(precision: 12, scale: 2))
    static let active = Column<HandPerson, Bool>(CodingKeys.active)
    static let createdAt = Column<HandPerson, Date>(CodingKeys.createdAt, name: "created_at", type: .timestamp)
    static let birthday = Column<HandPerson, Date?>(CodingKeys.birthday, type: .date)
    static let wakeUp = Column<HandPerson, Date>(CodingKeys.wakeUp, name: "wake_up", type: .time)
    static let uuid = Column<HandPerson, UUID>(CodingKeys.uuid)
    static let avatar = Column<HandPerson, Data?>(CodingKeys.avatar)
    static let role = Column<HandPerson, Role>(CodingKeys.role, type: .varchar(20))
    static let level = Column<HandPerson, Level>(CodingKeys.level, type: .integer)
    static let settings = Column<HandPerson, JSONValue<Settings>>(CodingKeys.settings)
    static let columns = [id.schema, name.schema, email.schema, age.schema, small.schema, score.schema, ratio.schema,
                          balance.schema, active.schema, createdAt.schema, birthday.schema, wakeUp.schema, uuid.schema,
                          avatar.schema, role.schema, level.schema, settings.schema]
    static let indexes = [SQLIndex("sql_people_name", on: ["name"])]
}

/// A composite primary key, macro form.
@Table("sql_posts")
struct MacroPost {
    @Column(primaryKey: true) var personId: Int64
    @Column(type: .varchar(100), primaryKey: true) var slug: String
    var title: String
    var views: Int64?
}

/// A composite primary key, by hand.
struct HandPost: Table {
    var personId: Int64
    var slug: String
    var title: String
    var views: Int64?
    static let tableName = "sql_posts"
    enum CodingKeys: String, CodingKey { case personId, slug, title, views }
    static let personId = Column<HandPost, Int64>(CodingKeys.personId, name: "person_id").primaryKey()
    static let slug = Column<HandPost, String>(CodingKeys.slug, type: .varchar(100)).primaryKey()
    static let title = Column<HandPost, String>(CodingKeys.title)
    static let views = Column<HandPost, Int64?>(CodingKeys.views)
    static let columns = [personId.schema, slug.schema, title.schema, views.schema]
}

/// A foreign key from `@Column(references:)`.
@Table("sql_authors")
struct MacroAuthor {
    @Column(primaryKey: true) var id: Int64
    var name: String
}

@Table("sql_books")
struct MacroBook {
    @Column(primaryKey: true) var id: Int64
    @Column(references: \MacroAuthor.id, onDelete: .cascade, onUpdate: .restrict) var authorId: Int64
    var title: String
}

/// The same foreign key, by hand.
struct HandBook: Table {
    var id: Int64
    var authorId: Int64
    var title: String
    static let tableName = "sql_books"
    static let id = Column<HandBook, Int64>(CodingKeys.id).primaryKey()
    static let authorId = Column<HandBook, Int64>(CodingKeys.authorId, name: "author_id")
    static let title = Column<HandBook, String>(CodingKeys.title)
    static let columns = [id.schema, authorId.schema, title.schema]
    static let foreignKeys = [
        SQLForeignKey(HandBook.authorId, references: MacroAuthor.id, onDelete: .cascade, onUpdate: .restrict)
    ]
}
