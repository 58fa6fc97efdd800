import Foundation

extension Subprocess {
    /// Runs a Python script (botocore is installed) with JSON on standard input; returns what it
    /// printed.
    public static func python(_ script: String, input: Data = Data()) async throws -> String {
        try await run("/usr/bin/env", ["python3", "-c", script], input: input)
    }
}
