import DataAPI
import Foundation

/// The shell's state and loop: the statement being typed, the open transaction, the
/// display settings; statements go out one call each, meta-commands are answered here.
final class ShellSession: @unchecked Sendable {
    let connection: Connection
    let printer: ResultPrinter
    let interactive: Bool
    let output = StandardOutput()
    var buffer = ""
    var expanded = false
    var timing = false
    var transactionId: String?
    var lastCall = ContinuousClock.now
    var quit = false

    init(connection: Connection, printer: ResultPrinter, interactive: Bool) {
        self.connection = connection
        self.printer = printer
        self.interactive = interactive
    }

    var engine: DatabaseEngine { connection.configuration.engine }

    /// `data-api=> `, `data-api-> ` inside a statement, `data-api*(idle 12s)=> ` in a transaction.
    var prompt: String {
        var p = "data-api"
        if transactionId != nil {
            p += "*(idle \(Int(Progress.seconds(ContinuousClock.now - lastCall)))s)"
        }
        return p + (buffer.isEmpty ? "=> " : "-> ")
    }

    /// Reads and runs lines until `\q` or the end of the input; each finished statement or
    /// meta-command goes to the input's history, its lines joined.
    func run(input: any ShellInput) async {
        var typed: [String] = []
        while !quit {
            await output.flush()
            guard let line = await input.readLine(prompt: interactive ? prompt : nil) else { break }
            await handle(line)
            if !line.trimmingCharacters(in: .whitespaces).isEmpty || !buffer.isEmpty { typed.append(line) }
            if buffer.isEmpty && !typed.isEmpty {
                input.remember(typed.joined(separator: "\n"))
                typed = []
            }
        }
        if transactionId != nil {
            await meta("\\rollback")
        }
        await output.flush()
    }

    func handle(_ line: String) async {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if buffer.isEmpty && trimmed.hasPrefix("\\") {
            await meta(trimmed)
            return
        }
        if buffer.isEmpty && trimmed.isEmpty { return }
        buffer += buffer.isEmpty ? line : "\n" + line
        guard Self.isComplete(buffer, engine: engine) else { return }
        let text = buffer
        buffer = ""
        await runScript(text)
    }

    /// Whether `text` ends with a finished statement: a token after it would start a new one.
    static func isComplete(_ text: String, engine: DatabaseEngine) -> Bool {
        let probe = SQLScript(text + "\n\u{1}", engine: engine).statements
        return probe.last?.sql == "\u{1}"
    }

    func runScript(_ text: String) async {
        for statement in SQLScript(text, engine: engine).statements {
            await execute(statement.sql)
        }
    }

    func execute(_ sql: String, parameters: [SqlParameter] = []) async {
        let c = connection.configuration
        let started = ContinuousClock.now
        do {
            let response = try await connection.client.executeStatement(.init(
                resourceArn: c.resourceArn, secretArn: c.secretArn, sql: sql, database: c.database,
                    parameters: parameters.isEmpty ? nil : parameters, transactionId: transactionId,
                    includeResultMetadata: true,
                resultSetOptions: ResultSetOptions(decimalReturnType: .string)))
            lastCall = ContinuousClock.now
            output.write(expanded ? expandedText(response) : try printer.render(response))
        } catch {
            lastCall = ContinuousClock.now
            await output.flush()
            StandardError.write("ERROR: " + SQLCommand.describe(error) + "\n")
        }
        if timing {
            output.write(String(format: "Time: %.3f ms\n", Progress.seconds(ContinuousClock.now - started) * 1000))
        }
    }

    /// One column per line, psql's `\x` layout.
    func expandedText(_ response: ExecuteStatementResponse) -> String {
        let columns = (response.columnMetadata ?? []).map { $0.label ?? $0.name ?? "?" }
        guard !columns.isEmpty else { return (try? printer.render(response)) ?? "" }
        let width = columns.map(\.count).max() ?? 0
        var out = ""
        for (n, row) in (response.records ?? []).enumerated() {
            out += "-[ RECORD \(n + 1) ]" + String(repeating: "-", count: max(1, width - 8)) + "\n"
            for (name, field) in zip(columns, row) {
                let value = field.isSQLNull ? printer.null : ResultPrinter.text(field)
                out += name.padding(toLength: width, withPad: " ", startingAt: 0) + " | " + value + "\n"
            }
        }
        if (response.records ?? []).isEmpty { out += "(0 rows)\n" }
        return out
    }
}
