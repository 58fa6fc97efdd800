import DataAPI
import Foundation
import Testing

extension ToolTests {
    /// `data-api sql` through pipes against the local Data API on both engines.
    @Suite struct SQLCommandTests {
        static func setup(_ table: String) -> String {
            """
            DROP TABLE IF EXISTS \(table);
            CREATE TABLE \(table) (id integer PRIMARY KEY, label varchar(20) NOT NULL, note varchar(20));
            -- a comment; with a semicolon, and a string with one:
            INSERT INTO \(table) VALUES (1, 'a;b', NULL), (2, '', 'x');

            """
        }

        @Test(arguments: DatabaseEngine.allCases)
        func aScriptOnStandardInputPrintsAnAlignedTable(_ engine: DatabaseEngine) async throws {
            let r = try await ToolFixture.shared.run(
                engine, ["sql"], input: Self.setup("tool_table") + "SELECT id, label, note FROM tool_table ORDER BY id;"
            )
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.hasSuffix("""
                (2 rows affected)

                 id | label | note
                ----+-------+------
                  1 | a;b   | NULL
                  2 |       | x
                (2 rows)

                """), "\(r.stdout)")
        }

        @Test(arguments: DatabaseEngine.allCases)
        func csvJSONLinesAndTheServiceJSON(_ engine: DatabaseEngine) async throws {
            let setup = try await ToolFixture.shared.run(engine, ["sql"], input: Self.setup("tool_formats"))
            #expect(setup.status == 0, "\(setup.stderr)")
            let query = "SELECT id, label, note FROM tool_formats ORDER BY id"
            let csv = try await ToolFixture.shared.run(engine, ["sql", query, "--format", "csv"])
            #expect(csv.stdout == "id,label,note\r\n1,a;b,\r\n2,\"\",x\r\n", "\(csv.stderr)")
            let jsonl = try await ToolFixture.shared.run(engine, ["sql", query, "--format", "jsonl"])
            #expect(jsonl.stdout == #"""
                {"id":1,"label":"a;b","note":null}
                {"id":2,"label":"","note":"x"}

                """#, "\(jsonl.stderr)")
            let json = try await ToolFixture.shared.run(engine, ["sql", "SELECT 1 AS one", "--format", "json"])
            let response = try JSONDecoder().decode(ExecuteStatementResponse.self, from: Data(json.stdout.utf8))
            #expect(response.records == [[.longValue(1)]])
            #expect(response.columnMetadata?.first?.label == "one")
        }

        @Test(arguments: DatabaseEngine.allCases)
        func theFirstErrorStopsTheRunUnlessContinue(_ engine: DatabaseEngine) async throws {
            let setup = try await ToolFixture.shared.run(engine, ["sql"], input: Self.setup("tool_errors"))
            #expect(setup.status == 0, "\(setup.stderr)")
            let script = """
                INSERT INTO tool_errors VALUES (3, 'three', NULL);
                INSERT INTO tool_errors_missing VALUES (1);
                INSERT INTO tool_errors VALUES (4, 'four', NULL);
                """
            let stopped = try await ToolFixture.shared.run(engine, ["sql", "--format", "csv"], input: script)
            #expect(stopped.status == 1)
            #expect(
                stopped.stderr.hasPrefix(
                    "data-api: statement 2 of 3 (line 2): DatabaseErrorException, SQLState \(engine == .postgreSQL ? "42P01" : "42S02")"
                ),
                "\(stopped.stderr)")
            #expect(stopped.stderr.contains("tool_errors_missing"))
            let count = "SELECT COUNT(*) AS n FROM tool_errors"
            #expect(try await ToolFixture.shared.run(engine, ["sql", count, "--format", "csv"]).stdout == "n\r\n3\r\n")
            let continued = try await ToolFixture.shared.run(
                engine, ["sql", "--format", "csv", "--continue"],
                input: script.replacingOccurrences(of: "(3,", with: "(5,"))
            #expect(continued.status == 1)
            #expect(try await ToolFixture.shared.run(engine, ["sql", count, "--format", "csv"]).stdout == "n\r\n5\r\n")
            // In one transaction, a failure leaves nothing behind.
            let atomic = try await ToolFixture.shared.run(engine, ["sql", "--single-transaction"],
                                                          input: script.replacingOccurrences(of: "(3,", with: "(6,"))
            #expect(atomic.status == 1)
            #expect(atomic.stderr.contains("rolled back"))
            #expect(try await ToolFixture.shared.run(engine, ["sql", count, "--format", "csv"]).stdout == "n\r\n5\r\n")
        }

        @Test func dialectQuotingReachesTheDatabaseIntact() async throws {
            let pg = try await ToolFixture.shared.run(.postgreSQL, ["sql", "--format", "csv"], input: """
                CREATE OR REPLACE FUNCTION tool_fn() RETURNS text AS $$ SELECT 'x;y'::text; $$ LANGUAGE sql;
                SELECT tool_fn() AS v, $q$semi;colon$q$ AS w;
                """)
            #expect(pg.stdout == "v,w\r\nx;y,semi;colon\r\n", "\(pg.stderr)")
            let my = try await ToolFixture.shared.run(.mySQL, ["sql", "--format", "csv"], input: """
                SELECT 'it\\'s;' AS `a;b`, "dq;" AS c; # a comment; here
                """)
            #expect(my.stdout == "a;b,c\r\nit's;,dq;\r\n", "\(my.stderr)")
        }

        @Test func configurationComesFromFlagsThenEnvironmentThenURL() async throws {
            let server = try await ToolFixture.shared.server(.mySQL)
            let url = "mysql+auroradataapi:///?resource_arn=arn:aws:rds:us-east-1:123456789012:cluster:dummy"
                + "&secret_arn=arn:aws:secretsmanager:us-east-1:123456789012:secret:dummy&endpoint=\(server.endpoint)"
            let byURL = try await ToolFixture.run(["sql", "SELECT DATABASE() AS db", "--format", "csv", "--url", url],
                                                  environment: ToolFixture.bareEnvironment)
            #expect(byURL.stdout == "db\r\ntest\r\n", "\(byURL.stderr)")
            // A wrong cluster in the environment beats the URL's; a flag beats the environment.
            var env = ToolFixture.bareEnvironment
            env["AURORA_CLUSTER_ARN"] = "arn:aws:rds:us-east-1:123456789012:cluster:other"
            let byEnvironment = try await ToolFixture.run(["sql", "SELECT 1", "--url", url], environment: env)
            #expect(byEnvironment.status == 1)
            let byFlag = try await ToolFixture.run(["sql", "SELECT 1 AS one", "--format", "csv", "--url", url,
                    "--resource-arn", "arn:aws:rds:us-east-1:123456789012:cluster:dummy",
                ], environment: env)
            #expect(byFlag.stdout == "one\r\n1\r\n", "\(byFlag.stderr)")
            let nothing = try await ToolFixture.run(["sql", "SELECT 1"], environment: ToolFixture.bareEnvironment)
            #expect(nothing.status != 0)
            #expect(nothing.stderr.contains("AURORA_CLUSTER_ARN"))
        }

        @Test(arguments: DatabaseEngine.allCases)
        func localStartsAnEmbeddedServerAndRemovesIt(_ engine: DatabaseEngine) async throws {
            var arguments = ["sql", "--local"]
            if engine == .mySQL { arguments.append("mysql") }
            arguments += ["--format", "csv", "--verbose"]
            let r = try await ToolFixture.run(
                arguments, input: "CREATE TABLE t (a int); INSERT INTO t VALUES (41); SELECT a + 1 AS answer FROM t;",
                environment: ToolFixture.bareEnvironment)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout == "answer\r\n42\r\n")
            // The verbose log names the ephemeral database's directory; it is gone once the tool exits.
            let directory = try #require(
                r.stderr.range(of: "directory=").map { r.stderr[$0.upperBound...].prefix { !$0.isWhitespace } },
                "\(r.stderr)")
            #expect(!directory.isEmpty && !FileManager.default.fileExists(atPath: String(directory)))
        }
    }
}
