import DataAPISQL
import Foundation

/// Teams have members: foreign keys, checks and the newer constructs.
struct Team: Table, Equatable {
    var id: Int64
    var name: String
    static let tableName = "sql_teams"
    enum CodingKeys: String, CodingKey { case id, name }
    static let id = Column<Team, Int64>(CodingKeys.id).primaryKey()
    static let name = Column<Team, String>(CodingKeys.name, type: .varchar(50))
    static let columns = [id.schema, name.schema]
}

struct Member: Table, Equatable {
    var id: Int64
    var teamId: Int64?
    var name: String
    var nickname: String?
    var age: Int32
    static let tableName = "sql_members"
    enum CodingKeys: String, CodingKey { case id, teamId, name, nickname, age }
    static let id = Column<Member, Int64>(CodingKeys.id).primaryKey()
    static let teamId = Column<Member, Int64?>(CodingKeys.teamId, name: "team_id")
    static let name = Column<Member, String>(CodingKeys.name, type: .varchar(50))
    static let nickname = Column<Member, String?>(CodingKeys.nickname, type: .varchar(50))
    static let age = Column<Member, Int32>(CodingKeys.age)
    static let columns = [id.schema, teamId.schema, name.schema, nickname.schema, age.schema]
    static let foreignKeys = [
        SQLForeignKey(
            Member.teamId, references: Team.id, onDelete: .cascade, onUpdate: .cascade, name: "sql_members_team")
    ]
    static let checks = [SQLCheck(Member.age.gte(0) && Member.age.lt(200), name: "sql_members_age")]
    /// A column the table does not have until ALTER TABLE adds it.
    static let email = Column<Member, String?>(CodingKeys.nickname, name: "email", type: .varchar(80)).defaultValue(
        "none")

    static let samples = [
        Member(id: 1, teamId: 1, name: "ann", nickname: nil, age: 30),
        Member(id: 2, teamId: 1, name: "bob", nickname: "b_1%", age: 40),
        Member(id: 3, teamId: 2, name: "cy", nickname: "50%", age: 25),
        Member(id: 4, teamId: nil, name: "dee", nickname: nil, age: 0),
    ]
}

/// A common table: members per team.
struct TeamSize: Table, Equatable {
    var teamId: Int64?
    var n: Int64
    static let tableName = "sql_team_sizes"
    enum CodingKeys: String, CodingKey { case teamId, n }
    static let teamId = Column<TeamSize, Int64?>(CodingKeys.teamId, name: "team_id")
    static let n = Column<TeamSize, Int64>(CodingKeys.n)
    static let columns = [teamId.schema, n.schema]
    static let fromMembers = SQLCommonTable(
        TeamSize.self, as: Member.select(Member.teamId, countAll()).group(by: Member.teamId))
}

/// A recursive common table: 1 through 5, from team 1.
struct Countdown: Table, Equatable {
    var n: Int64
    static let tableName = "sql_counter"
    enum CodingKeys: String, CodingKey { case n }
    static let n = Column<Countdown, Int64>(CodingKeys.n)
    static let columns = [n.schema]
    static let toFive = SQLCommonTable(Countdown.self, recursive: Team.select(Team.id).where(Team.id.eq(1))
        .unionAll(Countdown.select(Countdown.n.plus(1)).where(Countdown.n.lt(5))))
}

/// A JSON column, for member access.
struct Doc: Table, Equatable {
    var id: Int64
    var body: JSONValue<Settings>
    static let tableName = "sql_docs"
    enum CodingKeys: String, CodingKey { case id, body }
    static let id = Column<Doc, Int64>(CodingKeys.id).primaryKey()
    static let body = Column<Doc, JSONValue<Settings>>(CodingKeys.body)
    static let columns = [id.schema, body.schema]
}

/// Dates, for extract and arithmetic.
struct Event: Table, Equatable {
    var id: Int64
    var at: Date
    var day: Date
    static let tableName = "sql_events"
    enum CodingKeys: String, CodingKey { case id, at, day }
    static let id = Column<Event, Int64>(CodingKeys.id).primaryKey()
    static let at = Column<Event, Date>(CodingKeys.at, type: .timestamp)
    static let day = Column<Event, Date>(CodingKeys.day, type: .date)
    static let columns = [id.schema, at.schema, day.schema]
}

/// Columns whose model value may be `.default`: the column's declared default applies.
struct Gizmo: Table, Equatable {
    var id: Int64
    var size: OrDefault<Int32>
    var label: OrDefault<String>
    static let tableName = "sql_gizmos"
    enum CodingKeys: String, CodingKey { case id, size, label }
    static let id = Column<Gizmo, Int64>(CodingKeys.id).primaryKey()
    static let size = Column<Gizmo, OrDefault<Int32>>(CodingKeys.size).defaultValue(1)
    static let label = Column<Gizmo, OrDefault<String>>(CodingKeys.label, type: .varchar(30)).defaultValue("plain")
    static let columns = [id.schema, size.schema, label.schema]
}

/// Every column defaulted: a generated key and a counter that starts at 0.
struct Tally: Table, Equatable {
    var id: Int64?
    var n: OrDefault<Int64>
    static let tableName = "sql_tallies"
    enum CodingKeys: String, CodingKey { case id, n }
    static let id = Column<Tally, Int64?>(CodingKeys.id).primaryKey().autoIncrement()
    static let n = Column<Tally, OrDefault<Int64>>(CodingKeys.n).defaultValue(0)
    static let columns = [id.schema, n.schema]
}

/// Nested JSON in a `jsonb` column (MySQL: JSON), for member access that returns JSON.
struct Profile: Table, Equatable {
    struct Layers: Codable, Sendable, Hashable {
        var settings: Settings
        var rank: Int
    }
    var id: Int64
    var data: JSONValue<Layers>
    static let tableName = "sql_profiles"
    enum CodingKeys: String, CodingKey { case id, data }
    static let id = Column<Profile, Int64>(CodingKeys.id).primaryKey()
    static let data = Column<Profile, JSONValue<Layers>>(CodingKeys.data, type: .jsonb)
    static let columns = [id.schema, data.schema]
}

/// A stock line, for upserts that add to what is there.
struct Stock: Table, Equatable {
    var sku: String
    var qty: Int64
    static let tableName = "sql_stocks"
    enum CodingKeys: String, CodingKey { case sku, qty }
    static let sku = Column<Stock, String>(CodingKeys.sku, type: .varchar(20)).primaryKey()
    static let qty = Column<Stock, Int64>(CodingKeys.qty)
    static let columns = [sku.schema, qty.schema]
}
