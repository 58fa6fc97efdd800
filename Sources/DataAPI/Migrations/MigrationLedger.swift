import DataAPIClient
import DataAPISQL
import Foundation

/// The table a ``Migrator`` records applied migrations in: its DDL, reads and writes.
struct MigrationLedger: Sendable {
    let table: String
    let engine: DatabaseEngine

    var quoted: String { engine.dialect.quote(table) }

    var createSQL: SQL {
        switch engine {
        case .postgreSQL:
            SQL(unsafeRaw: "CREATE TABLE IF NOT EXISTS \(quoted) (name varchar(255) PRIMARY KEY, "
                + "checksum char(64) NOT NULL, applied_at timestamp(6) NOT NULL)")
        case .mySQL:
            SQL(unsafeRaw: "CREATE TABLE IF NOT EXISTS \(quoted) (name VARCHAR(255) NOT NULL PRIMARY KEY, "
                + "checksum CHAR(64) NOT NULL, applied_at DATETIME(6) NOT NULL)")
        }
    }

    func create(_ db: some DatabaseExecutor) async throws {
        do { try await db.execute(createSQL) } catch {
            throw MigrationError(.table, "the migrations table \(table) could not be created", underlying: error)
        }
    }

    /// Every record; none when the table does not exist yet.
    func records(_ db: some DatabaseExecutor) async throws -> [MigrationRecord] {
        do {
            let rows = try await db.fetch(
                SQL(unsafeRaw: "SELECT name, checksum, applied_at FROM \(quoted) ORDER BY applied_at, name"))
            return try rows.map {
                MigrationRecord(
                    name: try $0[0, as: String.self], checksum: try $0[1, as: String.self],
                    appliedAt: try $0[2, as: Date?.self])
            }
        } catch let e as QueryError where e.sqlState == "42P01" || e.sqlState == "42S02" || e.databaseErrorCode == 1146
        {
            return []
        } catch {
            throw MigrationError(.table, "the migrations table \(table) could not be read", underlying: error)
        }
    }

    /// The record of one migration, if any.
    func record(_ name: String, _ db: some DatabaseExecutor) async throws -> MigrationRecord? {
        let rows = try await db.fetch("SELECT checksum FROM \(unsafeRaw: quoted) WHERE name = \(name)")
        return try rows.first.map { MigrationRecord(name: name, checksum: try $0[0, as: String.self]) }
    }

    func insert(_ migration: Migration, _ db: some DatabaseExecutor) async throws {
        try await db.execute("""
            INSERT INTO \(unsafeRaw: quoted) (name, checksum, applied_at) \
            VALUES (\(migration.name), \(migration.checksum), \(Date()))
            """)
    }
}
