import ArgumentParser
import DataAPI
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `data-api shell`: statements and psql-style meta-commands, read line by line.
struct ShellCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shell",
        abstract: "An interactive prompt: statements end at ';', results as tables, psql-style \\ commands.",
        discussion: """
        \\dt lists tables, \\d NAME a table's columns, \\x switches to one column per line, \\timing times each \
        call, \\begin / \\commit / \\rollback run a Data API transaction (the prompt shows it and how long it \
        has idled: the service ends it after 3 minutes), \\i FILE runs a file, \\q quits. Errors are printed \
        and the shell goes on. On a terminal, lines can be edited (arrows, Home/End, Ctrl-A/E/K/U, Backspace) \
        and the up and down arrows go through the history, kept in ~/.data_api_history (or the file \
        DATA_API_HISTORY names); standard input may also be a pipe.
        """)

    @OptionGroup var connection: ConnectionOptions
    @Option(help: "What a table shows for NULL.") var null = "NULL"

    func run() async throws {
        let connection = try await connection.connect()
        try await connection.using { c in
            let session = ShellSession(connection: c, printer: ResultPrinter(format: .table, null: null),
                                       interactive: isatty(0) == 1)
            await session.run(
                input: LineEditor(history: ShellHistory(), engine: c.configuration.engine) as (any ShellInput)?
                    ?? PlainInput())
        }
    }
}
