import DataAPISQL
import Foundation

// The models DataAPISQL's doc comments use in their examples.

struct User: Table {
    var id: Int64?
    var name: String
    var email: String?
    var age: Int32
    var score: Double
    var country: String
    var active: Bool
    var nickname: String?
    var deleted: Bool

    static let tableName = "users"
    enum CodingKeys: String, CodingKey { case id, name, email, age, score, country, active, nickname, deleted }
    static let id = Column<User, Int64?>(CodingKeys.id).primaryKey().autoIncrement()
    static let name = Column<User, String>(CodingKeys.name, type: .varchar(255))
    static let email = Column<User, String?>(CodingKeys.email)
    static let age = Column<User, Int32>(CodingKeys.age)
    static let score = Column<User, Double>(CodingKeys.score)
    static let country = Column<User, String>(CodingKeys.country)
    static let active = Column<User, Bool>(CodingKeys.active)
    static let nickname = Column<User, String?>(CodingKeys.nickname, type: .varchar(50))
    static let deleted = Column<User, Bool>(CodingKeys.deleted)
    static let columns = [
        id.schema, name.schema, email.schema, age.schema, score.schema, country.schema, active.schema,
        nickname.schema, deleted.schema,
    ]
}

struct Account: Table {
    var id: Int64
    var balance: Decimal
    var credit: Decimal?

    static let tableName = "accounts"
    enum CodingKeys: String, CodingKey { case id, balance, credit }
    static let id = Column<Account, Int64>(CodingKeys.id).primaryKey()
    static let balance = Column<Account, Decimal>(CodingKeys.balance, type: .decimal(precision: 12, scale: 2))
    static let credit = Column<Account, Decimal?>(CodingKeys.credit, type: .decimal(precision: 12, scale: 2))
    static let columns = [id.schema, balance.schema, credit.schema]
}

struct Post: Table {
    var id: Int64?
    var userId: Int64
    var personId: Int64
    var authorId: Int64
    var editorId: Int64?
    var title: String
    var views: Int64?

    static let tableName = "posts"
    enum CodingKeys: String, CodingKey {
        case id, userId = "user_id", personId = "person_id", authorId = "author_id", editorId = "editor_id", title,
            views
    }
    static let id = Column<Post, Int64?>(CodingKeys.id).primaryKey().autoIncrement()
    static let userId = Column<Post, Int64>(CodingKeys.userId)
    static let personId = Column<Post, Int64>(CodingKeys.personId)
    static let authorId = Column<Post, Int64>(CodingKeys.authorId)
    static let editorId = Column<Post, Int64?>(CodingKeys.editorId)
    static let title = Column<Post, String>(CodingKeys.title)
    static let views = Column<Post, Int64?>(CodingKeys.views)
    static let columns = [
        id.schema, userId.schema, personId.schema, authorId.schema, editorId.schema, title.schema, views.schema,
    ]
}

struct Member: Table {
    var id: Int64
    var teamId: Int64?
    var name: String
    var age: Int32

    static let tableName = "members"
    enum CodingKeys: String, CodingKey { case id, teamId = "team_id", name, age }
    static let id = Column<Member, Int64>(CodingKeys.id).primaryKey()
    static let teamId = Column<Member, Int64?>(CodingKeys.teamId)
    static let name = Column<Member, String>(CodingKeys.name)
    static let age = Column<Member, Int32>(CodingKeys.age)
    static let columns = [id.schema, teamId.schema, name.schema, age.schema]
}

struct Admin: Table {
    var id: Int64
    var name: String

    static let tableName = "admins"
    enum CodingKeys: String, CodingKey { case id, name }
    static let id = Column<Admin, Int64>(CodingKeys.id).primaryKey()
    static let name = Column<Admin, String>(CodingKeys.name)
    static let columns = [id.schema, name.schema]
}

struct Team: Table {
    var id: Int64
    var name: String

    static let tableName = "teams"
    enum CodingKeys: String, CodingKey { case id, name }
    static let id = Column<Team, Int64>(CodingKeys.id).primaryKey()
    static let name = Column<Team, String>(CodingKeys.name)
    static let columns = [id.schema, name.schema]
}
