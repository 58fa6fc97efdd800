import DataAPI
import DataAPISQL
import Foundation
import Testing

/// A model with a defaulted optional column, for inserts that leave it out.
struct Labelled: Table, Equatable {
    var id: Int64?
    var n: Int64
    var label: String?
    static let tableName = "exec_labelled"
    enum CodingKeys: String, CodingKey { case id, n, label }
    static let id = Column<Labelled, Int64?>(CodingKeys.id).primaryKey().autoIncrement()
    static let n = Column<Labelled, Int64>(CodingKeys.n)
    static let label = Column<Labelled, String?>(CodingKeys.label, type: .varchar(40)).defaultValue("unnamed")
    static let columns = [id.schema, n.schema, label.schema]
    static let indexes = [SQLIndex("exec_labelled_n", on: ["n"])]
}

/// Issue 14: a nil value for a defaulted column is left out of every insert path, and the
/// executor still returns the models it inserted.
@Suite(.serialized) struct DefaultColumnTests {
    @Test(arguments: DatabaseEngine.allCases)
    func nilDefaultedColumnsGetTheirDefault(_ engine: DatabaseEngine) async throws {
        let db = try await ExecutorFixture.shared.database(engine)
        try await db.drop(Labelled.self, ifExists: true)
        try await db.create(Labelled.self, ifNotExists: true)
        try await db.create(Labelled.self, ifNotExists: true)
        let one = try await db.insert(Labelled(id: nil, n: 1, label: nil))
        #expect(one.id == 1)
        // PostgreSQL returns the stored row; MySQL the model as given, with its key.
        #expect(one.label == (engine == .postgreSQL ? "unnamed" : nil))
        let many = try await db.insertReturning(contentsOf: [
            Labelled(id: nil, n: 2, label: nil), Labelled(id: nil, n: 3, label: nil),
        ])
        #expect(many.map(\.id) == [2, 3] && many.map(\.label) == [nil, nil])
        #expect(
            try await db.insert(contentsOf: [
                Labelled(id: nil, n: 4, label: "set"), Labelled(id: nil, n: 5, label: "too"),
            ]) == 2)
        await expectQueryError(.invalidStatement) {
            _ = try await db.insert(contentsOf: [
                Labelled(id: nil, n: 6, label: nil), Labelled(id: nil, n: 7, label: "x"),
            ])
        }
        let stored = try await db.fetchAll(Labelled.select(Labelled.n, Labelled.label).order(Labelled.n))
        #expect(stored.map(\.1) == ["unnamed", "unnamed", "unnamed", "set", "too"])
        try await db.drop(Labelled.self)
    }
}
