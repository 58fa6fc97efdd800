import DataAPI
import DataAPIClient
import DataAPISQL
import Foundation
import Testing

/// Raw SQL with bound interpolations or named parameters; rows by label and position.
@Suite(.serialized) struct RawSQLTests {
    struct Named: Decodable, Equatable {
        var id: Int64
        var label: String
        var amount: Decimal?
    }

    static func table(_ db: Database) async throws -> String {
        let t = "exec_raw"
        try await db.execute("DROP TABLE IF EXISTS exec_raw")
        let id = db.engine == .mySQL ? "BIGINT AUTO_INCREMENT PRIMARY KEY" : "bigserial PRIMARY KEY"
        try await db.execute(
            SQL(
                unsafeRaw:
                    "CREATE TABLE exec_raw (id \(id), label varchar(50) NOT NULL, amount decimal(10,3), at timestamp NULL)"
            ))
        return t
    }

    @Test(arguments: DatabaseEngine.allCases) func interpolatedValuesAreBound(_ engine: DatabaseEngine) async throws {
        let db = try await ExecutorFixture.shared.database(engine)
        _ = try await Self.table(db)
        let hostile = "x'); DROP TABLE exec_raw; --"
        #expect(
            try await db.execute(
                "INSERT INTO exec_raw (label, amount) VALUES (\(hostile), \(Decimal(string: "1.250")!))") == 1)
        #expect(try await db.execute("INSERT INTO exec_raw (label, amount) VALUES (:label, :amount)",
                                     parameters: ["label": "second", "amount": Decimal(string: "-2.5")!]) == 1)
        #expect(try await db.execute("INSERT INTO exec_raw (label) VALUES (\("third"))") == 1)
        let rows = try await db.fetch("SELECT id, label, amount FROM exec_raw WHERE id >= \(1) ORDER BY id")
        #expect(rows.count == 3)
        #expect(try rows[0]["label", as: String.self] == hostile)
        #expect(try rows[1][2, as: Decimal.self] == Decimal(string: "-2.5"))
        #expect(try rows[2]["amount", as: Decimal?.self] == nil)
        #expect(rows.columnMetadata.map(\.label) == ["id", "label", "amount"])
        #expect(rows[0].columnMetadata.count == 3)
        let named = try await db.fetchAll(Named.self, "SELECT id, label, amount FROM exec_raw ORDER BY id")
        #expect(
            named == [
                Named(id: 1, label: hostile, amount: Decimal(string: "1.25")),
                Named(id: 2, label: "second", amount: -2.5),
                Named(id: 3, label: "third", amount: nil),
            ])
        #expect(
            try await db.fetchOne(Named.self, "SELECT id, label, amount FROM exec_raw WHERE label = \("second")")?.id
                == 2)
        let byName = try await db.fetch("SELECT label FROM exec_raw WHERE label = :l", parameters: ["l": "third"])
        #expect(try byName.first?["label", as: String.self] == "third")
        // A trusted fragment spliced in on purpose.
        let column = "label"
        #expect(try await db.fetch("SELECT \(unsafeRaw: column) FROM exec_raw ORDER BY id").count == 3)
    }

    @Test(arguments: DatabaseEngine.allCases)
    func rowsDecodeEveryShapeTheServiceSends(_ engine: DatabaseEngine) async throws {
        let db = try await ExecutorFixture.shared.database(engine)
        // MySQL answers comparisons as longValue 0/1; PostgreSQL as booleans.
        let r = try await db.fetch("SELECT 1 = 1 AS yes, 1 = 2 AS no, CAST(7 AS DECIMAL(5,2)) AS d, 3 AS n")
        #expect(try r[0]["yes", as: Bool.self] == true)
        #expect(try r[0]["no", as: Bool.self] == false)
        #expect(try r[0]["d", as: Decimal.self] == 7)
        #expect(try r[0]["d", as: Double.self] == 7)
        #expect(try r[0]["n", as: Int32.self] == 3)
        #expect(try r[0]["n", as: Int64?.self] == 3)
    }

    @Test(arguments: DatabaseEngine.allCases)
    func decodingFailuresNameTheirPlace(_ engine: DatabaseEngine) async throws {
        let db = try await ExecutorFixture.shared.database(engine)
        let r = try await db.fetch("SELECT 'abc' AS label, NULL AS nothing, 5 AS n")
        do {
            _ = try r[0]["label", as: Int64.self]
            Issue.record("a string read as Int64")
        } catch let e as RowDecodingError {
            #expect(e.column == "label" && e.arrived == "stringValue")
            #expect(e.sql.contains("SELECT 'abc'"))
        }
        #expect(throws: RowDecodingError.self) { try r[0]["nothing", as: String.self] }
        #expect(throws: RowDecodingError.self) { try r[0]["missing", as: String.self] }
        #expect(throws: RowDecodingError.self) { try r[0][7, as: String.self] }
        struct Wants: Decodable { var label: String; var other: String? }
        do {
            _ = try r[0].decode(as: Wants.self)
            Issue.record("a missing column decoded as nil")
        } catch let e as RowDecodingError {
            #expect(e.model == "Wants" && e.property == "other" && e.arrived == "no column")
        }
        struct Narrow: Decodable { var n: Int8; var label: String }
        #expect(try r[0].decode(as: Narrow.self).n == 5)
    }
}
