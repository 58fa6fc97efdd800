import DataAPIClient
import Foundation

/// One schema change a ``Migrator`` applies at most once: a name, and SQL statements or a
/// closure.
///
/// ```swift
/// let migrations = [
///     Migration("001_users", sql: "CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL);"),
///     Migration("002_index", statements: ["CREATE INDEX users_name ON users (name)"]),
///     Migration("003_backfill", version: "1") { db in
///         try await db.execute("UPDATE users SET name = trim(name)")
///     },
/// ]
/// ```
///
/// The checksum recorded with an applied migration is the SHA-256 of its SQL (or of the
/// closure's `version`): a migration edited after it ran is reported as
/// ``MigrationError/Code/checksumMismatch``, never silently skipped. Names order nothing: a
/// migrator applies its migrations in the order they were given.
public struct Migration: Sendable {
    /// What a migration runs.
    enum Work: Sendable {
        /// A script, split into statements by the engine's rules when it runs.
        case script(String)
        /// Statements, one call each.
        case statements([String])
        /// Code given the executor to run in: the migration's transaction on PostgreSQL, the
        /// database (autocommit) on MySQL.
        case closure(@Sendable (any DatabaseExecutor) async throws -> Void)
    }

    /// The migration's name, unique among a migrator's migrations (at most 255 characters).
    public let name: String
    /// The SHA-256, in hex, of what the migration runs.
    public let checksum: String
    let work: Work

    /// A migration of a SQL script, split into statements as ``SQLScript`` splits one.
    public init(_ name: String, sql: String) {
        self.name = name
        checksum = Self.sha256(sql)
        work = .script(sql)
    }

    /// A migration of statements, each sent as one call.
    public init(_ name: String, statements: [String]) {
        self.name = name
        checksum = Self.sha256(statements.joined(separator: "\n;\n"))
        work = .statements(statements)
    }

    /// A migration in code. Code cannot be hashed: its checksum is that of `version`, so
    /// change `version` when you change the closure of a migration that may have run (or,
    /// better, add a new migration).
    ///
    /// On PostgreSQL the closure gets the migration's transaction; on MySQL, where DDL
    /// commits implicitly, it gets the database and each statement commits on its own.
    public init(_ name: String, version: String = "1",
                _ body: @escaping @Sendable (any DatabaseExecutor) async throws -> Void) {
        self.name = name
        checksum = Self.sha256("closure:" + version)
        work = .closure(body)
    }

    /// The statements of a SQL migration for `engine`; empty for a closure.
    func statements(for engine: DatabaseEngine) -> [SQLScript.Statement] {
        switch work {
        case .script(let text): SQLScript(text, engine: engine).statements
        case .statements(let list): list.map { SQLScript.Statement(sql: $0, line: 0) }
        case .closure: []
        }
    }

    static func sha256(_ text: String) -> String { Crypto.hex(Crypto.sha256(Array(text.utf8))) }
}
