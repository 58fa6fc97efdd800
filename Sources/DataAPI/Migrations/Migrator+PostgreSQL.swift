import DataAPIClient
import DataAPISQL
import Foundation

extension Migrator {
    /// Each migration in a transaction of its own, under `pg_try_advisory_xact_lock`.
    func migratePostgreSQL(_ db: Database) async throws -> [String] {
        let ledger = ledger(.postgreSQL)
        // Two `CREATE TABLE IF NOT EXISTS` at once can collide in PostgreSQL's catalog: lock first.
        try await db.transaction { tx in
            try await lockPostgreSQL(tx)
            try await ledger.create(tx)
        }
        let records = try await ledger.records(db)
        try verify(records)
        let recorded = Set(records.map(\.name))
        var applied: [String] = []
        for m in migrations where !recorded.contains(m.name) {
            let ran = try await db.transaction { tx -> Bool in
                try await lockPostgreSQL(tx)
                // Another migrator may have applied it since the records were read.
                if let r = try await ledger.record(m.name, tx) {
                    try verify(m, recorded: r.checksum)
                    return false
                }
                try await run(m, on: tx, between: {})
                try await ledger.insert(m, tx)
                return true
            }
            if ran { applied.append(m.name) }
        }
        return applied
    }

    /// The advisory lock's 64-bit key: the first 8 bytes of the lock name's SHA-256.
    var advisoryKey: Int64 {
        let digest = Crypto.sha256(Array(lockName.utf8))
        return Int64(bitPattern: digest.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
    }

    /// Takes the transaction-scoped advisory lock, polling so that no call waits longer than
    /// the service's statement timeout.
    func lockPostgreSQL(_ tx: Transaction) async throws {
        let deadline = ContinuousClock.now + lockTimeout
        let key = advisoryKey
        while true {
            let rows = try await tx.fetch("SELECT pg_try_advisory_xact_lock(\(key))")
            if try rows.first?[0, as: Bool.self] == true { return }
            guard ContinuousClock.now < deadline else {
                throw MigrationError(
                    .lockTimeout, "another migrator held the advisory lock (key \(key)) for over \(lockTimeout)")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }
}
