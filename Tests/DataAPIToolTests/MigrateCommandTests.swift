import DataAPI
import DataAPITestServer
import Foundation
import Testing

extension ToolTests {
    /// `data-api migrate DIR` and `--status` against the local Data API on both engines.
    @Suite struct MigrateCommandTests {
        @Test(arguments: DatabaseEngine.allCases)
        func aFolderOfNumberedFilesAppliesOnceWithStatus(_ engine: DatabaseEngine) async throws {
            let tool = ToolFixture.shared
            _ = try await tool.run(
                engine, ["sql"], input: "DROP TABLE IF EXISTS tool_mig_items; DROP TABLE IF EXISTS tool_mig_ledger;")
            let dir = try TemporaryDirectory()
            try dir.write("001_items.sql", """
                -- the items; a comment
                CREATE TABLE tool_mig_items (id integer PRIMARY KEY, label varchar(20));
                INSERT INTO tool_mig_items VALUES (1, 'one;');
                """)
            try dir.write("2_more.sql", "INSERT INTO tool_mig_items VALUES (2, 'two');\n")
            try dir.write("README.txt", "not a migration")
            let common = ["--table", "tool_mig_ledger"]
            let pending = try await tool.run(engine, ["migrate", dir.path, "--status"] + common)
            #expect(pending.status == 0, "\(pending.stderr)")
            #expect(pending.stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
                == [["pending", "001_items"], ["pending", "2_more"]])
            let first = try await tool.run(engine, ["migrate", dir.path] + common)
            #expect(first.status == 0, "\(first.stderr)")
            #expect(first.stdout == "applied 001_items\napplied 2_more\n")
            let again = try await tool.run(engine, ["migrate", dir.path] + common)
            #expect(again.stdout == "nothing to apply: 2 migrations are applied\n")
            let status = try await tool.run(engine, ["migrate", dir.path, "--status"] + common)
            let lines = status.stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
            #expect(lines.map(\.first) == ["applied", "applied"])
            #expect(lines.map(\.last) == ["001_items", "2_more"])
            // An edited file stops the run and is shown as changed.
            try dir.write("2_more.sql", "INSERT INTO tool_mig_items VALUES (2, 'TWO');\n")
            try dir.write("3_last.sql", "INSERT INTO tool_mig_items VALUES (3, 'three');\n")
            let edited = try await tool.run(engine, ["migrate", dir.path] + common)
            #expect(edited.status == 1)
            #expect(edited.stderr.contains("migration 2_more was edited after it was applied"), "\(edited.stderr)")
            let changed = try await tool.run(engine, ["migrate", dir.path, "--status"] + common)
            #expect(
                changed.stdout.split(separator: "\n").map { String($0.prefix(7)) } == ["applied", "changed", "pending"])
        }

        @Test(arguments: DatabaseEngine.allCases) func aFailingStatementIsNamed(_ engine: DatabaseEngine) async throws {
            let tool = ToolFixture.shared
            _ = try await tool.run(
                engine, ["sql"], input: "DROP TABLE IF EXISTS tool_migfail_a; DROP TABLE IF EXISTS tool_migfail_ledger;"
            )
            let dir = try TemporaryDirectory()
            try dir.write(
                "01_a.sql", "CREATE TABLE tool_migfail_a (id integer);\n\nINSERT INTO tool_migfail_nope VALUES (1);\n")
            let r = try await tool.run(engine, ["migrate", dir.path, "--table", "tool_migfail_ledger"])
            #expect(r.status == 1)
            #expect(r.stderr.contains("migration 01_a stopped at statement 2 of 2 (line 3)"), "\(r.stderr)")
            #expect(r.stderr.contains(engine == .postgreSQL ? "rolled back" : "statement 1 ran and stays"))
            #expect(r.stderr.contains("SQL: INSERT INTO tool_migfail_nope VALUES (1)"))
            #expect(r.stderr.contains(engine == .postgreSQL ? "SQLState 42P01" : "SQLState 42S02"))
        }

        @Test func unnumberedOrDuplicateNumbersAreRefused() async throws {
            let dir = try TemporaryDirectory()
            try dir.write("1_a.sql", "SELECT 1;")
            try dir.write("01_b.sql", "SELECT 2;")
            let r = try await ToolFixture.shared.run(.postgreSQL, ["migrate", dir.path, "--status"])
            #expect(r.status != 0)
            #expect(r.stderr.contains("have the same number"), "\(r.stderr)")
            let other = try TemporaryDirectory()
            try other.write("init.sql", "SELECT 1;")
            let unnumbered = try await ToolFixture.shared.run(.postgreSQL, ["migrate", other.path])
            #expect(unnumbered.stderr.contains("init.sql is not numbered"), "\(unnumbered.stderr)")
        }
    }
}
