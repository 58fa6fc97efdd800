import DataAPIMacros
import Foundation
import Testing

// The construct snapshot suite's models (Tests/DataAPISQLTests/ConstructModels.swift) in both
// forms: the macro form, and the hand-written form copied from that suite.

@Table("sql_teams")
struct MacroTeam {
    @Column(primaryKey: true) var id: Int64
    @Column(type: .varchar(50)) var name: String
}

struct HandTeam: Table {
    var id: Int64
    var name: String
    static let tableName = "sql_teams"
    enum CodingKeys: String, CodingKey { case id, name }
    static let id = Column<HandTeam, Int64>(CodingKeys.id).primaryKey()
    static let name = Column<HandTeam, String>(CodingKeys.name, type: .varchar(50))
    static let columns = [id.schema, name.schema]
}

@Table("sql_events")
struct MacroEvent {
    @Column(primaryKey: true) var id: Int64
    @Column(type: .timestamp) var at: Date
    @Column(type: .date) var day: Date
}

struct HandEvent: Table {
    var id: Int64
    var at: Date
    var day: Date
    static let tableName = "sql_events"
    enum CodingKeys: String, CodingKey { case id, at, day }
    static let id = Column<HandEvent, Int64>(CodingKeys.id).primaryKey()
    static let at = Column<HandEvent, Date>(CodingKeys.at, type: .timestamp)
    static let day = Column<HandEvent, Date>(CodingKeys.day, type: .date)
    static let columns = [id.schema, at.schema, day.schema]
}

@Table("sql_gizmos")
struct MacroGizmo {
    @Column(primaryKey: true) var id: Int64
    @Column(default: 1) var size: OrDefault<Int32>
    @Column(type: .varchar(30), default: "plain") var label: OrDefault<String>
}

struct HandGizmo: Table {
    var id: Int64
    var size: OrDefault<Int32>
    var label: OrDefault<String>
    static let tableName = "sql_gizmos"
    enum CodingKeys: String, CodingKey { case id, size, label }
    static let id = Column<HandGizmo, Int64>(CodingKeys.id).primaryKey()
    static let size = Column<HandGizmo, OrDefault<Int32>>(CodingKeys.size).defaultValue(1)
    static let label = Column<HandGizmo, OrDefault<String>>(CodingKeys.label, type: .varchar(30)).defaultValue("plain")
    static let columns = [id.schema, size.schema, label.schema]
}

@Table("sql_stocks")
struct MacroStock {
    @Column(type: .varchar(20), primaryKey: true) var sku: String
    var qty: Int64
}

struct HandStock: Table {
    var sku: String
    var qty: Int64
    static let tableName = "sql_stocks"
    enum CodingKeys: String, CodingKey { case sku, qty }
    static let sku = Column<HandStock, String>(CodingKeys.sku, type: .varchar(20)).primaryKey()
    static let qty = Column<HandStock, Int64>(CodingKeys.qty)
    static let columns = [sku.schema, qty.schema]
}

struct Layers: Codable, Sendable, Hashable {
    var settings: Settings
    var rank: Int
}

@Table("sql_profiles")
struct MacroProfile {
    @Column(primaryKey: true) var id: Int64
    @Column(type: .jsonb) var data: JSONValue<Layers>
}

struct HandProfile: Table {
    var id: Int64
    var data: JSONValue<Layers>
    static let tableName = "sql_profiles"
    enum CodingKeys: String, CodingKey { case id, data }
    static let id = Column<HandProfile, Int64>(CodingKeys.id).primaryKey()
    static let data = Column<HandProfile, JSONValue<Layers>>(CodingKeys.data, type: .jsonb)
    static let columns = [id.schema, data.schema]
}

@Table("sql_members")
struct MacroMember {
    @Column(primaryKey: true) var id: Int64
    @Column(references: \MacroTeam.id, onDelete: .cascade, onUpdate: .cascade) var teamId: Int64?
    @Column(type: .varchar(50)) var name: String
    @Column(type: .varchar(50)) var nickname: String?
    var age: Int32
}

struct HandMember: Table {
    var id: Int64
    var teamId: Int64?
    var name: String
    var nickname: String?
    var age: Int32
    static let tableName = "sql_members"
    enum CodingKeys: String, CodingKey { case id, teamId, name, nickname, age }
    static let id = Column<HandMember, Int64>(CodingKeys.id).primaryKey()
    static let teamId = Column<HandMember, Int64?>(CodingKeys.teamId, name: "team_id")
    static let name = Column<HandMember, String>(CodingKeys.name, type: .varchar(50))
    static let nickname = Column<HandMember, String?>(CodingKeys.nickname, type: .varchar(50))
    static let age = Column<HandMember, Int32>(CodingKeys.age)
    static let columns = [id.schema, teamId.schema, name.schema, nickname.schema, age.schema]
    static let foreignKeys = [
        SQLForeignKey(HandMember.teamId, references: HandTeam.id, onDelete: .cascade, onUpdate: .cascade)
    ]
}

/// The construct suite's models render the same SQL in both forms.
@Suite struct ConstructModelEquivalenceTests {
    let same = MacroEquivalenceTests()
    static let date = Date(timeIntervalSince1970: 1_700_000_000)

    @Test func schemasAndCreateTablesMatch() throws {
        same.expectSameColumns(MacroTeam.columns, HandTeam.columns)
        same.expectSameColumns(MacroEvent.columns, HandEvent.columns)
        same.expectSameColumns(MacroGizmo.columns, HandGizmo.columns)
        same.expectSameColumns(MacroStock.columns, HandStock.columns)
        same.expectSameColumns(MacroProfile.columns, HandProfile.columns)
        same.expectSameColumns(MacroMember.columns, HandMember.columns)
        try same.expectSame(MacroTeam.createTable(), HandTeam.createTable())
        try same.expectSame(MacroEvent.createTable(ifNotExists: true), HandEvent.createTable(ifNotExists: true))
        try same.expectSame(MacroGizmo.createTable(), HandGizmo.createTable())
        try same.expectSame(MacroStock.createTable(), HandStock.createTable())
        try same.expectSame(MacroProfile.createTable(), HandProfile.createTable())
        try same.expectSame(MacroMember.createTable(), HandMember.createTable())
    }

    @Test func statementsMatch() throws {
        try same.expectSame(
            MacroGizmo.insert([
                MacroGizmo(id: 1, size: .default, label: "x"), MacroGizmo(id: 2, size: 5, label: .default),
            ]),
            HandGizmo.insert([HandGizmo(id: 1, size: .default, label: "x"), HandGizmo(id: 2, size: 5, label: .default)])
        )
        try same.expectSame(
            MacroStock.insert(MacroStock(sku: "a", qty: 2)).onConflict(MacroStock.sku).doUpdate(MacroStock.qty),
            HandStock.insert(HandStock(sku: "a", qty: 2)).onConflict(HandStock.sku).doUpdate(HandStock.qty))
        try same.expectSame(MacroEvent.select().where(MacroEvent.at.lt(Self.date)).order(MacroEvent.day),
                            HandEvent.select().where(HandEvent.at.lt(Self.date)).order(HandEvent.day))
        try same.expectSame(MacroMember.select().joined(with: MacroTeam.self, on: MacroTeam.id.eq(MacroMember.teamId))
                                .where(MacroMember.age.gte(18)),
                            HandMember.select().joined(with: HandTeam.self, on: HandTeam.id.eq(HandMember.teamId))
                                .where(HandMember.age.gte(18)))
        try same.expectSame(MacroMember.update().set(MacroMember.nickname, to: nil).where(MacroMember.teamId.isNull()),
                            HandMember.update().set(HandMember.nickname, to: nil).where(HandMember.teamId.isNull()))
        let layers = JSONValue(Layers(settings: Settings(theme: "dark", tags: ["a"]), rank: 2))
        try same.expectSame(
            MacroProfile.insert(MacroProfile(id: 1, data: layers)), HandProfile.insert(HandProfile(id: 1, data: layers))
        )
    }
}

// The snapshot suite's remaining models (Tests/DataAPISQLTests/Models.swift, ValueBugTests.swift).

@Table("sql_pg_only")
struct MacroPGOnly {
    @Column(primaryKey: true) var id: Int64
    var tags: [String]
    var numbers: [Int64]
    @Column(type: .enumeration(name: "sql_mood", cases: ["admin", "member"])) var mood: Role
    @Column(type: .jsonb) var doc: JSONValue<Settings>
    @Column(type: .timestamptz) var at: Date
}

struct HandPGOnly: Table {
    var id: Int64
    var tags: [String]
    var numbers: [Int64]
    var mood: Role
    var doc: JSONValue<Settings>
    var at: Date
    static let tableName = "sql_pg_only"
    enum CodingKeys: String, CodingKey { case id, tags, numbers, mood, doc, at }
    static let id = Column<HandPGOnly, Int64>(CodingKeys.id).primaryKey()
    static let tags = Column<HandPGOnly, [String]>(CodingKeys.tags)
    static let numbers = Column<HandPGOnly, [Int64]>(CodingKeys.numbers)
    static let mood = Column<HandPGOnly, Role>(
        CodingKeys.mood, type: .enumeration(name: "sql_mood", cases: ["admin", "member"]))
    static let doc = Column<HandPGOnly, JSONValue<Settings>>(CodingKeys.doc, type: .jsonb)
    static let at = Column<HandPGOnly, Date>(CodingKeys.at, type: .timestamptz)
    static let columns = [id.schema, tags.schema, numbers.schema, mood.schema, doc.schema, at.schema]
}

@Table("sql_notes")
struct MacroNote {
    @Column(primaryKey: true) var id: Int64
    @Column(type: .custom("TEXT")) var body: String
}

struct HandNote: Table {
    var id: Int64
    var body: String
    static let tableName = "sql_notes"
    enum CodingKeys: String, CodingKey { case id, body }
    static let id = Column<HandNote, Int64>(CodingKeys.id).primaryKey()
    static let body = Column<HandNote, String>(CodingKeys.body, type: .custom("TEXT"))
    static let columns = [id.schema, body.schema]
}

@Table("sql_gadgets")
struct MacroGadget {
    @Column(primaryKey: true, autoIncrement: true) var id: Int64?
    @Column(type: .custom("BIGINT REFERENCES sql_owners (id)")) var ownerId: Int64
    @Column(type: .varchar(50), default: "unnamed") var label: String?
    static let indexes = [SQLIndex("sql_gadgets_label", on: ["label"])]
}

struct HandGadget: Table {
    var id: Int64?
    var ownerId: Int64
    var label: String?
    static let tableName = "sql_gadgets"
    enum CodingKeys: String, CodingKey { case id, ownerId, label }
    static let id = Column<HandGadget, Int64?>(CodingKeys.id).primaryKey().autoIncrement()
    static let ownerId = Column<HandGadget, Int64>(
        CodingKeys.ownerId, name: "owner_id", type: .custom("BIGINT REFERENCES sql_owners (id)"))
    static let label = Column<HandGadget, String?>(CodingKeys.label, type: .varchar(50)).defaultValue("unnamed")
    static let columns = [id.schema, ownerId.schema, label.schema]
    static let indexes = [SQLIndex("sql_gadgets_label", on: ["label"])]
}

@Table("sql_owners")
struct MacroOwner {
    @Column(primaryKey: true) var id: Int64
    @Column(type: .varchar(50)) var name: String
    @Column(type: .enumeration(name: "sql_owner_mood", cases: ["admin", "member"])) var mood: Role
    static let indexes = [
        SQLIndex("sql_owners_name", on: ["name"]),
        SQLIndex("sql_owners_name_mood", on: ["name", "mood"], unique: true),
    ]
}

struct HandOwner: Table {
    var id: Int64
    var name: String
    var mood: Role
    static let tableName = "sql_owners"
    enum CodingKeys: String, CodingKey { case id, name, mood }
    static let id = Column<HandOwner, Int64>(CodingKeys.id).primaryKey()
    static let name = Column<HandOwner, String>(CodingKeys.name, type: .varchar(50))
    static let mood = Column<HandOwner, Role>(
        CodingKeys.mood, type: .enumeration(name: "sql_owner_mood", cases: ["admin", "member"]))
    static let columns = [id.schema, name.schema, mood.schema]
    static let indexes = [
        SQLIndex("sql_owners_name", on: ["name"]),
        SQLIndex("sql_owners_name_mood", on: ["name", "mood"], unique: true),
    ]
}

extension ConstructModelEquivalenceTests {
    @Test func snapshotModelsMatch() throws {
        same.expectSameColumns(MacroOwner.columns, HandOwner.columns)
        same.expectSameColumns(MacroPGOnly.columns, HandPGOnly.columns)
        same.expectSameColumns(MacroNote.columns, HandNote.columns)
        same.expectSameColumns(MacroGadget.columns, HandGadget.columns)
        for dialect in MacroEquivalenceTests.dialects {
            let m = MacroGadget.createStatements(ifNotExists: true, dialect: dialect).map {
                try? $0.render(dialect).sql
            }
            let h = HandGadget.createStatements(ifNotExists: true, dialect: dialect).map { try? $0.render(dialect).sql }
            #expect(m == h)
            let mo = MacroOwner.createStatements(ifNotExists: true, dialect: dialect).map {
                try? $0.render(dialect).sql
            }
            let ho = HandOwner.createStatements(ifNotExists: true, dialect: dialect).map { try? $0.render(dialect).sql }
            #expect(mo == ho && mo.compactMap { $0 }.joined().contains("sql_owners_name_mood"), "\(mo)")
        }
        try same.expectSame(MacroNote.insert(MacroNote(id: 1, body: "a")), HandNote.insert(HandNote(id: 1, body: "a")))
        try same.expectSame(MacroGadget.insert(MacroGadget(id: nil, ownerId: 1, label: nil)),
                            HandGadget.insert(HandGadget(id: nil, ownerId: 1, label: nil)))
        let doc = JSONValue(Settings(theme: "dark", tags: ["a"]))
        let at = Self.date
        let m = try MacroPGOnly.insert(MacroPGOnly(id: 1, tags: ["a"], numbers: [1], mood: .admin, doc: doc, at: at))
            .render(.postgreSQL)
        let h = try HandPGOnly.insert(HandPGOnly(id: 1, tags: ["a"], numbers: [1], mood: .admin, doc: doc, at: at))
            .render(.postgreSQL)
        #expect(m.sql == h.sql)
        #expect(m.values == h.values)
        let mc = MacroPGOnly.createStatements(ifNotExists: true, dialect: .postgreSQL).map {
            try? $0.render(.postgreSQL).sql
        }
        let hc = HandPGOnly.createStatements(ifNotExists: true, dialect: .postgreSQL).map {
            try? $0.render(.postgreSQL).sql
        }
        #expect(mc == hc)
    }
}
