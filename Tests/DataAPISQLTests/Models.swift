import DataAPISQL
import Foundation

enum Role: String, Codable, Sendable, SQLBindable, CaseIterable { case admin, member }
enum Level: Int, Codable, Sendable, SQLBindable { case low = 1, high = 2 }
struct Settings: Codable, Sendable, Hashable { var theme: String; var tags: [String] }

/// A model with every scalar kind.
struct Person: Table, Equatable {
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
    static let id = Column<Person, Int64?>(CodingKeys.id).primaryKey().autoIncrement()
    static let name = Column<Person, String>(CodingKeys.name, type: .varchar(255))
    static let email = Column<Person, String?>(CodingKeys.email, type: .varchar(255)).unique()
    static let age = Column<Person, Int32>(CodingKeys.age).defaultValue(18)
    static let small = Column<Person, Int16>(CodingKeys.small)
    static let score = Column<Person, Double>(CodingKeys.score)
    static let ratio = Column<Person, Float>(CodingKeys.ratio)
    static let balance = Column<Person, Decimal>(CodingKeys.balance, type: .decimal(precision: 12, scale: 2))
    static let active = Column<Person, Bool>(CodingKeys.active)
    static let createdAt = Column<Person, Date>(CodingKeys.createdAt, name: "created_at", type: .timestamp)
    static let birthday = Column<Person, Date?>(CodingKeys.birthday, type: .date)
    static let wakeUp = Column<Person, Date>(CodingKeys.wakeUp, name: "wake_up", type: .time)
    static let uuid = Column<Person, UUID>(CodingKeys.uuid)
    static let avatar = Column<Person, Data?>(CodingKeys.avatar)
    static let role = Column<Person, Role>(CodingKeys.role, type: .varchar(20))
    static let level = Column<Person, Level>(CodingKeys.level, type: .integer)
    static let settings = Column<Person, JSONValue<Settings>>(CodingKeys.settings)
    static let columns = [
        id.schema, name.schema, email.schema, age.schema, small.schema, score.schema, ratio.schema, balance.schema,
        active.schema, createdAt.schema, birthday.schema, wakeUp.schema, uuid.schema, avatar.schema, role.schema,
        level.schema, settings.schema,
    ]
    static let indexes = [SQLIndex("sql_people_name", on: ["name"])]

    static func sample(_ n: Int, name: String? = nil) -> Person {
        Person(
            id: nil, name: name ?? "person \(n)", email: n % 2 == 0 ? "p\(n)@example.com" : nil, age: Int32(20 + n),
            small: Int16(n),
            score: Double(n) + 0.25, ratio: 0.5, balance: Decimal(string: "\(n)00.50")!, active: n % 2 == 1,
            createdAt: Date(timeIntervalSince1970: 1_700_000_000.123456 + Double(n)),
            birthday: n % 3 == 0 ? nil : Date(timeIntervalSince1970: 946_684_800 + Double(n) * 86_400),
            wakeUp: Date(timeIntervalSince1970: 7 * 3600 + 30 * 60 + Double(n)),
            uuid: UUID(uuidString: "00000000-0000-0000-0000-00000000000\(n % 10)")!,
            avatar: n % 2 == 0 ? Data([0, UInt8(n), 255]) : nil, role: n % 2 == 0 ? .admin : .member,
            level: n % 2 == 0 ? .high : .low,
            settings: JSONValue(Settings(theme: "dark", tags: ["a", "b\(n)"])))
    }
}

/// Posts belong to people: joins, subqueries, composite keys.
struct Post: Table, Equatable {
    var personId: Int64
    var slug: String
    var title: String
    var views: Int64?
    static let tableName = "sql_posts"
    enum CodingKeys: String, CodingKey { case personId, slug, title, views }
    static let personId = Column<Post, Int64>(CodingKeys.personId, name: "person_id").primaryKey()
    static let slug = Column<Post, String>(CodingKeys.slug, type: .varchar(100)).primaryKey()
    static let title = Column<Post, String>(CodingKeys.title)
    static let views = Column<Post, Int64?>(CodingKeys.views)
    static let columns = [personId.schema, slug.schema, title.schema, views.schema]
}

/// PostgreSQL only: arrays, a named enum type, uuid, jsonb and timestamptz columns.
struct PGOnly: Table, Equatable {
    var id: Int64
    var tags: [String]
    var numbers: [Int64]
    var mood: Role
    var doc: JSONValue<Settings>
    var at: Date
    static let tableName = "sql_pg_only"
    enum CodingKeys: String, CodingKey { case id, tags, numbers, mood, doc, at }
    static let id = Column<PGOnly, Int64>(CodingKeys.id).primaryKey()
    static let tags = Column<PGOnly, [String]>(CodingKeys.tags)
    static let numbers = Column<PGOnly, [Int64]>(CodingKeys.numbers)
    static let mood = Column<PGOnly, Role>(
        CodingKeys.mood, type: .enumeration(name: "sql_mood", cases: ["admin", "member"]))
    static let doc = Column<PGOnly, JSONValue<Settings>>(CodingKeys.doc, type: .jsonb)
    static let at = Column<PGOnly, Date>(CodingKeys.at, type: .timestamptz)
    static let columns = [id.schema, tags.schema, numbers.schema, mood.schema, doc.schema, at.schema]
}

/// A table for arbitrary strings as values.
struct Note: Table, Equatable {
    var id: Int64
    var body: String
    static let tableName = "sql_notes"
    enum CodingKeys: String, CodingKey { case id, body }
    static let id = Column<Note, Int64>(CodingKeys.id).primaryKey()
    static let body = Column<Note, String>(CodingKeys.body, type: .custom("TEXT"))
    static let columns = [id.schema, body.schema]
}
