import BenchmarkModels
import DataAPIMacros
import Foundation
import Testing

/// A `@Table` model and the equivalent hand-written model render the same SQL, with the same
/// parameters, in PostgreSQL and MySQL.
@Suite struct MacroEquivalenceTests {
    static let dialects: [SQLDialect] = [.postgreSQL, .mySQL]

    func expectSame(_ macro: any SQLStatement, _ hand: any SQLStatement,
                    sourceLocation: SourceLocation = #_sourceLocation) throws {
        for dialect in Self.dialects {
            let m = try macro.render(dialect), h = try hand.render(dialect)
            #expect(m.sql == h.sql, sourceLocation: sourceLocation)
            #expect(m.names == h.names, sourceLocation: sourceLocation)
            #expect(m.values == h.values, sourceLocation: sourceLocation)
            #expect(m.columns.map(\.label) == h.columns.map(\.label), sourceLocation: sourceLocation)
        }
    }

    /// The schemas agree on everything but the Swift-side coding key and value type identity.
    func expectSameColumns(_ macro: [SQLColumnSchema], _ hand: [SQLColumnSchema],
                           sourceLocation: SourceLocation = #_sourceLocation) {
        func strip(_ c: SQLColumnSchema) -> [String] {
            [c.name, "\(c.type)", "\(c.isNullable)", "\(c.isPrimaryKey)", "\(c.isAutoIncrement)", "\(c.isUnique)",
             "\(String(describing: c.defaultValue))", c.valueType.name]
        }
        #expect(macro.map(strip) == hand.map(strip), sourceLocation: sourceLocation)
    }

    static let date = Date(timeIntervalSince1970: 1_700_000_000)

    static func people(_ n: Int) -> (MacroPerson, HandPerson) {
        let settings = JSONValue(Settings(theme: "dark", tags: ["a", "b\(n)"]))
        let uuid = UUID(uuidString: "00000000-0000-0000-0000-00000000000\(n % 10)")!
        let m = MacroPerson(id: nil, name: "p\(n)", email: n % 2 == 0 ? "p\(n)@example.com" : nil,
                            age: Int32(20 + n), small: Int16(n), score: Double(n) + 0.25, ratio: 0.5,
                            balance: Decimal(string: "\(n)00.50")!, active: n % 2 == 1, createdAt: date,
                            birthday: n % 3 == 0 ? nil : date, wakeUp: date, uuid: uuid, avatar: Data([0, UInt8(n)]),
                            role: .admin, level: .high, settings: settings)
        let h = HandPerson(
            id: m.id, name: m.name, email: m.email, age: m.age, small: m.small, score: m.score, ratio: m.ratio,
            balance: m.balance, active: m.active, createdAt: date, birthday: m.birthday, wakeUp: date, uuid: uuid,
            avatar: m.avatar, role: .admin, level: .high, settings: settings)
        return (m, h)
    }

    @Test func tableNamesAndColumnsMatch() {
        #expect(MacroPerson.tableName == HandPerson.tableName)
        #expect(MacroBenchRow.tableName == BenchRow.tableName)
        #expect(MacroPost.tableName == HandPost.tableName)
        expectSameColumns(MacroPerson.columns, HandPerson.columns)
        expectSameColumns(MacroBenchRow.columns, BenchRow.columns)
        expectSameColumns(MacroPost.columns, HandPost.columns)
    }

    @Test func createTableIsIdentical() throws {
        try expectSame(MacroPerson.createTable(ifNotExists: true), HandPerson.createTable(ifNotExists: true))
        try expectSame(MacroBenchRow.createTable(), BenchRow.createTable())
        try expectSame(MacroPost.createTable(ifNotExists: true), HandPost.createTable(ifNotExists: true))
        try expectSame(MacroBook.createTable(), HandBook.createTable())
        #expect(MacroBook.foreignKeys == HandBook.foreignKeys)
    }

    @Test func insertIsIdentical() throws {
        let (m1, h1) = Self.people(1), (m2, h2) = Self.people(2)
        try expectSame(MacroPerson.insert(m1), HandPerson.insert(h1))
        try expectSame(MacroPerson.insert([m1, m2]), HandPerson.insert([h1, h2]))
        let payload = Data([1, 2, 3])
        try expectSame(
            MacroBenchRow.insert(
                MacroBenchRow(
                    id: 1, name: "a", score: 1.5, active: true, amount: 12.25, createdAt: Self.date,
                    day: Self.date, payload: payload)),
            BenchRow.insert(BenchRow(id: 1, name: "a", score: 1.5, active: true, amount: 12.25, createdAt: Self.date,
                                     day: Self.date, payload: payload)))
        try expectSame(MacroPost.insert(MacroPost(personId: 1, slug: "s", title: "t", views: nil))
                           .onConflict(MacroPost.personId, MacroPost.slug).doUpdate(MacroPost.title, MacroPost.views),
                       HandPost.insert(HandPost(personId: 1, slug: "s", title: "t", views: nil))
                           .onConflict(HandPost.personId, HandPost.slug).doUpdate(HandPost.title, HandPost.views))
    }

    @Test func selectIsIdentical() throws {
        try expectSame(
            MacroPerson.select().where(MacroPerson.name.eq("ken") && MacroPerson.age.gte(18)).order(
                MacroPerson.createdAt),
            HandPerson.select().where(HandPerson.name.eq("ken") && HandPerson.age.gte(18)).order(HandPerson.createdAt))
        try expectSame(MacroBenchRow.select().where(MacroBenchRow.createdAt.lt(Self.date)).limit(10),
                       BenchRow.select().where(BenchRow.createdAt.lt(Self.date)).limit(10))
    }

    @Test func updateIsIdentical() throws {
        try expectSame(MacroPerson.update().set(MacroPerson.name, to: "renamed").set(MacroPerson.email, to: nil)
                           .set(MacroPerson.age, to: MacroPerson.age.plus(1)).where(MacroPerson.id.eq(2)),
                       HandPerson.update().set(HandPerson.name, to: "renamed").set(HandPerson.email, to: nil)
                           .set(HandPerson.age, to: HandPerson.age.plus(1)).where(HandPerson.id.eq(2)))
        try expectSame(MacroPost.updateAll().set(MacroPost.views, to: MacroPost.views.coalesce(0)),
                       HandPost.updateAll().set(HandPost.views, to: HandPost.views.coalesce(0)))
    }

    @Test func transientPropertiesStayOutOfCoding() throws {
        var person = Self.people(3).0
        person.isSelected = true
        let json = try JSONEncoder().encode(person)
        let text = String(decoding: json, as: UTF8.self)
        #expect(!text.contains("isSelected"))
        #expect(try JSONDecoder().decode(MacroPerson.self, from: json).isSelected == false)
        #expect(MacroPerson.columns.count == 17)
    }
}
