import Foundation
import Testing
import DataAPITestServer

/// Type-checks snippets against the built DataAPI module with `swiftc -typecheck`: decoding
/// a typed select into the wrong type, or giving one table's model or column to another
/// table's statement, must not compile.
@Suite(.serialized) struct ExecutorCompileTimeTests {
    static let buildDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    static var modules: String { buildDirectory.appendingPathComponent("Modules").path }
    static let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func typecheck(_ body: String, declarations: String = model) async throws -> (Int32, String) {
        let macros = declarations.contains("@Table") ? "import DataAPIMacros\n" : ""
        return try await typecheck(
            file: "import DataAPI\nimport DataAPISQL\n" + macros + "import Foundation\n" + declarations
                + "\nfunc check(db: Database) async throws {\n" + body + "\n}\n")
    }

    /// `swiftc -typecheck` of one file (top-level code allowed) against the built modules.
    /// The compiler runs on a thread of its own, so the suite never holds the test process's
    /// cooperative threads.
    static func typecheck(file text: String) async throws -> (Int32, String) {
        let path = NSTemporaryDirectory() + "dataapi-\(UUID().uuidString).swift"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        var arguments = ["swiftc", "-typecheck", "-swift-version", "6", "-I", modules]
        // `@Table` and `@Column` expand through the package's macro plugin, built beside the tests.
        let plugin = buildDirectory.appendingPathComponent("DataAPIMacrosPlugin-tool").path
        if text.contains("import DataAPIMacros"), FileManager.default.fileExists(atPath: plugin) {
            arguments += ["-load-plugin-executable", plugin + "#DataAPIMacrosPlugin"]
        }
        for shim in ["CCurl", "COpenSSL", "CDataAPISystem"] {
            arguments += [
                "-Xcc", "-fmodule-map-file=" + package.appendingPathComponent("Sources/\(shim)/\(shim == "CCurl" ? "include/" : "")module.modulemap").path,
            ]
        }
        return try await Subprocess.status("/usr/bin/env", arguments + [path])
    }

    static let model = """
    struct U: Table {
        var id: Int64?; var name: String
        static let tableName = "u"
        static let id = Column<U, Int64?>(CodingKeys.id)
        static let name = Column<U, String>(CodingKeys.name)
        static let columns = [id.schema, name.schema]
    }
    struct P: Table {
        var id: Int64; var title: String
        static let tableName = "p"
        static let id = Column<P, Int64>(CodingKeys.id)
        static let title = Column<P, String>(CodingKeys.title)
        static let columns = [id.schema, title.schema]
    }
    """

    static var available: Bool { FileManager.default.fileExists(atPath: modules + "/DataAPI.swiftmodule") }

    @Test(.enabled(if: available)) func wellTypedCodeCompiles() async throws {
        let (status, output) = try await Self.typecheck("""
            let users: [U] = try await db.fetchAll(U.select().where(U.name.eq("ken")))
            let ids: [Int64?] = try await db.fetchAll(U.select(U.id))
            let rows: [(Int64?, String)] = try await db.fetchAll(U.select(U.id, U.name))
            let pairs: [(U, P)] = try await db.fetchAll(U.select().joined(with: P.self, on: P.id.eq(U.id)))
            let n: Int64 = try await db.fetchValue(U.select(countAll()))
            let u: U = try await db.insert(U(id: nil, name: "a"))
            let inSub = try await db.fetchAll(U.select().where(U.id.in(P.select(P.id))))
            try await db.transaction { tx in _ = try await tx.fetchAll(P.select()) }
            _ = (users, ids, rows, pairs, n, u, inSub)
            """)
        #expect(status == 0, "\(output)")
    }

    /// Top-level code (main-actor isolated under Swift 6) uses a transaction and touches its
    /// own state from the closure: the closure inherits the caller's isolation.
    @Test(.enabled(if: available)) func topLevelCodeUsesTransactions() async throws {
        let (status, output) = try await Self.typecheck(file: """
        import DataAPI
        let db = Database(resourceArn: "arn:aws:rds:us-east-1:123456789012:cluster:c", secretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:s")
        var statements = 0
        try await db.transaction { tx in
            statements += 1
            _ = try await tx.fetch("SELECT 1")
            try await tx.transaction { inner in statements += 1; _ = try await inner.execute("SELECT 2") }
        }
        print(statements)
        """)
        #expect(status == 0, "\(output)")
    }

    /// The README's first example compiles as written (its model, then its statements).
    @Test(.enabled(if: available)) func theReadmeExampleCompiles() async throws {
        let readme = try String(contentsOf: Self.package.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.range(of: "## A model, a query, its result"))
        let start = try #require(readme.range(of: "```swift\n", range: section.upperBound..<readme.endIndex))
        let end = try #require(readme.range(of: "```", range: start.upperBound..<readme.endIndex))
        let lines = readme[start.upperBound..<end.lowerBound].split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("import ") }
        let split = try #require(lines.firstIndex { $0.hasPrefix("let db") })
        let declarations = lines[..<split].joined(separator: "\n")
        let body = lines[split...].dropFirst().joined(separator: "\n")
        let (status, output) = try await Self.typecheck(
            "_ = db\n" + body + "\n_ = (long, titles, count, rows)", declarations: declarations)
        #expect(status == 0, "\(output)")
    }

    @Test(.enabled(if: available), arguments: [
        ("a column select decoded as another type", #"let x: [String] = try await db.fetchAll(U.select(U.id)); _ = x"#),
            (
                "a tuple select decoded as another tuple",
                #"let x: [(Int64, Int64)] = try await db.fetchAll(U.select(U.id, U.name)); _ = x"#
            ),
        ("one table's rows decoded as another model", #"let x: [U] = try await db.fetchAll(P.select()); _ = x"#),
        ("a model given to another table's insert", #"_ = try await db.insert(P.insert(U(id: nil, name: "a")))"#),
            (
                "a column of another table in a SET",
                #"_ = try await db.execute(P.update().set(U.name, to: "x").where(P.id.eq(1)))"#
            ),
        ("a descriptor from another table's coding key", #"_ = Column<U, String>(P.CodingKeys.title)"#),
            (
                "a subquery of another column type",
                #"_ = try await db.fetchAll(U.select().where(U.id.in(P.select(P.title))))"#
            ),
        ("a model inserted as another model", #"let p: P = try await db.insert(U(id: nil, name: "a")); _ = p"#),
    ])
    func mistypedCodeDoesNotCompile(_ label: String, _ code: String) async throws {
        let (status, output) = try await Self.typecheck(code)
        #expect(status != 0, "\(label) compiled")
        #expect(output.contains("error:"), "\(output)")
    }
}
