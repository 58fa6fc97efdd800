import DataAPI
import Foundation
import Testing

/// Migrations on both engines through the local Data API: order, once only, checksums,
/// failures and concurrent migrators.
@Suite(.serialized) struct MigratorTests {
    /// A clean slate: the tables a test uses, and its migrations table, dropped.
    static func reset(_ db: Database, _ tables: [String]) async throws {
        for t in tables { try await db.execute(SQL(unsafeRaw: "DROP TABLE IF EXISTS \(t)")) }
    }

    static func count(_ db: Database, _ sql: String) async throws -> Int64 {
        try await db.fetch(SQL(unsafeRaw: sql))[0][0, as: Int64.self]
    }

    @Test(arguments: DatabaseEngine.allCases)
    func appliesInOrderOnceAndReportsStatus(_ engine: DatabaseEngine) async throws {
        let db = try await ExecutorFixture.shared.database(engine)
        try await Self.reset(db, ["mig_order_items", "mig_order_ledger"])
        let migrator = Migrator([
            Migration("001_items", sql: """
                -- a table; the comment's semicolon; is not a statement end
                CREATE TABLE mig_order_items (id integer PRIMARY KEY, label varchar(40) NOT NULL);
                INSERT INTO mig_order_items VALUES (1, 'one;two');
                """),
            Migration("002_more", statements: ["INSERT INTO mig_order_items VALUES (2, 'two')"]),
            Migration("003_code") { db in
                try await db.execute("INSERT INTO mig_order_items VALUES (\(3), \("three"))")
            },
        ], tableName: "mig_order_ledger")
        #expect(try await migrator.status(db).map(\.state) == [.pending, .pending, .pending])
        #expect(try await migrator.migrate(db) == ["001_items", "002_more", "003_code"])
        #expect(try await migrator.migrate(db) == [])
        #expect(try await Self.count(db, "SELECT COUNT(*) FROM mig_order_items") == 3)
        #expect(
            try await db.fetch("SELECT label FROM mig_order_items WHERE id = 1")[0][0, as: String.self] == "one;two")
        let status = try await migrator.status(db)
        #expect(status.map(\.name) == ["001_items", "002_more", "003_code"])
        #expect(status.map(\.state) == [.applied, .applied, .applied])
        #expect(status.allSatisfy { $0.appliedAt.map { abs($0.timeIntervalSinceNow) < 300 } ?? false })
        // A later migration is applied alone; a record no longer registered is listed.
        let grown = Migrator(
            migrator.migrations.dropFirst() + [Migration("004_last", sql: "DELETE FROM mig_order_items WHERE id = 3;")],
            tableName: "mig_order_ledger")
        #expect(try await grown.migrate(db) == ["004_last"])
        #expect(try await grown.status(db).map(\.state) == [.applied, .applied, .applied, .unregistered])
    }

    @Test(arguments: DatabaseEngine.allCases)
    func anEditedMigrationIsAnErrorNotSkipped(_ engine: DatabaseEngine) async throws {
        let db = try await ExecutorFixture.shared.database(engine)
        try await Self.reset(db, ["mig_edit_items", "mig_edit_ledger"])
        let first = Migration("001_items", sql: "CREATE TABLE mig_edit_items (id integer PRIMARY KEY);")
        #expect(try await Migrator([first], tableName: "mig_edit_ledger").migrate(db) == ["001_items"])
        let edited = Migrator([
            Migration("001_items", sql: "CREATE TABLE mig_edit_items (id integer PRIMARY KEY, extra integer);"),
            Migration("002_rows", sql: "INSERT INTO mig_edit_items (id) VALUES (1);"),
        ], tableName: "mig_edit_ledger")
        do {
            try await edited.migrate(db)
            Issue.record("an edited migration was accepted")
        } catch let e as MigrationError {
            #expect(e.code == .checksumMismatch)
            #expect(e.migration == "001_items")
        }
        #expect(try await Self.count(db, "SELECT COUNT(*) FROM mig_edit_items") == 0)
        #expect(try await edited.status(db).map(\.state) == [.changed, .pending])
    }

    @Test(arguments: DatabaseEngine.allCases)
    func aFailureNamesItsStatementAndIsNotRecorded(_ engine: DatabaseEngine) async throws {
        let db = try await ExecutorFixture.shared.database(engine)
        try await Self.reset(db, ["mig_fail_a", "mig_fail_b", "mig_fail_ledger"])
        let migrator = Migrator([
            Migration("001_ok", sql: "CREATE TABLE mig_fail_a (id integer PRIMARY KEY);"),
            Migration("002_breaks", sql: """
                CREATE TABLE mig_fail_b (id integer PRIMARY KEY);

                INSERT INTO mig_fail_missing VALUES (1);
                INSERT INTO mig_fail_b VALUES (1);
                """),
            Migration("003_never", sql: "INSERT INTO mig_fail_a VALUES (1);"),
        ], tableName: "mig_fail_ledger")
        do {
            try await migrator.migrate(db)
            Issue.record("the failing migration succeeded")
        } catch let e as MigrationError {
            #expect(e.code == .failed)
            #expect(e.migration == "002_breaks")
            #expect(e.statementIndex == 2)
            #expect(e.line == 3)
            #expect(e.sql == "INSERT INTO mig_fail_missing VALUES (1)")
            #expect(e.sqlState == (engine == .postgreSQL ? "42P01" : "42S02"))
            #expect(e.message.contains("statement 2 of 3 (line 3)"), "\(e)")
        }
        #expect(try await migrator.status(db).map(\.state) == [.applied, .pending, .pending])
        #expect(try await Self.count(db, "SELECT COUNT(*) FROM mig_fail_a") == 0)
        let tableB = try await Self.count(db, engine == .postgreSQL
            ? "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'mig_fail_b'"
                : "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'mig_fail_b' AND table_schema = DATABASE()"
        )
        // PostgreSQL rolled the migration back; MySQL had committed its DDL, as the error says.
        #expect(tableB == (engine == .postgreSQL ? 0 : 1))
    }

    @Test(arguments: DatabaseEngine.allCases)
    func concurrentMigratorsApplyEachMigrationOnce(_ engine: DatabaseEngine) async throws {
        let db = try await ExecutorFixture.shared.database(engine)
        try await Self.reset(db, ["mig_race_log", "mig_race_ledger"])
        try await db.execute("CREATE TABLE mig_race_log (name varchar(40) NOT NULL)")
        let migrations = (1...6).map { n in
            Migration(String(format: "%03d_step", n), sql: "INSERT INTO mig_race_log VALUES ('\(n)');")
        }
        let migrator = Migrator(migrations, tableName: "mig_race_ledger")
        let server = try await ExecutorFixture.shared.standardServer(engine)
        let results = try await withThrowingTaskGroup(of: [String].self) { group in
            for _ in 0..<3 {
                // Separate clients: separate connections to the local server.
                let handle = ExecutorFixture.database(engine, endpoint: server.endpoint)
                group.addTask { try await migrator.migrate(handle) }
            }
            return try await group.reduce(into: [[String]]()) { $0.append($1) }
        }
        #expect(results.flatMap { $0 }.sorted() == migrations.map(\.name))
        let rows = try await db.fetch("SELECT name, COUNT(*) AS n FROM mig_race_log GROUP BY name ORDER BY name")
        #expect(rows.count == 6)
        #expect(try rows.allSatisfy { try $0["n", as: Int64.self] == 1 })
    }

    @Test func duplicateNamesAreRefused() async throws {
        let db = try await ExecutorFixture.shared.database(.postgreSQL)
        let migrator = Migrator(
            [Migration("a", sql: "SELECT 1;"), Migration("a", sql: "SELECT 2;")], tableName: "mig_dup_ledger")
        await #expect(throws: MigrationError.self) { try await migrator.migrate(db) }
    }
}
