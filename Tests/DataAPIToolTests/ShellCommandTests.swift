import DataAPI
import DataAPITestServer
@testable import data_api
import Foundation
import Testing

extension ToolTests {
    /// `data-api shell` through pipes (no terminal: no prompt) on both engines.
    @Suite struct ShellCommandTests {
        @Test(arguments: DatabaseEngine.allCases)
        func statementsAndMetaCommandsThroughAPipe(_ engine: DatabaseEngine) async throws {
            let dir = try TemporaryDirectory()
            let file = try dir.write("more.sql", "INSERT INTO tool_shell VALUES (3, 'three', NULL);\n")
            let input = """
                DROP TABLE IF EXISTS tool_shell;
                CREATE TABLE tool_shell (id integer PRIMARY KEY,
                  label varchar(20) NOT NULL, note text);
                INSERT INTO tool_shell VALUES (1, 'a;b', NULL),
                  (2, 'two', 'x'); SELECT COUNT(*) AS n
                FROM tool_shell;
                \\d tool_shell
                \\x
                SELECT id, label, note FROM tool_shell WHERE id = 1;
                \\x
                \\begin
                DELETE FROM tool_shell;
                \\rollback
                SELECT * FROM tool_shell_missing;
                \\i \(file)
                SELECT COUNT(*) AS n FROM tool_shell;
                \\nope
                \\q
                SELECT 'not run';
                """
            let r = try await ToolFixture.shared.run(engine, ["shell"], input: input)
            #expect(r.status == 0, "\(r.stderr)")
            let expectedKey = engine == .postgreSQL ? "PRIMARY KEY" : "PRI"
            #expect(r.stdout.contains("""
                 n
                ---
                 2
                (1 row)
                """), "\(r.stdout)")
            let describe = r.stdout.split(separator: "\n").filter { $0.hasPrefix(" id ") || $0.hasPrefix(" label ") }
            #expect(
                describe.count == 2 && describe[0].contains(expectedKey) && describe[1].contains("NO"), "\(r.stdout)")
            #expect(r.stdout.contains("""
                Expanded display is on.
                -[ RECORD 1 ]-
                id    | 1
                label | a;b
                note  | NULL
                Expanded display is off.
                BEGIN
                (2 rows affected)
                ROLLBACK
                """), "\(r.stdout)")
            #expect(r.stdout.hasSuffix("""
                (1 row affected)
                 n
                ---
                 3
                (1 row)

                """), "\(r.stdout)")
            #expect(!r.stdout.contains("not run"))
            let errors = r.stderr.split(separator: "\n").filter { $0.hasPrefix("ERROR: ") }
            #expect(errors.count == 2, "\(r.stderr)")
            #expect(errors.first?.contains(engine == .postgreSQL ? "SQLState 42P01" : "SQLState 42S02") == true)
            #expect(errors.last == "ERROR: unknown command \\nope; \\? lists them")
        }

        @Test func statementEndsAreFoundOutsideStringsAndComments() {
            #expect(ShellSession.isComplete("SELECT 1;", engine: .postgreSQL))
            #expect(ShellSession.isComplete("SELECT 1; -- done", engine: .postgreSQL))
            #expect(!ShellSession.isComplete("SELECT 'a;", engine: .postgreSQL))
            #expect(!ShellSession.isComplete("SELECT $$;", engine: .postgreSQL))
            #expect(!ShellSession.isComplete("SELECT 1 /* ; */", engine: .mySQL))
            #expect(ShellSession.isComplete("SELECT `a;b`;", engine: .mySQL))
        }
    }
}
