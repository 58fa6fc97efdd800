import Foundation
import Testing
import DataAPITestServer

/// Type-checks snippets against the built DataAPISQL module with `swiftc -typecheck`:
/// mistyped code must fail, and long statements must type-check fast.
@Suite(.serialized) struct CompileTimeTests {
    static let buildDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    static var modules: String { buildDirectory.appendingPathComponent("Modules").path }
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()

    /// `swiftc -typecheck` on `files`; returns exit status and diagnostics. The compiler runs
    /// on a thread of its own, so the suite never holds the test process's cooperative threads.
    static func typecheck(_ files: [String], extra: [String] = []) async throws -> (Int32, String) {
        try await Subprocess.status(
            "/usr/bin/env", ["swiftc", "-typecheck", "-swift-version", "6", "-I", modules] + extra + files)
    }

    static func snippet(_ body: String) throws -> String {
        let path = NSTemporaryDirectory() + "dataapisql-\(UUID().uuidString).swift"
        try ("import DataAPISQL\nimport Foundation\n" + body).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static let model = """
    struct U: Table {
        var id: Int64; var name: String; var at: Date
        static let tableName = "u"
        enum CodingKeys: String, CodingKey { case id, name, at }
        static let id = Column<U, Int64>(CodingKeys.id)
        static let name = Column<U, String>(CodingKeys.name)
        static let at = Column<U, Date>(CodingKeys.at)
        static let columns = [id.schema, name.schema, at.schema]
    }
    """

    /// A model with an `OrDefault` column (it compiles: `gizmoCompiles`).
    static let gizmo = """
    struct G: Table {
        var id: Int64; var n: OrDefault<Int32>
        static let tableName = "g"
        enum CodingKeys: String, CodingKey { case id, n }
        static let id = Column<G, Int64>(CodingKeys.id)
        static let n = Column<G, OrDefault<Int32>>(CodingKeys.n).defaultValue(1)
        static let columns = [id.schema, n.schema]
    }

    """

    @Test(.enabled(if: FileManager.default.fileExists(atPath: modules + "/DataAPISQL.swiftmodule")))
    func gizmoCompiles() async throws {
        let code =
            Self.gizmo
            + "_ = G.select().where(G.n.eq(3)); _ = G.insert(G(id: 1, n: .default)); _ = G.insert(G(id: 2, n: 4))\n"
        let (status, output) = try await Self.typecheck([try Self.snippet(code)])
        #expect(status == 0, "\(output)")
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: modules + "/DataAPISQL.swiftmodule")),
          arguments: [
              ("an Int64 column compared with a String", #"_ = U.select().where(U.id.eq("x"))"#),
              ("a set with a value of another type", #"_ = U.update().set(U.name, to: 5).where(U.id.eq(1))"#),
              ("a where that is not boolean", #"_ = U.select().where(U.name)"#),
              ("columns of different types compared", #"_ = U.select().where(U.id.eq(U.name))"#),
              ("nil compared with a non-optional column", #"_ = U.select().where(U.id.eq(nil))"#),
              ("a date column compared with a string", #"_ = U.select().where(U.at.lt("2024-01-01"))"#),
              ("a foreign key between columns of different types", #"_ = SQLForeignKey(U.id, references: U.name)"#),
            (
                "null-safe equality with a value of another type",
                #"_ = U.select().where(U.name.isNotDistinct(from: 5))"#
            ),
            (
                "CASE branches of different types",
                #"_ = caseWhen(U.id.eq(1), then: "a").when(U.id.eq(2), then: 3).else("c")"#
            ),
              ("a union of selects of different row types", #"_ = U.select(U.id).union(U.select(U.name))"#),
            (
                "an upsert assigning another type",
                #"_ = U.insert(U(id: 1, name: "a", at: Date())).onConflict(U.id).doUpdate(set: U.name, to: U.id.excluded())"#
            ),
              ("a substring test on a non-text column", #"_ = U.select().where(U.id.contains("1"))"#),
              ("date arithmetic on a non-date column", #"_ = U.select(U.name.adding(1, .day))"#),
            (
                "a JSON member read as JSON compared with text",
                #"_ = U.select().where(U.name.json("k", as: [Int].self).eq("x"))"#
            ),
            (
                "a JSON member read as text compared with JSON",
                #"_ = U.select().where(U.name.jsonText("k").eq(JSONValue([1])))"#
            ),
            ("the default marker in a comparison", CompileTimeTests.gizmo + #"_ = G.select().where(G.n.eq(.default))"#),
          ])
    func mistypedCodeDoesNotCompile(_ label: String, _ code: String) async throws {
        let good = try await Self.typecheck([
            try Self.snippet(Self.model + "\n_ = U.select().where(U.id.eq(1) && U.name.like(\"a%\"))\n")
        ])
        #expect(good.0 == 0, "the well-typed control snippet must compile: \(good.1)")
        let bad = try await Self.typecheck([try Self.snippet(Self.model + "\n" + code + "\n")])
        #expect(bad.0 != 0, "\(label) compiled")
        #expect(bad.1.contains("error:"))
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: modules + "/DataAPISQL.swiftmodule")))
    func longStatementsTypeCheckFast() async throws {
        // 12 chained conditions and a 20-column model, plus the suite's own models and snapshot cases.
        let columns = (1...20).map { "var c\($0): Int64" }.joined(separator: "; ")
        let keys = (1...20).map { "c\($0)" }.joined(separator: ", ")
        let descriptors = (1...20).map { "static let c\($0) = Column<Wide, Int64>(CodingKeys.c\($0))" }.joined(
            separator: "\n    ")
        let schemas = (1...20).map { "c\($0).schema" }.joined(separator: ", ")
        let conditions = (1...12).map { "Wide.c\($0).gt(\($0))" }.joined(separator: " && ")
        let values = (1...20).map { "c\($0): \($0)" }.joined(separator: ", ")
        let code = """
        struct Wide: Table {
            \(columns)
            static let tableName = "wide"
            enum CodingKeys: String, CodingKey { case \(keys) }
            \(descriptors)
            static let columns = [\(schemas)]
        }
        let q = Wide.select().where(\(conditions))
        let i = Wide.insert(Wide(\(values)))
        """
        let files = [try Self.snippet(code), Self.sources.appendingPathComponent("Models.swift").path,
                     Self.sources.appendingPathComponent("SnapshotCases.swift").path]
        // 500 ms: far below the seconds an exponential overload search takes, with room for a
        // compiler that shares two cores with the rest of the suite.
        let (status, output) = try await Self.typecheck(
            files, extra: ["-Xfrontend", "-warn-long-expression-type-checking=500"])
        #expect(status == 0, "\(output)")
        #expect(!output.contains("to type-check"), "\(output)")
    }
}
