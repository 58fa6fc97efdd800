import ArgumentParser
import DataAPI
import Foundation

/// `data-api sql`: statements from the argument or standard input, split safely, run one
/// call each, printed as a table, CSV, JSON lines or the Data API's JSON.
struct SQLCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sql",
        abstract: "Run SQL statements from the argument or from standard input.",
        discussion: """
        Statements are split at semicolons outside strings, quoted identifiers, comments and PostgreSQL \
        dollar quotes (MySQL: backticks, # comments, DELIMITER lines) and each runs as one call. The first \
        failing statement stops the run with exit status 1, unless --continue; errors go to standard error \
        with the statement's number and line, the service's error code, the SQLState and the message.
        """)

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "The SQL; read from standard input when left out.") var sql: String?
    @Option(help: "Output: table, csv, jsonl or json (the Data API's response).") var format: ResultFormat = .table
    @Flag(
        name: .customLong("continue"),
        help: "Run the remaining statements after a failure (the exit status is still 1).")
    var continueAfterError = false
    @Flag(help: "Run every statement in one Data API transaction, committed at the end or rolled back on failure.")
    var singleTransaction = false
    @Option(help: "What a table shows for NULL.") var null = "NULL"

    func run() async throws {
        let text: String
        if let sql { text = sql } else { text = String(decoding: try await StandardInput.readAll(), as: UTF8.self) }
        let connection = try await connection.connect()
        let failed = try await connection.using { try await execute(text, $0) }
        if failed { throw ExitCode(1) }
    }

    /// Runs the script; whether a statement failed.
    func execute(_ text: String, _ connection: Connection) async throws -> Bool {
        let c = connection.configuration
        let statements = SQLScript(text, engine: c.engine).statements
        let printer = ResultPrinter(format: format, null: null)
        let output = StandardOutput()
        var transactionId: String?
        if singleTransaction {
            transactionId = try await connection.client.beginTransaction(
                .init(
                    resourceArn: c.resourceArn, secretArn: c.secretArn,
                    database: c.database)
            ).transactionId
        }
        var failed = false
        for (n, statement) in statements.enumerated() {
            do {
                let response = try await connection.client.executeStatement(.init(
                    resourceArn: c.resourceArn, secretArn: c.secretArn, sql: statement.sql, database: c.database,
                    transactionId: transactionId, includeResultMetadata: true,
                    resultSetOptions: ResultSetOptions(decimalReturnType: .string)))
                if format == .table && n > 0 { output.write("\n") }
                output.write(try printer.render(response))
            } catch {
                failed = true
                await output.flush()   // results before the error, in order on a terminal
                StandardError.write(Self.describe(error, statement: n + 1, of: statements.count, line: statement.line))
                if !continueAfterError || transactionId != nil { break }
            }
        }
        if let id = transactionId {
            let ids = (resourceArn: c.resourceArn, secretArn: c.secretArn)
            if failed {
                _ = try? await connection.client.rollbackTransaction(
                    .init(resourceArn: ids.resourceArn, secretArn: ids.secretArn, transactionId: id))
                StandardError.write("data-api: the transaction was rolled back\n")
            } else {
                _ = try await connection.client.commitTransaction(
                    .init(resourceArn: ids.resourceArn, secretArn: ids.secretArn, transactionId: id))
            }
        }
        await output.flush()
        return failed
    }

    /// `data-api: statement 2 of 3 (line 4): DatabaseErrorException, SQLState 42P01: relation "x" does not exist`.
    static func describe(_ error: any Error, statement: Int, of count: Int, line: Int) -> String {
        "data-api: statement \(statement) of \(count) (line \(line)): " + describe(error) + "\n"
    }

    /// A service error as its exception name, SQLState and message; others as they describe themselves.
    static func describe(_ error: any Error) -> String {
        if let q = error as? QueryError, let e = q.dataAPIError { return describe(e) }
        guard let e = error as? DataAPIError else { return "\(error)" }
        var s = e.code.description
        if let state = e.sqlState { s += ", SQLState \(state)" }
        if let code = e.databaseErrorCode { s += ", error \(code)" }
        return s + ": " + e.message
    }
}
