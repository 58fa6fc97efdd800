import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A shell that runs a throwaway database server in the background. When asked (SIGTERM from
/// `stop()` or `deinit`), or once this process is gone, it stops the server with
/// `stopSignal`, escalates to SIGKILL after `graceSeconds`, and removes `directory`.
final class Watchdog: Sendable {
    private let process: Process

    private init(process: Process) { self.process = process }

    /// Starts `command` (shell words, already quoted) on a free loopback port until `ready(port)`
    /// holds, retrying on a few ports; its output goes to `directory/log`. On failure the
    /// directory is removed and the log's tail is in the error.
    static func startServer(name: String, directory: String, stopSignal: String, graceSeconds: Int, timeout: TimeInterval,
                            command: (Int) -> String, ready: (Int) -> Bool) throws -> (Watchdog, port: Int) {
        let fm = FileManager.default
        let q = LocalProcess.shellQuote
        var lastError = ""
        for _ in 0..<5 {
            let port = try LocalProcess.freePort()
            let script = """
            \(command(port)) > \(q(directory + "/log")) 2>&1 &
            db=$!
            cleanup() {
              kill -\(stopSignal) $db 2>/dev/null
              i=0; while kill -0 $db 2>/dev/null && [ $i -lt \(graceSeconds * 10) ]; do sleep 0.1; i=$((i+1)); done
              kill -KILL $db 2>/dev/null
              rm -rf \(q(directory)); exit 0
            }
            trap cleanup TERM INT HUP
            while kill -0 \(getpid()) 2>/dev/null && kill -0 $db 2>/dev/null; do sleep 0.2; done
            cleanup
            """
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", script]
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            let watchdog = Watchdog(process: process)
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline && process.isRunning {
                if ready(port) { return (watchdog, port) }
                Thread.sleep(forTimeInterval: 0.05)
            }
            lastError = (try? String(contentsOfFile: directory + "/log", encoding: .utf8)) ?? ""
            process.terminate()
            while process.isRunning { Thread.sleep(forTimeInterval: 0.02) }
            if !fm.fileExists(atPath: directory) { break }
        }
        try? fm.removeItem(atPath: directory)
        throw LocalProcess.Failure(message: "\(name) did not start: \(lastError.suffix(2000))")
    }

    /// Without an explicit `stop()`, the watchdog still stops the server and removes the
    /// directory; it is only asked to begin here, not waited for.
    deinit { if process.isRunning { process.terminate() } }

    /// Stops the server and removes its directory, waiting on a thread of its own.
    func stop(timeout: TimeInterval = 20) async {
        let process = self.process
        _ = try? await LocalProcess.onThread("data-api-local.watchdog-stop") {
            if process.isRunning { process.terminate() }
            let deadline = Date().addingTimeInterval(timeout)
            while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        }
    }
}
