import ArgumentParser
import DataAPI
import Foundation

/// `data-api import TABLE FILE`: a CSV (header row first) or JSON lines file into a table,
/// read a chunk at a time and handed batch by batch to the library's byte-packed
/// `insert(contentsOf:)`, in one transaction.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Insert the rows of a CSV or JSON lines file into a table, all or nothing.",
        discussion: """
        The CSV header (or the keys of the JSON lines) names the table's columns; columns left out get their \
        defaults. Every value is checked against its column's type (from information_schema) before anything \
        is sent: a bad row stops the import with its line and column. The rows are inserted in requests packed \
        to the Data API's 4 MiB limit (only the last one partly filled), all in one transaction: after any \
        failure nothing remains (with --chunk-commit each batch commits on its own). The file is read a chunk \
        at a time: memory is bounded by the batch, not the file. In CSV an \
        empty unquoted field is NULL and "" an empty string; bytes are \\x and hex (or base64).
        """)

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "The table (in the current schema or database).") var table: String
    @Argument(help: "The file (.csv, or .jsonl / .ndjson).") var file: String
    @Option(help: "csv or jsonl (default: from the file's extension, else csv).") var format: DataFormat?
    @Option(
        help: ArgumentHelp(
            "MiB of the file read between calls to the batch insert, which sends the rows that fill whole "
                + "4 MiB requests and keeps the rest for the next call; bounds memory."))
    var batchMib = 4
    @Option(help: ArgumentHelp("Send exact batches of this many rows instead (each batch's last request partly filled, "
                               + "no rows carried to the next)."))
    var batchRows: Int?
    @Flag(
        help: ArgumentHelp("Commit each batch on its own instead of one transaction for the file: "
            + "after a failure the batches before it stay."))
    var chunkCommit = false
    @Flag(help: "No progress on standard error.") var quiet = false

    func validate() throws {
        guard batchMib >= 1 else { throw ValidationError("--batch-mib must be at least 1") }
        if let batchRows, batchRows < 1 { throw ValidationError("--batch-rows must be at least 1") }
    }

    func run() async throws {
        let format = format ?? DataFormat(path: file) ?? .csv
        let source: ImportFile
        do { source = try ImportFile(path: file) } catch let e as ImportFileError {
            throw ValidationError(e.description)
        }
        let connection = try await connection.connect()
        let committed = Committed()
        do {
            try await connection.using { c in
                try await load(source, format: format, into: c.database, committed: committed)
            }
        } catch let failure as ImportFailure {
            StandardError.write("data-api: import stopped at \(failure); \(remains(committed.rows))\n")
            throw ExitCode(1)
        } catch let failure as ImportFileError {
            StandardError.write("data-api: import failed: \(failure); \(remains(committed.rows))\n")
            throw ExitCode(1)
        } catch let e as QueryError {
            StandardError.write("data-api: import failed: \(SQLCommand.describe(e)); \(remains(committed.rows))\n")
            throw ExitCode(1)
        }
    }

    /// What a failed import left in the table.
    func remains(_ rows: Int) -> String {
        chunkCommit ? "the \(rows) rows of the batches before it were committed" : "nothing was imported"
    }

    /// The rows committed so far with `--chunk-commit`.
    final class Committed: @unchecked Sendable { var rows = 0 }

    func load(_ source: ImportFile, format: DataFormat, into db: Database, committed: Committed) async throws {
        let columns = try await ImportColumn.load(table, db)
        guard !columns.isEmpty else {
            throw ValidationError("there is no table \(table) (in the current schema or database)")
        }
        var reader = try await ImportReader.open(source, format: format)
        var first = try await reader.next()
        let selected = try reader.header.map { name in
            guard
                let column = columns.first(where: { $0.name == name })
                    ?? columns.first(where: { $0.name.lowercased() == name.lowercased() })
            else {
                throw ImportFailure(
                    line: first?.line ?? 1, column: name,
                    reason: "is not a column of \(table) (\(columns.map(\.name).joined(separator: ", ")))")
            }
            return column
        }
        let layout = ImportRow.Layout(
            table: table, columns: selected.map { ImportRow.column($0.name, type: $0.sqlType, nullable: true) })
        let progress = Progress(verb: "imported", totalBytes: source.size, quiet: quiet)
        var total = 0
        func next() async throws -> (line: Int, values: [String?])? {
            if let record = first { first = nil; return record }
            return try await reader.next()
        }
        // Feeds the file's rows, batch by batch, to `insert`, which returns how many leading
        // rows of the batch it sent; the rest stay for the next batch. `last`: send them all.
        func feed(_ insert: ([ImportRow], _ last: Bool) async throws -> Int) async throws {
            var batch: [ImportRow] = []
            var batchStart = reader.offset
            // --batch-rows alone decides a batch's end; otherwise the MiB read since the last one.
            let maxRows = batchRows ?? Int.max, maxBytes = batchRows == nil ? batchMib << 20 : Int.max
            while let (line, texts) = try await next() {
                guard texts.count == selected.count else {
                    throw ImportFailure(
                        line: line, column: nil, reason: "has \(texts.count) fields; the header has \(selected.count)")
                }
                var values: [ImportRow.Value] = []
                values.reserveCapacity(texts.count)
                for (column, text) in zip(selected, texts) {
                    switch column.value(text) {
                    case .success(let v): values.append(v)
                    case .failure(let reason): throw ImportFailure(line: line, column: column.name, reason: reason.text)
                    }
                }
                batch.append(ImportRow(values: values))
                if batch.count % 4096 == 0 { progress.update(rows: total + batch.count, bytes: reader.offset) }
                if batch.count >= maxRows || reader.offset - batchStart >= maxBytes {
                    let sent = try await insert(batch, false)
                    total += sent
                    batch.removeFirst(sent)
                    batchStart = reader.offset
                    progress.update(rows: total + batch.count, bytes: reader.offset)
                }
            }
            if !batch.isEmpty { total += try await insert(batch, true) }
        }
        // With --batch-rows each batch goes whole; otherwise only the rows that fill whole
        // requests, the rest going with the next batch, so that no request but the last is
        // partly filled: the fewest calls, a batch's worth of memory.
        let whole = batchRows != nil
        // Returns the rows sent, which leave the batch: not the database's count of rows inserted,
        // which a trigger can make smaller (rows counted as not sent would be sent again).
        func send(_ batch: [ImportRow], last: Bool, _ db: some DatabaseExecutor) async throws -> Int {
            guard last || whole else { return try await db.insert(fullRequestsOf: batch) }
            try await db.insert(contentsOf: batch)
            return batch.count
        }
        try await ImportRow.withLayout(layout) {
            if chunkCommit {
                // Each call is all or nothing on its own (the batch insert takes a transaction for several requests).
                try await feed { batch, last in
                    let n = try await send(batch, last: last, db)
                    committed.rows += n
                    return n
                }
            } else {
                try await db.transaction { tx in try await feed { try await send($0, last: $1, tx) } }
            }
        }
        progress.finish(rows: total, bytes: reader.offset)
    }
}
