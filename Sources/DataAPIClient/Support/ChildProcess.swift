import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a child process to its end and collects what it wrote: the one process runner of the
/// package (a `credential_process`, the throwaway database servers' set-up tools, the tests'
/// `aws`, `python3` and `data-api` runs). It blocks its thread: call it from
/// ``BlockingIO/run(name:_:)`` or ``runDetached(_:_:input:environment:standardError:timeout:)``.
package enum ChildProcess {
    /// Where the child's standard error goes.
    package enum StandardError: Sendable {
        /// To this process's standard error.
        case inherit
        /// Into ``Outcome/standardError``.
        case capture
        /// Into ``Outcome/standardOutput``, interleaved as written (a compiler's diagnostics).
        case mergeIntoOutput
    }

    /// How the child ended and what it wrote.
    package struct Outcome: Sendable {
        package var status: Int32
        package var standardOutput: Data
        package var standardError: Data

        package var output: String { String(decoding: standardOutput, as: UTF8.self) }
        package var errorOutput: String { String(decoding: standardError, as: UTF8.self) }

        /// The outcome, or a ``Failure`` when the child exited with a status other than 0.
        package func checked() throws(Failure) -> Outcome {
            guard status == 0 else { throw Failure(status: status, stderr: errorOutput) }
            return self
        }
    }

    /// A child that exited with a status other than 0.
    package struct Failure: Error, CustomStringConvertible {
        package let status: Int32
        /// Its standard error (empty unless captured).
        package let stderr: String
        package var description: String { "exit \(status): \(stderr)" }
    }

    /// Runs `executable` with `arguments` and waits for it; `input` is its standard input (none
    /// when nil), `environment` replaces this process's when given. A child still running after
    /// `timeout` is killed with SIGKILL, which ends its output.
    package static func run(_ executable: String, _ arguments: [String], input: Data? = nil,
                            environment: [String: String]? = nil, standardError: StandardError = .capture,
                            timeout: Duration? = nil) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let stdout = Pipe()
        process.standardOutput = stdout
        let stdin = input.map { _ in Pipe() }
        process.standardInput = stdin ?? FileHandle.nullDevice
        let stderr: Pipe? = standardError == .capture ? Pipe() : nil
        switch standardError {
        case .inherit: break
        case .capture: process.standardError = stderr
        case .mergeIntoOutput: process.standardError = stdout
        }
        try process.run()
        if let timeout {
            let pid = process.processIdentifier
            let (seconds, attoseconds) = timeout.components
            let delay = Double(seconds) + Double(attoseconds) / 1e18
            DispatchQueue.global().asyncAfter(deadline: .now() + delay) { [process] in
                if process.isRunning { kill(pid, SIGKILL) }
            }
        }
        if let stdin, let input {
            Thread {
                // A write error (a child that exits without reading all its input) is ignored.
                try? stdin.fileHandleForWriting.write(contentsOf: input)
                try? stdin.fileHandleForWriting.close()
            }.start()
        }
        let errorText = CollectedData()
        if let stderr {
            Thread { errorText.set(stderr.fileHandleForReading.readDataToEndOfFile()) }.start()
        }
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, standardOutput: out,
                       standardError: stderr == nil ? Data() : errorText.wait())
    }

    /// ``run(_:_:input:environment:standardError:timeout:)`` on a thread of its own; the
    /// caller's task waits without holding a thread of the cooperative pool.
    package static func runDetached(_ executable: String, _ arguments: [String], input: Data? = nil,
                                    environment: [String: String]? = nil, standardError: StandardError = .capture,
                                    timeout: Duration? = nil) async throws -> Outcome {
        try await BlockingIO.run(name: "swift-data-api.child-process") {
            try run(executable, arguments, input: input, environment: environment, standardError: standardError,
                    timeout: timeout)
        }
    }
}

/// Bytes that another thread delivers once.
private final class CollectedData: @unchecked Sendable {
    private let condition = NSCondition()
    private var data: Data?

    func set(_ value: Data) {
        condition.lock()
        data = value
        condition.signal()
        condition.unlock()
    }

    func wait() -> Data {
        condition.lock()
        defer { condition.unlock() }
        while data == nil { condition.wait() }
        return data!
    }
}
