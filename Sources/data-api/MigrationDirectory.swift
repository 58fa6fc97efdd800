import ArgumentParser
import DataAPI
import DataAPIClient
import Foundation

/// A folder of numbered `.sql` files (`001_users.sql`, `002_index.sql`, …) as migrations,
/// ordered by their numbers; a migration's name is its file name without `.sql`.
enum MigrationDirectory {
    /// The migrations in `path`, read on a thread of their own.
    static func load(_ path: String) async throws -> [Migration] {
        try await BlockingIO.run(name: "data-api.migrations") { () throws -> [Migration] in try read(path) }
    }

    static func read(_ path: String) throws -> [Migration] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ValidationError("\(path) is not a directory")
        }
        var numbered: [(number: Int, name: String, file: String)] = []
        for file in try FileManager.default.contentsOfDirectory(atPath: path) where file.hasSuffix(".sql") {
            let name = String(file.dropLast(4))
            guard let number = Int(name.prefix { $0.isASCII && $0.isNumber }) else {
                throw ValidationError("\(file) is not numbered: migration files are named like 001_create_users.sql")
            }
            numbered.append((number, name, file))
        }
        numbered.sort { ($0.number, $0.name) < ($1.number, $1.name) }
        for (a, b) in zip(numbered, numbered.dropFirst()) where a.number == b.number {
            throw ValidationError("\(a.file) and \(b.file) have the same number, so their order is not defined")
        }
        return try numbered.map { entry in
            let url = URL(fileURLWithPath: path).appendingPathComponent(entry.file)
            guard let text = String(data: try Data(contentsOf: url), encoding: .utf8) else {
                throw ValidationError("\(entry.file) is not UTF-8 text")
            }
            return Migration(entry.name, sql: text)
        }
    }
}
