import DataAPIClient

/// Why a ``Migrator`` stopped. A failed migration says which statement stopped it and what
/// remains of it; the database's own error is ``underlying``.
///
/// ```swift
/// do { try await migrator.migrate(db) }
/// catch let e as MigrationError where e.code == .checksumMismatch { print(e.migration!) }
/// ```
public struct MigrationError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, by kind.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        /// The code's name.
        public var description: String { name }

        /// An applied migration's recorded checksum differs from the registered one: it was
        /// edited after it ran. Nothing was applied.
        public static let checksumMismatch = Code(name: "checksumMismatch")
        /// A statement (or the closure) of a migration failed; ``statementIndex`` says which.
        public static let failed = Code(name: "failed")
        /// Two migrations have the same name. Nothing was applied.
        public static let duplicateName = Code(name: "duplicateName")
        /// Another migrator held the lock past ``Migrator/lockTimeout``. Nothing was applied.
        public static let lockTimeout = Code(name: "lockTimeout")
        /// MySQL: the connection holding the lock was lost while migrating (the service
        /// ended its transaction), so another migrator may run at the same time.
        public static let lockLost = Code(name: "lockLost")
        /// The migrations table could not be created or read.
        public static let table = Code(name: "table")

        /// Whether `error` is a ``MigrationError`` with this code:
        /// `catch MigrationError.Code.checksumMismatch { … }`.
        public static func ~= (pattern: Code, error: any Error) -> Bool {
            (error as? MigrationError)?.code == pattern
        }
    }

    /// What went wrong, by kind.
    public let code: Code
    /// What happened, in words.
    public let message: String
    /// The migration at fault, if one is.
    public let migration: String?
    /// The failing statement's position in its migration, from 1; nil for a closure.
    public let statementIndex: Int?
    /// The failing statement's line in its script, from 1; nil when not from a script.
    public let line: Int?
    /// The failing statement's SQL.
    public let sql: String?
    /// The error underneath: a ``QueryError`` for a database error (SQLState and message).
    public let underlying: (any Error & Sendable)?

    init(_ code: Code, _ message: String, migration: String? = nil, statementIndex: Int? = nil, line: Int? = nil,
         sql: String? = nil, underlying: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.migration = migration
        self.statementIndex = statementIndex
        self.line = line
        self.sql = sql
        self.underlying = underlying
    }

    /// The SQLState of the database error underneath, if any.
    public var sqlState: String? {
        (underlying as? QueryError)?.sqlState ?? (underlying as? DataAPIError)?.sqlState
    }

    /// The code, the message, the statement and the underlying error; never parameter values.
    public var description: String {
        var s = "MigrationError.\(code): \(message)"
        if let underlying { s += " (\(underlying))" }
        return s
    }
}
