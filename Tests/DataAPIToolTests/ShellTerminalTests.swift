import DataAPI
import DataAPITestServer
@testable import data_api
import Foundation
import Testing

extension ToolTests {
    /// `data-api shell` on a pseudo-terminal on both engines: prompts, line editing, history.
    @Suite struct ShellTerminalTests {
        static let left = "\u{1B}[D", up = "\u{1B}[A", down = "\u{1B}[B", backspace = "\u{7F}"
        static let ctrlA = "\u{01}", ctrlE = "\u{05}"

        @Test(arguments: DatabaseEngine.allCases)
        func editingHistoryTablesAndTheTransactionPrompt(_ engine: DatabaseEngine) async throws {
            let dir = try TemporaryDirectory()
            let history = try dir.write("history", "SELECT 'from before' AS s;\n")
            var environment = try await ToolFixture.shared.environment(engine)
            environment["DATA_API_HISTORY"] = history
            environment["TERM"] = "xterm"
            // A prompt is awaited after a newline: the line editor redraws it after a carriage return.
            typealias Step = PseudoTerminal.Step
            let steps: [Step] = [
                Step(keys: "", expect: "data-api=> "),
                // The history file's entry, recalled with the up arrow.
                Step(keys: Self.up + "\r", expect: "from before\n(1 row)"),
                Step(keys: "", expect: "\ndata-api=> "),
                Step(keys: "DROP TABLE IF EXISTS tool_tty;\r", expect: "(0 rows affected)\ndata-api=> "),
                // A statement over two lines.
                Step(keys: "CREATE TABLE tool_tty (id int PRIMARY KEY,\r", expect: "\ndata-api-> "),
                Step(keys: "  label varchar(20));\r", expect: "(0 rows affected)\ndata-api=> "),
                // Ctrl-A to the start, Ctrl-E to the end, left arrows, Backspace: 'b' becomes 'a'.
                Step(keys: "NSERT INTO tool_tty VALUES (1, 'b');" + Self.ctrlA + "I" + Self.ctrlE
                        + String(repeating: Self.left, count: 3) + Self.backspace + "a\r",
                     expect: "(1 row affected)"),
                Step(keys: "", expect: "\ndata-api=> "),
                // Up recalls that INSERT; eight backspaces leave "… VALUES (".
                Step(
                    keys: Self.up + String(repeating: Self.backspace, count: 8) + "2, 'b c');\r",
                    expect: "(1 row affected)"),
                Step(keys: "", expect: "\ndata-api=> "),
                // Up, up, down: the INSERT again; dropped with Ctrl-C.
                Step(keys: Self.up + Self.up + Self.down + "\u{03}", expect: "^C"),
                Step(keys: "\\begin\r", expect: "BEGIN"),
                Step(keys: "", expect: "\ndata-api*(idle "),
                Step(keys: "SELECT id, label FROM tool_tty ORDER BY id;\r", expect: """
                     id | label
                    ----+-------
                      1 | a
                      2 | b c
                    (2 rows)
                    """),
                Step(keys: "", expect: "\ndata-api*(idle "),
                Step(keys: "\\rollback\r", expect: "ROLLBACK"),
                Step(keys: "", expect: "\ndata-api=> "),
                Step(keys: "\\q\r", expect: ""),
            ]
            let outcome = try await PseudoTerminal.session(executable: ToolFixture.executable, arguments: ["shell"],
                                                           environment: environment, steps: steps)
            #expect(
                outcome.completed == steps.count,
                "stopped waiting for \(outcome.completed < steps.count ? steps[outcome.completed].expect : ""):\n\(outcome.transcript)"
            )
            #expect(outcome.status == 0, "\(outcome.transcript)")
            #expect(!outcome.transcript.contains("ERROR"), "\(outcome.transcript)")
            let saved = try String(contentsOfFile: history, encoding: .utf8)
            #expect(saved == """
                SELECT 'from before' AS s;
                DROP TABLE IF EXISTS tool_tty;
                CREATE TABLE tool_tty (id int PRIMARY KEY, label varchar(20));
                INSERT INTO tool_tty VALUES (1, 'a');
                INSERT INTO tool_tty VALUES (2, 'b c');
                \\begin
                SELECT id, label FROM tool_tty ORDER BY id;
                \\rollback
                \\q

                """)
        }

        @Test func keysEditTheLine() {
            func type(_ keys: String, history: [String] = []) -> String? {
                var state = LineEditState(prompt: "> ", history: history)
                var bytes = Array(keys.utf8)[...]
                return state.run(read: { bytes.popFirst() }, write: { _ in })
            }
            #expect(type("ac" + Self.left + "b\r") == "abc")
            #expect(type("bc" + Self.ctrlA + "a" + Self.ctrlE + "d\r") == "abcd")
            #expect(type("abcd" + Self.left + Self.left + Self.backspace + "\u{1B}[3~\r") == "ad")
            #expect(type(Self.up + Self.up + "!\r", history: ["one", "two"]) == "one!")
            // History keeps a statement on one line only when joining its lines keeps its meaning.
            #expect(ShellHistory.oneLine("SELECT 1,\n  2;") == "SELECT 1, 2;")
            #expect(ShellHistory.oneLine("SELECT '-- x', \"a\"\n  FROM t;") == "SELECT '-- x', \"a\" FROM t;")
            #expect(ShellHistory.oneLine("INSERT INTO t VALUES ('a\n  b');") == nil)
            #expect(ShellHistory.oneLine("SELECT 1 -- one\n  + 2;") == nil)
            #expect(ShellHistory.oneLine("SELECT $$a\nb$$;") == nil)
            #expect(type("new" + Self.up + Self.down + "!\r", history: ["one"]) == "new!")
            #expect(type("é€" + Self.left + "x\r") == "éx€")
            #expect(type("junk\u{03}ok\r") == "ok")
            #expect(type("\u{04}") == nil)
        }
    }
}
