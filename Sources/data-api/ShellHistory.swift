import DataAPI
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The shell's history file: one entry a line, loaded at start (the last 1000) and appended
/// after each statement or meta-command. `DATA_API_HISTORY` names it; otherwise it is
/// `~/.data_api_history`.
struct ShellHistory: Sendable {
    let path: String
    static let kept = 1000

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        if let path = environment["DATA_API_HISTORY"], !path.isEmpty {
            self.path = path
        } else {
            let home = environment["HOME"] ?? NSHomeDirectory()
            path = URL(fileURLWithPath: home).appendingPathComponent(".data_api_history").path
        }
    }

    /// The entries in the file, oldest first; none when there is no file.
    func load() -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        return Array(String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init).suffix(Self.kept))
    }

    /// Appends `entry` as a line; a file that cannot be written is left alone.
    func append(_ entry: String) {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o600)
        guard fd >= 0 else { return }
        defer { close(fd) }
        let line = Array((entry + "\n").utf8)
        _ = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }

    /// A statement typed over several lines as one line of history (lines joined by a space),
    /// or nil when joining would change it: a line break inside a quoted string or a dollar
    /// quote (the text would lose it), or ending a `--` comment (the comment would swallow the
    /// lines after it), as ``SQLScript`` reads `engine`'s quoting. Such a statement is not kept.
    static func oneLine(_ entry: String, engine: DatabaseEngine = .postgreSQL) -> String? {
        let lines = entry.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        guard lines.count > 1 else { return lines.first ?? "" }
        return SQLScript(entry, engine: engine).lineBreaksSeparateWordsOnly ? lines.joined(separator: " ") : nil
    }
}
