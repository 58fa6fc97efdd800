/// Splits SQL text into statements at top-level semicolons (for the deprecated `ExecuteSql`).
enum SQLSplitter {
    static func split(_ sql: String, scanner: NamedParameterScanner) -> [String] {
        let bytes = Array(sql.utf8)
        var pieces: [String] = []
        var start = 0
        for end in scanner.scan(sql).semicolons + [bytes.count] {
            let piece = String(decoding: bytes[start..<end], as: UTF8.self).trimmingCharacters(
                in: .whitespacesAndNewlines)
            if !piece.isEmpty { pieces.append(piece) }
            start = min(end + 1, bytes.count)
        }
        return pieces
    }
}

import Foundation
