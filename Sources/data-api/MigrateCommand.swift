import ArgumentParser
import DataAPI
import Foundation

/// `data-api migrate DIR`: applies a folder of numbered `.sql` files with the library's
/// ``Migrator``; `--status` lists them.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply a folder of numbered .sql files in order, each at most once (--status lists them).",
        discussion: """
        Files are named like 001_create_users.sql and apply in the order of their numbers. Each applied file \
        is recorded, with the SHA-256 of its text, in a table (data_api_migrations by default); a file edited \
        after it was applied stops the run. PostgreSQL applies each file in a transaction; MySQL commits DDL \
        as it runs, so a failure says which statement stopped it and which ran before it. Concurrent runs \
        are serialized by an advisory lock (pg_advisory_xact_lock, GET_LOCK).
        """)

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "The folder of numbered .sql files.") var directory: String
    @Flag(help: "List applied, pending and changed migrations instead of applying them.") var status = false
    @Option(help: "The table applied migrations are recorded in.") var table = "data_api_migrations"
    @Option(help: "Seconds to wait for another migrator's lock.") var lockTimeout: Double = 60

    func run() async throws {
        let migrations = try await MigrationDirectory.load(directory)
        var migrator = Migrator(migrations, tableName: table)
        migrator.lockTimeout = .milliseconds(Int64(lockTimeout * 1000))
        let connection = try await connection.connect()
        let failed = try await connection.using { c -> Bool in
            let output = StandardOutput()
            do {
                if status {
                    for s in try await migrator.status(c.database) { output.write(Self.line(s)) }
                } else {
                    let applied = try await migrator.migrate(c.database)
                    for name in applied { output.write("applied \(name)\n") }
                    if applied.isEmpty {
                        output.write("nothing to apply: \(migrations.count) migrations are applied\n")
                    }
                }
                await output.flush()
                return false
            } catch let e as MigrationError {
                await output.flush()
                StandardError.write(Self.describe(e))
                return true
            }
        }
        if failed { throw ExitCode(1) }
    }

    /// `applied  2025-11-30 01:02:03Z  001_users`.
    static func line(_ s: MigrationStatus) -> String {
        let at = s.appliedAt.map { ISO8601DateFormatter().string(from: $0) } ?? ""
        return s.state.rawValue.padding(toLength: 13, withPad: " ", startingAt: 0)
            + at.padding(toLength: 22, withPad: " ", startingAt: 0) + s.name + "\n"
    }

    static func describe(_ e: MigrationError) -> String {
        var s = "data-api: \(e.message)\n"
        if let underlying = e.underlying { s += "  " + SQLCommand.describe(underlying) + "\n" }
        if let sql = e.sql { s += "  SQL: \(sql)\n" }
        return s
    }
}
