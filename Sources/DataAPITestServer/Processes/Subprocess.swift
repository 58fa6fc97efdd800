import DataAPIClient
import Foundation

/// Child processes for tests: a tool's standard output, or its status and all it printed. Both
/// run through the package's one process runner (`ChildProcess`) on a thread of their own, so
/// the caller's task waits without holding a thread of the cooperative pool.
public enum Subprocess {
    /// Runs `executable` with `input` on standard input and returns its standard output; a
    /// status other than 0 throws `ChildProcess.Failure` with its standard error.
    public static func run(
        _ executable: String, _ arguments: [String], input: Data = Data(),
        environment: [String: String]? = nil
    ) async throws -> String {
        try await ChildProcess.runDetached(executable, arguments, input: input, environment: environment)
            .checked().output
    }

    /// Runs `executable` and returns its exit status and its standard output and standard error
    /// together, whatever the status (a compiler's diagnostics, say).
    public static func status(
        _ executable: String, _ arguments: [String]
    ) async throws -> (status: Int32, output: String) {
        let outcome = try await ChildProcess.runDetached(executable, arguments, standardError: .mergeIntoOutput)
        return (outcome.status, outcome.output)
    }
}
