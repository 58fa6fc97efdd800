import ArgumentParser
import DataAPI
import Foundation

/// `data-api export "SELECT …" FILE`: the result, read page by page through the library's
/// cursor, written to CSV or JSON lines in constant memory.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a query's result to a CSV or JSON lines file, page by page in constant memory.",
        discussion: """
        The rows come through the library's cursor: on PostgreSQL a cursor in a transaction read in pages \
        of about 1 MiB, on MySQL LIMIT/OFFSET pages in a transaction. Give the query an ORDER BY on unique \
        columns, and on MySQL no LIMIT of its own. FILE '-' is standard output.
        """)

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "The SELECT.") var query: String
    @Argument(help: "The file to write (.csv or .jsonl), or - for standard output.") var file: String
    @Option(help: "csv or jsonl (default: from the file's extension, else csv).") var format: DataFormat?
    @Flag(help: "No progress on standard error.") var quiet = false

    func run() async throws {
        let format = format ?? DataFormat(path: file) ?? .csv
        let connection = try await connection.connect()
        try await connection.using { c in
            let sink = try FileSink(path: file)
            let progress = Progress(verb: "exported", quiet: quiet || file == "-")
            let cursor = c.database.cursor(SQL(unsafeRaw: query))
            let columns = try await cursor.description.map(\.name)
            if format == .csv {
                try await sink.write(columns.map(ResultPrinter.csvQuoted).joined(separator: ",") + "\r\n")
            }
            let keys = columns.map(\.jsonQuoted)
            var rows = 0
            for try await row in cursor {
                switch format {
                case .csv:
                    try await sink.write(
                        row.fields.map { $0.isSQLNull ? "" : ResultPrinter.csvQuoted(ResultPrinter.text($0)) }
                            .joined(separator: ",") + "\r\n")
                case .jsonl:
                    try await sink.write(
                        "{" + zip(keys, row.fields).map { $0 + ":" + ResultPrinter.json($1) }.joined(separator: ",")
                            + "}\n")
                }
                rows += 1
                if rows % 1024 == 0 { progress.update(rows: rows, bytes: sink.bytes) }
            }
            try await sink.finish()
            progress.finish(rows: rows, bytes: sink.bytes)
        }
    }
}

/// The file formats of `import` and `export`.
enum DataFormat: String, ExpressibleByArgument, CaseIterable {
    case csv, jsonl

    /// The format a file's extension names (`.csv`; `.jsonl`, `.ndjson`).
    init?(path: String) {
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "csv": self = .csv
        case "jsonl", "ndjson": self = .jsonl
        default: return nil
        }
    }
}
