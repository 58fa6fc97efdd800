import DataAPI
import DataAPISQL
import Foundation
import Testing

/// Inline SQL snapshots: every construct in PostgreSQL, MySQL and the odd test dialect.
@Suite struct SnapshotTests {
    static func rendered(_ statement: any SQLStatement, _ dialect: SQLDialect) -> String {
        do { return try statement.render(dialect).sql } catch { return "!\(error)" }
    }

    /// The snapshots' line breaks only ever replace one space: unwrapped, each shows the exact SQL.
    @Test func snapshotLayoutKeepsTheRenderedText() throws {
        for c in SnapshotCases.all + ConstructCases.all {
            for dialect in SQLLayout.dialects {
                guard let q = try? c.statement.render(dialect) else { continue }
                let wrapped = SQLLayout.wrap(q.sql)
                #expect(SQLLayout.unwrap(wrapped) == q.sql, "\(c.label) in \(dialect.name)")
            }
        }
    }

    @Test func parametersCarryTheDeclaredTypeHint() throws {
        let p = Person.sample(2)
        let q = try Person.insert(p).render(.postgreSQL)
        #expect(q.names == (1...16).map { "p\($0)" })
        let byColumn = Dictionary(uniqueKeysWithValues: zip(Person.columns.dropFirst().map(\.name), q.values))
        #expect(byColumn["name"] == .string("person 2"))
        #expect(byColumn["email"] == .string("p2@example.com"))
        #expect(byColumn["age"] == .int(22))
        #expect(byColumn["score"] == .double(2.25))
        #expect(byColumn["balance"] == .typed("200.5", .decimal))
        #expect(byColumn["active"] == .bool(false))
        #expect(byColumn["created_at"] == .temporal(p.createdAt, .timestamp))
        #expect(byColumn["birthday"] == .temporal(p.birthday!, .date))
        #expect(byColumn["wake_up"] == .temporal(p.wakeUp, .time))
        let utc = TemporalCoding(timeZone: TimeZone(identifier: "UTC")!)
        #expect(utc.format(p.createdAt, .timestamp) == "2023-11-14 22:13:22.123456")
        #expect(utc.format(p.birthday!, .date) == "2000-01-03")
        #expect(utc.format(p.wakeUp, .time) == "07:30:02")
        #expect(byColumn["uuid"] == .typed("00000000-0000-0000-0000-000000000002", .uuid))
        #expect(byColumn["avatar"] == .blob(Data([0, 2, 255])))
        #expect(byColumn["role"] == .string("admin"))
        #expect(byColumn["level"] == .int(2))
        #expect(byColumn["settings"] == .typed(#"{"tags":["a","b2"],"theme":"dark"}"#, .json))
        // nil fields the synthesized encoder skipped are explicit NULLs.
        let odd = try Person.insert(Person.sample(3)).render(.mySQL)
        let byName = Dictionary(uniqueKeysWithValues: zip(Person.columns.dropFirst().map(\.name), odd.values))
        #expect(byName["email"] == .null && byName["birthday"] == .null && byName["avatar"] == .null)
    }

    @Test func autoIncrementKeysAreLeftOutOnlyWhenNil() throws {
        var p = Person.sample(1)
        p.id = 42
        #expect(try Person.insert(p).render(.postgreSQL).sql.hasPrefix(#"INSERT INTO "sql_people" ("id", "name""#))
        #expect(throws: SQLRenderError.mixedAutoIncrement("id")) {
            try Person.insert([p, Person.sample(2)]).render(.postgreSQL)
        }
        #expect(throws: SQLRenderError.emptyInsert("sql_posts")) { try Post.insert([]).render(.postgreSQL) }
    }

    @Test func arraysRenderAsCastLiterals() throws {
        let q = try PGOnly.select(PGOnly.id).where(PGOnly.tags.eq(["a\"b", "c\\d", "", "x,y"])).render(.postgreSQL)
        #expect(q.values == [.string(#"{"a\"b","c\\d","","x,y"}"#)])
    }

    @Test func ddlLiteralsAreEscapedPerDialect() throws {
        struct Odd: Table {
            var name: String
            static let tableName = "odd\"`⟧table"
            enum CodingKeys: String, CodingKey { case name }
            static let name = Column<Odd, String>(CodingKeys.name).defaultValue("it's a \\ test")
            static let columns = [name.schema]
        }
        #expect(
            try Odd.createTable().render(.postgreSQL).sql
                == #"CREATE TABLE "odd""`⟧table" ("name" text NOT NULL DEFAULT ('it''s a \ test'))"#)
        #expect(
            try Odd.createTable().render(.mySQL).sql
                == #"CREATE TABLE `odd"``⟧table` (`name` TEXT NOT NULL DEFAULT ('it''s a \\ test'))"#)
        #expect(
            try Odd.createTable().render(.oddTest).sql
                == #"CREATE TABLE ⟦odd"`⟧⟧table⟧ (⟦name⟧ ODD_TEXT NOT NULL DEFAULT ('it''s a \ test'))"#)
        #expect(try Odd.createStatements(dialect: .postgreSQL).count == 1)
        #expect(
            try PGOnly.createStatements(dialect: .postgreSQL).first!.render(.postgreSQL).sql
                == #"CREATE TYPE "sql_mood" AS ENUM ('admin', 'member')"#)
    }

    @Test func badValuesAndIdentifiersAreTypedErrors() throws {
        #expect(throws: SQLRenderError.valueOutOfRange("18446744073709551615")) {
            try SQLFragment("SELECT \(UInt64.max)").render()
        }
        #expect(throws: SQLRenderError.valueOutOfRange("nan")) {
            try Person.select().where(Person.score.eq(.nan)).render(.postgreSQL)
        }
        // The error names the column the value is compared with or goes to.
        #expect(throws: SQLRenderError.invalidValue("sql_people.name: PostgreSQL text cannot contain a NUL character"))
        {
            try Person.select().where(Person.name.eq("a\u{0}b")).render(.postgreSQL)
        }
        #expect(throws: SQLRenderError.invalidValue("sql_people.email: PostgreSQL text cannot contain a NUL character"))
        {
            try Person.update().set(Person.email, to: "x\u{0}").where(Person.id.eq(1)).render(.postgreSQL)
        }
        var nul = Person.sample(1)
        nul.name = "\u{0}"
        #expect(throws: SQLRenderError.invalidValue("sql_people.name: PostgreSQL text cannot contain a NUL character"))
        {
            try Person.insert(nul).render(.postgreSQL)
        }
        #expect(throws: SQLRenderError.invalidValue("sql_people.name: PostgreSQL text cannot contain a NUL character"))
        {
            try Person.insert([Person.sample(2), nul]).renderBatch(.postgreSQL)
        }
        #expect(try Person.select().where(Person.name.eq("a\u{0}b")).render(.mySQL).values == [.string("a\u{0}b")])
        #expect(throws: SQLRenderError.self) {
            try Person.select(Person.id.as(String(repeating: "x", count: 64))).render(.postgreSQL)
        }
        #expect(throws: SQLRenderError.self) { try Person.select(Person.id.as("trailing ")).render(.mySQL) }
    }

    @Test func everyCodingKeyHasADescriptor() throws {
        var p = Person.sample(2)
        p.id = 1
        #expect(try Person.codingKeysWithoutColumns(sample: p) == [])
        struct Missing: Table {
            var id: Int64
            var forgotten: String
            static let tableName = "m"
            enum CodingKeys: String, CodingKey { case id, forgotten }
            static let id = Column<Missing, Int64>(CodingKeys.id)
            static let columns = [id.schema]
        }
        #expect(try Missing.codingKeysWithoutColumns(sample: Missing(id: 1, forgotten: "x")) == ["forgotten"])
    }
}

extension SQLFragment {
    /// A fragment as a whole statement, for tests of binding.
    func render() throws -> SQLQuery { try Person.select().where(self).render(.postgreSQL) }
}

@Suite struct RowEncodingTests {
    struct Flat: Table {
        var id: Int64
        static let tableName = "flat"
        enum CodingKeys: String, CodingKey { case id }
        static let id = Column<Flat, Int64>(CodingKeys.id)
        static let columns = [id.schema]
        func encode(to encoder: Encoder) throws {
            var c = encoder.unkeyedContainer()
            try c.encode(id)
        }
    }
    struct Nested: Table {
        var id: Int64
        static let tableName = "nested"
        enum CodingKeys: String, CodingKey { case id }
        static let id = Column<Nested, Int64>(CodingKeys.id)
        static let columns = [id.schema]
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            var inner = c.nestedUnkeyedContainer(forKey: .id)
            try inner.encode(id)
        }
    }

    @Test func modelsThatDoNotEncodeAsARowAreTypedErrors() {
        #expect(throws: SQLRenderError.self) { try Flat.insert(Flat(id: 1)).render(.postgreSQL) }
        #expect(throws: SQLRenderError.self) { try Nested.insert(Nested(id: 1)).render(.mySQL) }
    }
}
