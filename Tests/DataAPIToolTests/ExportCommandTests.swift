import DataAPI
import DataAPITestServer
import Foundation
import Testing

extension ToolTests {
    /// `data-api export` through the library's cursor, on both engines.
    @Suite struct ExportCommandTests {
        @Test(arguments: DatabaseEngine.allCases)
        func aResultOfSeveralPagesIsWrittenWholeAndInOrder(_ engine: DatabaseEngine) async throws {
            let tool = ToolFixture.shared
            let rows = 12_000
            let digits =
                "(SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 "
                + "UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)"
            let fill = engine == .postgreSQL
                ? "INSERT INTO tool_export SELECT g, repeat('x', 100), CASE WHEN g % 7 = 0 THEN NULL ELSE g * 0.25 END FROM generate_series(1, \(rows)) g;"
                : "INSERT INTO tool_export SELECT g, REPEAT('x', 100), CASE WHEN g % 7 = 0 THEN NULL ELSE g * 0.25 END FROM "
                    + "(SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d + 1 AS g FROM \(digits) a, \(digits) b, \(digits) c, "
                    + "\(digits) e, \(digits) f) s WHERE g <= \(rows);"
            let setup = try await tool.run(engine, ["sql"], input: """
                DROP TABLE IF EXISTS tool_export;
                CREATE TABLE tool_export (id integer PRIMARY KEY, pad varchar(200) NOT NULL, amount decimal(12,2));
                \(fill)
                """)
            #expect(setup.status == 0, "\(setup.stderr)")
            let dir = try TemporaryDirectory()
            let csvPath = dir.path + "/out.csv"
            let csv = try await tool.run(
                engine, ["export", "SELECT id, pad, amount FROM tool_export ORDER BY id", csvPath])
            #expect(csv.status == 0, "\(csv.stderr)")
            #expect(csv.stderr.split(separator: "\n").last?.hasPrefix("exported \(rows) rows") == true, "\(csv.stderr)")
            let lines = try String(contentsOfFile: csvPath, encoding: .utf8).components(separatedBy: "\r\n")
            #expect(lines.count == rows + 2)   // the header, the rows, and the empty text after the last CRLF
            #expect(lines[0] == "id,pad,amount")
            #expect(lines[1] == "1,\(String(repeating: "x", count: 100)),0.25")
            #expect(lines[7] == "7,\(String(repeating: "x", count: 100)),")
            #expect(lines[rows] == "\(rows),\(String(repeating: "x", count: 100)),\(rows / 4).00")
            #expect(lines.dropFirst().dropLast().enumerated().allSatisfy { $1.hasPrefix("\($0 + 1),") })
            let jsonl = try await tool.run(
                engine,
                ["export", "SELECT id, amount FROM tool_export WHERE id <= 7 ORDER BY id", "-", "--format", "jsonl"])
            #expect(jsonl.stdout.split(separator: "\n").last == #"{"id":7,"amount":null}"#, "\(jsonl.stderr)")
            #expect(jsonl.stdout.split(separator: "\n").first == #"{"id":1,"amount":"0.25"}"#)
        }
    }
}
