import DataAPIClient
import DataAPISQL
import DataAPITestServer
import Foundation
import Testing

/// Arbitrary strings, as values and as identifiers, never change a statement's shape and
/// round-trip exactly through both databases.
@Suite(.serialized) struct PropertyTests {
    /// Hostile strings from a seeded generator, so a failure reproduces.
    struct Generator {
        var rng: SplitMix
        init(state: UInt64) { rng = SplitMix(seed: state) }
        mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(rng.next() % UInt64(range.count)) }

        static let pieces = [
            "'", "\"", "`", "\\", "\u{0}", ":name", "::", ":p1", "$1", "&1", "?", "--", "/*", "*/", "#", ";", "⟦", "⟧",
            "é", "🚀", "שלום", "\n", "\t", " ", "%", "_", "a", "Z", "0", "NULL", "DROP TABLE x", "\u{200B}", "ß",
        ]

        /// A string built from hostile pieces; sometimes very long.
        mutating func string(allowNUL: Bool = true, maxPieces: Int = 12) -> String {
            var s = ""
            for _ in 0..<int(0...maxPieces) {
                let p = Self.pieces[int(0...(Self.pieces.count - 1))]
                if !allowNUL && p == "\u{0}" { continue }
                s += p
            }
            if int(0...19) == 0 { s += String(repeating: "x'\\", count: int(1000...6000)) }
            return s
        }
    }

    static let dialects: [SQLDialect] = [.postgreSQL, .mySQL, .oddTest]

    @Test func valuesNeverChangeTheShape() throws {
        var g = Generator(state: 1)
        for dialect in Self.dialects {
            let reference = try Note.select(Note.id).where(Note.body.eq("x") && Note.body.like("y")).render(dialect)
            for _ in 0..<300 {
                let s = g.string(allowNUL: dialect.textAllowsNUL)
                let q = try Note.select(Note.id).where(Note.body.eq(s) && Note.body.like(s)).render(dialect)
                #expect(q.sql == reference.sql)
                #expect(q.values == [.string(s), .string(s)])
                let f: SQLFragment = "\(Note.body) = \(s)"
                #expect(
                    try Note.select(Note.id).where(f).render(dialect).sql
                        == Note.select(Note.id).where("\(Note.body) = \("x")" as SQLFragment).render(dialect).sql)
            }
        }
    }

    @Test func identifiersAreQuotedWhole() throws {
        var g = Generator(state: 2)
        for dialect in Self.dialects {
            for _ in 0..<300 {
                let name = g.string(allowNUL: false, maxPieces: 6)
                let render = { try Note.select(Note.id.as(name)).render(dialect) }
                if let problem = dialect.identifierProblem(name) {
                    #expect(throws: SQLRenderError.invalidValue(problem)) { try render() }
                    continue
                }
                let sql = try render().sql
                let quoted = dialect.quote(name)
                // Removing the quoted alias leaves exactly the statement with an empty alias slot.
                let reference = try Note.select(Note.id.as("x")).render(dialect).sql
                #expect(
                    sql.replacingOccurrences(of: " AS " + quoted + " FROM", with: " AS " + dialect.quote("x") + " FROM")
                        == reference)
            }
        }
    }

    @Test(arguments: ["PostgreSQL", "MySQL"]) func stringsRoundTripThroughTheDatabase(_ name: String) async throws {
        let dialect: SQLDialect = name == "MySQL" ? .mySQL : .postgreSQL
        let r = try await SQLRunner.make(dialect)
        let table = "sql_notes_prop"
        try await r.raw("DROP TABLE IF EXISTS \(dialect.quote(table))")
        try await r.raw(
            "CREATE TABLE \(dialect.quote(table)) (id BIGINT PRIMARY KEY, body \(name == "MySQL" ? "LONGTEXT" : "text"))"
        )
        func onTable(_ q: SQLQuery) -> SQLQuery {
            SQLQuery(
                sql: q.sql.replacingOccurrences(of: dialect.quote(Note.tableName), with: dialect.quote(table)),
                names: q.names, values: q.values)
        }
        var g = Generator(state: 3)
        for id in 0..<80 {
            let s = g.string()
            let insert = Note.insert(Note(id: Int64(id), body: s))
            if s.utf8.contains(0) && !dialect.textAllowsNUL {
                #expect(throws: SQLRenderError.self) { try insert.render(dialect) }
                continue
            }
            try await r.run(onTable(try insert.render(dialect)))
            let back = try await r.run(
                onTable(try Note.select(Note.body).where(Note.id.eq(Int64(id)) && Note.body.eq(s)).render(dialect)))
            #expect(back.records == [[.stringValue(s)]], "\(name) lost \(s.debugDescription.prefix(80))")
        }
        // Identifiers: the alias comes back as the column label.
        for _ in 0..<40 {
            let alias = g.string(allowNUL: false, maxPieces: 5)
            guard dialect.identifierProblem(alias) == nil else { continue }
            let response = try await r.run(
                onTable(try Note.select(Note.id.as(alias)).where(Note.id.eq(0)).render(dialect)), metadata: true)
            #expect(response.columnMetadata?.first?.label == alias, "\(name) alias \(alias.debugDescription)")
        }
        try await r.raw("DROP TABLE \(dialect.quote(table))")
    }
}
