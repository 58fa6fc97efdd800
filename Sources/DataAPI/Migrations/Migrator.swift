import DataAPIClient
import DataAPISQL
import Foundation

/// Applies migrations in order, each at most once, and records them in a table of its own
/// (`data_api_migrations` by default: name, checksum, applied_at).
///
/// ```swift
/// let migrator = Migrator([
///     Migration("001_users", sql: "CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL);"),
///     Migration("002_users_email", sql: "ALTER TABLE users ADD COLUMN email text;"),
/// ])
/// let applied = try await migrator.migrate(db)          // ["001_users", "002_users_email"], then []
/// for s in try await migrator.status(db) { print(s.name, s.state) }
/// ```
///
/// Before applying anything it compares every recorded checksum with its migration's and
/// throws ``MigrationError/Code/checksumMismatch`` when one was edited after it ran.
///
/// **PostgreSQL** runs each migration in a transaction of its own, with its record: a
/// migration applies whole or not at all. `pg_try_advisory_xact_lock` (polled until
/// ``lockTimeout``) serializes migrators, and the record is read again under the lock, so
/// two processes migrating at once apply each migration once. Statements that cannot run in
/// a transaction (`CREATE INDEX CONCURRENTLY`, `VACUUM`) cannot be part of a migration.
///
/// **MySQL** commits DDL implicitly, so a migration cannot be undone as a whole: its
/// statements run one by one outside any transaction and the migration is recorded after
/// the last one. A failure says which statement stopped it and that the ones before it stay.
/// Migrators are serialized by `GET_LOCK`, which belongs to a connection; the Data API may
/// run each call outside a transaction on a different pooled connection, so the lock is
/// taken inside a Data API transaction, which keeps one connection, and held there while the
/// migrations run on other connections. Between statements the migrator checks that this
/// connection still holds the lock (which also keeps the transaction from the service's
/// 3-minute idle timeout), and it releases the lock with `RELEASE_LOCK` before ending the
/// transaction, since the service may hand the connection to someone else afterwards. A
/// record is committed before the lock is released, so the next migrator sees it.
public struct Migrator: Sendable {
    /// The migrations, in the order they apply.
    public let migrations: [Migration]
    /// The table the applied migrations are recorded in.
    public var tableName: String
    /// The lock's name: `GET_LOCK`'s on MySQL (at most 64 characters), hashed to
    /// `pg_advisory_xact_lock`'s 64-bit key on PostgreSQL.
    public var lockName: String
    /// How long to wait for another migrator's lock before ``MigrationError/Code/lockTimeout``.
    public var lockTimeout: Duration

    /// A migrator of `migrations`, recorded in `tableName`.
    public init(_ migrations: [Migration], tableName: String = "data_api_migrations", lockName: String? = nil,
                lockTimeout: Duration = .seconds(60)) {
        self.migrations = migrations
        self.tableName = tableName
        self.lockName = lockName ?? "swift-data-api:" + tableName
        self.lockTimeout = lockTimeout
    }

    /// Applies the pending migrations in order; returns the names of those this call applied
    /// (none when another migrator applied them first).
    @discardableResult
    public func migrate(_ db: Database) async throws -> [String] {
        try checkNames()
        switch db.engine {
        case .postgreSQL: return try await migratePostgreSQL(db)
        case .mySQL: return try await migrateMySQL(db)
        }
    }

    /// Every migration's state, in order, then the recorded ones no longer registered.
    /// Reads only: the table is not created.
    public func status(_ db: Database) async throws -> [MigrationStatus] {
        try checkNames()
        let records = try await ledger(db.engine).records(db)
        var byName: [String: MigrationRecord] = [:]
        for r in records where byName[r.name] == nil { byName[r.name] = r }
        var out = migrations.map { m -> MigrationStatus in
            guard let r = byName[m.name] else { return MigrationStatus(name: m.name, state: .pending) }
            return MigrationStatus(name: m.name, state: r.checksum == m.checksum ? .applied : .changed,
                                   appliedAt: r.appliedAt, recordedChecksum: r.checksum)
        }
        let registered = Set(migrations.map(\.name))
        for r in records where !registered.contains(r.name) {
            out.append(
                MigrationStatus(
                    name: r.name, state: .unregistered, appliedAt: r.appliedAt, recordedChecksum: r.checksum))
        }
        return out
    }

    // MARK: Shared steps

    func ledger(_ engine: DatabaseEngine) -> MigrationLedger { MigrationLedger(table: tableName, engine: engine) }

    func checkNames() throws {
        var seen = Set<String>()
        for m in migrations {
            guard seen.insert(m.name).inserted else {
                throw MigrationError(.duplicateName, "two migrations are named \(m.name)", migration: m.name)
            }
        }
    }

    /// Throws for the first registered migration whose record has another checksum.
    func verify(_ records: [MigrationRecord]) throws {
        let recorded = Dictionary(records.map { ($0.name, $0.checksum) }, uniquingKeysWith: { a, _ in a })
        for m in migrations {
            if let checksum = recorded[m.name] { try verify(m, recorded: checksum) }
        }
    }

    func verify(_ m: Migration, recorded checksum: String) throws {
        guard checksum.trimmingCharacters(in: .whitespaces) == m.checksum else {
            throw MigrationError(.checksumMismatch,
                "migration \(m.name) was edited after it was applied (recorded checksum \(checksum.prefix(12))…, "
                                 + "now \(m.checksum.prefix(12))…); add a new migration instead", migration: m.name)
        }
    }

    /// Runs a migration's statements (or closure) on `executor`, calling `between` before
    /// each statement after the first; a failure names the statement.
    func run(_ m: Migration, on executor: any DatabaseExecutor, between: () async throws -> Void) async throws {
        let engine = executor.engine
        if case .closure(let body) = m.work {
            do { try await body(executor) } catch let e as MigrationError { throw e } catch {
                throw MigrationError(
                    .failed, "migration \(m.name) failed in its closure; " + Self.remains(engine, ran: nil),
                    migration: m.name, underlying: error)
            }
            return
        }
        let statements = m.statements(for: engine)
        for (k, statement) in statements.enumerated() {
            if k > 0 { try await between() }
            do {
                try await executor.execute(SQL(unsafeRaw: statement.sql))
            } catch {
                let at = statement.line > 0 ? " (line \(statement.line))" : ""
                throw MigrationError(
                    .failed,
                    "migration \(m.name) stopped at statement \(k + 1) of \(statements.count)\(at); "
                        + Self.remains(engine, ran: k),
                    migration: m.name, statementIndex: k + 1, line: statement.line > 0 ? statement.line : nil,
                    sql: statement.sql, underlying: error)
            }
        }
    }

    /// What is left of a migration that failed after `ran` statements succeeded.
    static func remains(_ engine: DatabaseEngine, ran: Int?) -> String {
        switch engine {
        case .postgreSQL:
            return "it was rolled back and is not recorded"
        case .mySQL:
            let before =
                ran.map {
                    $0 == 0
                        ? "no statement before it ran"
                        : ($0 == 1 ? "statement 1 ran and stays" : "statements 1–\($0) ran and stay")
                }
                ?? "what the closure ran before it failed stays"
            return before + " (MySQL commits DDL as it runs); the migration is not recorded"
        }
    }
}
