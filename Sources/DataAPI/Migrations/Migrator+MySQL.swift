import DataAPIClient
import DataAPISQL
import Foundation

extension Migrator {
    /// Statements in autocommit, one call each, while a transaction's connection holds
    /// `GET_LOCK` (see ``Migrator`` for why).
    func migrateMySQL(_ db: Database) async throws -> [String] {
        let ledger = ledger(.mySQL)
        return try await db.transaction { session in
            try await lockMySQL(session)
            do {
                let stillLocked = { try await checkMySQLLock(session) }
                try await ledger.create(db)
                let records = try await ledger.records(db)
                try verify(records)
                let recorded = Set(records.map(\.name))
                var applied: [String] = []
                for m in migrations where !recorded.contains(m.name) {
                    try await stillLocked()
                    try await run(m, on: db, between: stillLocked)
                    try await stillLocked()
                    try await ledger.insert(m, db)
                    applied.append(m.name)
                }
                try await releaseMySQL(session)
                return applied
            } catch {
                // The service may give this connection to another caller after the
                // transaction ends, still holding the lock: release it first.
                try? await releaseMySQL(session)
                throw error
            }
        }
    }

    /// `GET_LOCK` in waits of at most 10 s each (calls stay far from the statement timeout).
    func lockMySQL(_ session: Transaction) async throws {
        let deadline = ContinuousClock.now + lockTimeout
        while true {
            let left = deadline - ContinuousClock.now
            let wait = max(0, min(10, Int(left.components.seconds)))
            let rows = try await session.fetch("SELECT GET_LOCK(\(lockName), \(wait))")
            if try rows.first?[0, as: Int64?.self] == 1 { return }
            guard ContinuousClock.now < deadline, wait > 0 else {
                throw MigrationError(.lockTimeout, "another migrator held the lock \(lockName) for over \(lockTimeout)")
            }
        }
    }

    /// Checks that the session's connection still holds the lock.
    func checkMySQLLock(_ session: Transaction) async throws {
        let held: Int64?
        do {
            held = try await session.fetch("SELECT IS_USED_LOCK(\(lockName)) = CONNECTION_ID()").first?[
                0, as: Int64?.self]
        } catch {
            throw MigrationError(
                .lockLost, "the transaction holding the lock \(lockName) ended; another migrator may run",
                underlying: error)
        }
        guard held == 1 else {
            throw MigrationError(
                .lockLost, "the connection no longer holds the lock \(lockName); another migrator may run")
        }
    }

    func releaseMySQL(_ session: Transaction) async throws {
        try await session.execute("SELECT RELEASE_LOCK(\(lockName))")
    }
}
