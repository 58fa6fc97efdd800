import ArgumentParser
import DataAPI
import Foundation

@main
struct DataAPICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data-api",
        abstract: "Amazon RDS Data API from the command line: SQL, migrations and single calls.",
        discussion: """
        The cluster comes from flags, then the environment (AURORA_CLUSTER_ARN, AURORA_SECRET_ARN, AURORA_DATABASE, \
        AURORA_ENGINE, AWS_ENDPOINT_URL_RDS_DATA, AWS_PROFILE, AWS_REGION), then --url. Against a local endpoint \
        (127.0.0.1, localhost) the local server's default ARNs and example keys are used unless others are given. \
        --local [postgresql|mysql] starts an embedded local Data API on an ephemeral database for the one command.
        """,
        subcommands: [
            SQLCommand.self, ShellCommand.self, MigrateCommand.self, ImportCommand.self, ExportCommand.self,
            Execute.self, Begin.self, Commit.self, Rollback.self,
        ])

    /// Parses with `--local` allowed without a value (it means `--local postgresql`).
    static func main() async {
        let arguments = Self.normalizingLocal(Array(CommandLine.arguments.dropFirst()))
        do {
            var command = try parseAsRoot(arguments)
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }

    /// `--local` not followed by an engine name becomes `--local=postgresql`.
    static func normalizingLocal(_ arguments: [String]) -> [String] {
        var out: [String] = []
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            if a == "--" { out += arguments[i...]; break }
            if a == "--local" && (i + 1 == arguments.count || DatabaseEngine(name: arguments[i + 1]) == nil) {
                out.append("--local=postgresql")
            } else {
                out.append(a)
            }
            i += 1
        }
        return out
    }
}
