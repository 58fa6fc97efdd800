import DataAPI
import DataAPITestServer
import Foundation
import Testing

extension ToolTests {
    /// `data-api import` on both engines: export, import into a copy, compare; bad rows.
    @Suite struct ImportCommandTests {
        static let digits =
            "(SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 "
            + "UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)"

        /// A table of every column type `import` knows, `rows` rows plus one of NULLs, and two empty copies.
        static func typedTable(_ engine: DatabaseEngine, rows: Int) -> String {
            switch engine {
            case .postgreSQL:
                return """
                    DROP TABLE IF EXISTS tool_typed; DROP TABLE IF EXISTS tool_typed_csv; DROP TABLE IF EXISTS tool_typed_jsonl;
                    CREATE TABLE tool_typed (id bigint PRIMARY KEY, i2 smallint, i4 integer, f8 float8, f4 real, n numeric(20,5), b boolean,
                      s varchar(30), t text, d date, tm time, ts timestamp(6), tz timestamptz, u uuid, by bytea, j jsonb);
                    INSERT INTO tool_typed SELECT g, (g % 300 - 150)::smallint, g * -7, g / 3.0, g / 7.0, g * 1.12345, g % 2 = 0,
                      'v' || g || ',"q";', E'line\\nbreak ' || g, DATE '2020-01-01' + g, TIME '10:00' + g * interval '1 second',
                      TIMESTAMP '2020-01-01 00:00:00.123456' + g * interval '1 minute', TIMESTAMPTZ '2020-01-01 00:00:00+00' + g * interval '1 hour',
                      md5(g::text)::uuid, decode(md5(g::text), 'hex'), jsonb_build_object('k', g, 's', 'x"y')
                    FROM generate_series(1, \(rows)) g;
                    INSERT INTO tool_typed (id, s, t) VALUES (0, '', '');
                    CREATE TABLE tool_typed_csv (LIKE tool_typed INCLUDING ALL);
                    CREATE TABLE tool_typed_jsonl (LIKE tool_typed INCLUDING ALL);
                    """
            case .mySQL:
                return """
                    DROP TABLE IF EXISTS tool_typed; DROP TABLE IF EXISTS tool_typed_csv; DROP TABLE IF EXISTS tool_typed_jsonl;
                    CREATE TABLE tool_typed (id BIGINT PRIMARY KEY, i2 SMALLINT, i4 INT, f8 DOUBLE, n DECIMAL(20,5), b TINYINT,
                      s VARCHAR(30), t TEXT, d DATE, tm TIME, ts DATETIME(6), u CHAR(36), bl VARBINARY(64), j JSON);
                    INSERT INTO tool_typed SELECT g, g % 300 - 150, g * -7, g / 3, g * 1.12345, g % 2, CONCAT('v', g, ',"q";'),
                      CONCAT('line\\nbreak ', g), DATE_ADD('2020-01-01', INTERVAL g DAY), SEC_TO_TIME(36000 + g),
                      DATE_ADD('2020-01-01 00:00:00.123456', INTERVAL g MINUTE), UUID(), UNHEX(MD5(g)), JSON_OBJECT('k', g, 's', 'x"y')
                    FROM (SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 1 AS g FROM \(digits) a, \(digits) b, \(digits) c, \(digits) e) s
                    WHERE g <= \(rows);
                    INSERT INTO tool_typed (id, s, t) VALUES (0, '', '');
                    CREATE TABLE tool_typed_csv LIKE tool_typed;
                    CREATE TABLE tool_typed_jsonl LIKE tool_typed;
                    """
            }
        }

        @Test(arguments: DatabaseEngine.allCases)
        func everyTypeRoundTripsThroughCSVAndJSONLines(_ engine: DatabaseEngine) async throws {
            let tool = ToolFixture.shared
            let rows = 3_000
            let setup = try await tool.run(engine, ["sql"], input: Self.typedTable(engine, rows: rows))
            #expect(setup.status == 0, "\(setup.stderr)")
            let dir = try TemporaryDirectory()
            for format in ["csv", "jsonl"] {
                let file = dir.path + "/typed." + format
                let exported = try await tool.run(
                    engine, ["export", "SELECT * FROM tool_typed ORDER BY id", file, "--quiet"])
                #expect(exported.status == 0, "\(exported.stderr)")
                let imported = try await tool.run(
                    engine, ["import", "tool_typed_" + format, file, "--batch-rows", "1000"])
                #expect(imported.status == 0, "\(imported.stderr)")
                // Progress lines (at most one per 5 s off a terminal), then the total.
                #expect(
                    imported.stderr.split(separator: "\n").last?.hasPrefix("imported \(rows + 1) rows") == true,
                    "\(imported.stderr)")
                let compare = try await tool.run(engine, ["sql", "--format", "csv", """
                    SELECT (SELECT COUNT(*) FROM tool_typed_\(format)) AS n,
                           (SELECT COUNT(*) FROM (SELECT * FROM tool_typed EXCEPT SELECT * FROM tool_typed_\(format)) x) AS missing
                    """])
                #expect(compare.stdout == "n,missing\r\n\(rows + 1),0\r\n", "\(format): \(compare.stderr)")
            }
        }

        @Test(arguments: DatabaseEngine.allCases)
        func aBadRowStopsWithItsLineAndColumnAndNothingRemains(_ engine: DatabaseEngine) async throws {
            let tool = ToolFixture.shared
            let setup = try await tool.run(engine, ["sql"], input: """
                DROP TABLE IF EXISTS tool_bad;
                CREATE TABLE tool_bad (id integer PRIMARY KEY, label varchar(10) NOT NULL, amount decimal(8,2));
                """)
            #expect(setup.status == 0, "\(setup.stderr)")
            let dir = try TemporaryDirectory()
            let csv = try dir.write("bad.csv", """
                id,label,amount
                1,"two
                lines",1.50
                2,b,
                3,c,2
                4,d,abc
                5,e,3

                """)
            let bad = try await tool.run(engine, ["import", "tool_bad", csv, "--batch-rows", "2"])
            #expect(bad.status == 1)
            #expect(
                bad.stderr
                    == "data-api: import stopped at line 6, column amount: 'abc' is not a decimal number; nothing was imported\n"
            )
            let count = ["sql", "--format", "csv", "SELECT COUNT(*) AS n FROM tool_bad"]
            #expect(try await tool.run(engine, count).stdout == "n\r\n0\r\n")
            // Checks before anything is sent: length, NOT NULL, field count, unknown columns.
            let long = try dir.write("long.csv", "id,label\n1,abcdefghijk\n")
            #expect(
                try await tool.run(engine, ["import", "tool_bad", long]).stderr.contains(
                    "line 2, column label: has 11 characters; the column takes 10"))
            let null = try dir.write("null.jsonl", "{\"id\": 1, \"label\": null}\n")
            #expect(
                try await tool.run(engine, ["import", "tool_bad", null]).stderr.contains(
                    "line 1, column label: is NULL, but the column is NOT NULL"))
            let short = try dir.write("short.csv", "id,label\n1,a\n2\n")
            #expect(
                try await tool.run(engine, ["import", "tool_bad", short]).stderr.contains(
                    "line 3: has 1 fields; the header has 2"))
            let unknown = try dir.write("unknown.csv", "id,nope\n1,a\n")
            #expect(
                try await tool.run(engine, ["import", "tool_bad", unknown]).stderr.contains(
                    "column nope: is not a column of tool_bad"))
            // The database refuses a batch after earlier ones went in: all of them are rolled back.
            let duplicate = try dir.write("duplicate.csv", "id,label\n1,a\n2,b\n3,c\n1,again\n")
            let refused = try await tool.run(engine, ["import", "tool_bad", duplicate, "--batch-rows", "2"])
            #expect(refused.status == 1)
            #expect(
                refused.stderr.contains(engine == .postgreSQL ? "SQLState 23505" : "SQLState 23000"),
                "\(refused.stderr)")
            #expect(try await tool.run(engine, count).stdout == "n\r\n0\r\n")
            // --chunk-commit: the batches before the bad row stay.
            let chunked = try await tool.run(engine, ["import", "tool_bad", csv, "--batch-rows", "2", "--chunk-commit"])
            #expect(chunked.status == 1)
            #expect(
                chunked.stderr.hasSuffix(
                    "line 6, column amount: 'abc' is not a decimal number; the 2 rows of the batches before it were committed\n"
                ),
                "\(chunked.stderr)")
            #expect(try await tool.run(engine, count).stdout == "n\r\n2\r\n")
        }

        /// A trigger that drops rows makes the database report fewer rows inserted than were
        /// sent: the rows sent still leave the batch, so none is sent twice.
        @Test func rowsATriggerDropsAreNotSentAgain() async throws {
            let tool = ToolFixture.shared
            let setup = try await tool.run(.postgreSQL, ["sql"], input: """
                DROP TABLE IF EXISTS tool_trigger;
                CREATE TABLE tool_trigger (id integer, label varchar(10));
                CREATE OR REPLACE FUNCTION tool_trigger_odd() RETURNS trigger LANGUAGE plpgsql AS
                  $$ BEGIN IF NEW.id % 2 = 0 THEN RETURN NULL; END IF; RETURN NEW; END $$;
                CREATE TRIGGER tool_trigger_odd BEFORE INSERT ON tool_trigger FOR EACH ROW EXECUTE FUNCTION tool_trigger_odd();
                """)
            #expect(setup.status == 0, "\(setup.stderr)")
            let dir = try TemporaryDirectory()
            let csv = try dir.write("rows.csv", "id,label\n" + (1...10).map { "\($0),r\($0)\n" }.joined())
            for extra in [["--batch-rows", "3"], []] {
                _ = try await tool.run(.postgreSQL, ["sql", "TRUNCATE tool_trigger"])
                let imported = try await tool.run(.postgreSQL, ["import", "tool_trigger", csv] + extra)
                #expect(imported.status == 0, "\(imported.stderr)")
                let rows = try await tool.run(
                    .postgreSQL, ["sql", "--format", "csv", "SELECT COUNT(*) AS n, SUM(id) AS s FROM tool_trigger"])
                #expect(rows.stdout == "n,s\r\n5,25\r\n", "\(extra)")
            }
        }

        /// A file of several read chunks (1 MiB) and batches, records split across chunk
        /// edges (some with quoted newlines): every row arrives.
        @Test(arguments: DatabaseEngine.allCases)
        func aFileOfManyChunksArrivesWhole(_ engine: DatabaseEngine) async throws {
            let tool = ToolFixture.shared
            let setup = try await tool.run(engine, ["sql"], input: """
                DROP TABLE IF EXISTS tool_big;
                CREATE TABLE tool_big (id integer PRIMARY KEY, label varchar(120) NOT NULL, note text);
                """)
            #expect(setup.status == 0, "\(setup.stderr)")
            let rows = 50_000
            var csv = "id,label,note\n"
            for n in 1...rows {
                csv += "\(n),label \(n) \(String(repeating: "x", count: n % 100)),"
                csv += n % 7 == 0 ? "\"two\nlines, \"\"\(n)\"\"\"\n" : "\n"
            }
            #expect(csv.utf8.count > 3 << 20)
            let dir = try TemporaryDirectory()
            let file = try dir.write("big.csv", csv)
            let imported = try await tool.run(engine, ["import", "tool_big", file, "--batch-mib", "1"])
            #expect(imported.status == 0, "\(imported.stderr)")
            #expect(
                imported.stderr.split(separator: "\n").last?.hasPrefix("imported \(rows) rows, ") == true,
                "\(imported.stderr)")
            let check = try await tool.run(engine, ["sql", "--format", "csv", """
                SELECT COUNT(*) AS n, SUM(id) AS ids, SUM(LENGTH(label)) AS labels, COUNT(note) AS notes,
                       SUM(CASE WHEN note = CONCAT('two', CHR(10), 'lines, "', id, '"') THEN 1 ELSE 0 END) AS exact
                FROM tool_big
                """.replacingOccurrences(of: "CHR(10)", with: engine == .postgreSQL ? "CHR(10)" : "CHAR(10)")])
            let labels = (1...rows).reduce(0) { $0 + "label \($1) ".count + $1 % 100 }
            #expect(
                check.stdout
                    == "n,ids,labels,notes,exact\r\n\(rows),\(rows * (rows + 1) / 2),\(labels),\(rows / 7),\(rows / 7)\r\n",
                "\(check.stderr)")
        }
    }
}
