import DataAPIClient
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A shell that runs a throwaway database server in the background. When asked (SIGTERM from
/// `stop()` or `deinit`), or once this process is gone, it stops the server with
/// `stopSignal`, escalates to SIGKILL after `graceSeconds`, and removes `directory`.
///
/// `stop()` does the same itself when the shell is gone (someone killed it): the shell writes
/// the server's process id to `directory/server.pid` when it starts it.
final class Watchdog: Sendable {
    private let process: Process
    private let directory: String
    private let stopSignal: Int32
    private let graceSeconds: Int
    /// The database server's process id.
    let serverPID: pid_t?

    private init(process: Process, directory: String, stopSignal: Int32, graceSeconds: Int, serverPID: pid_t?) {
        self.process = process
        self.directory = directory
        self.stopSignal = stopSignal
        self.graceSeconds = graceSeconds
        self.serverPID = serverPID
    }

    /// Starts `command` (shell words, already quoted) on a free loopback port until `ready(port)`
    /// holds, retrying on a few ports; its output goes to `directory/log`. On failure the
    /// directory is removed and the log's tail is in the error.
    static func startServer(
        name: String, directory: String, stopSignal: String, graceSeconds: Int, timeout: TimeInterval,
        command: (Int) -> String, ready: (Int) -> Bool
    ) throws -> (Watchdog, port: Int) {
        let fm = FileManager.default
        let q = ThrowawayServer.shellQuote
        var lastError = ""
        for _ in 0..<5 {
            let port = try ThrowawayServer.freePort()
            let script = """
                \(command(port)) > \(q(directory + "/log")) 2>&1 &
                db=$!
                echo $db > \(q(directory + "/server.pid"))
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
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline && process.isRunning {
                if ready(port) {
                    let pidText = try? String(contentsOfFile: directory + "/server.pid", encoding: .utf8)
                    let pid = pidText.flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
                    let signal: Int32 = stopSignal == "INT" ? SIGINT : SIGTERM
                    return (
                        Watchdog(
                            process: process, directory: directory, stopSignal: signal, graceSeconds: graceSeconds,
                            serverPID: pid), port
                    )
                }
                Thread.sleep(forTimeInterval: 0.05)
            }
            lastError = (try? String(contentsOfFile: directory + "/log", encoding: .utf8)) ?? ""
            process.terminate()
            while process.isRunning { Thread.sleep(forTimeInterval: 0.02) }
            if !fm.fileExists(atPath: directory) { break }
        }
        try? fm.removeItem(atPath: directory)
        throw LocalServerStartupError.databaseDidNotStart("\(name) did not start: \(lastError.suffix(2000))")
    }

    /// Without an explicit `stop()`, the watchdog still stops the server and removes the
    /// directory; it is only asked to begin here, not waited for.
    deinit { if process.isRunning { process.terminate() } }

    /// Stops the server and removes its directory, waiting on a thread of its own; without the
    /// shell (killed), stops the server and removes the directory itself.
    func stop(timeout: TimeInterval = 20) async {
        let (process, directory, pid, signal, grace) = (self.process, directory, serverPID, stopSignal, graceSeconds)
        await BlockingIO.run(name: "data-api-local.watchdog-stop") { () throws(Never) -> Void in
            if process.isRunning { process.terminate() }
            let deadline = Date().addingTimeInterval(timeout)
            while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
            if let pid, Self.isRunning(pid) {
                kill(pid, signal)
                let killAt = Date().addingTimeInterval(TimeInterval(grace))
                while Self.isRunning(pid) && Date() < killAt { Thread.sleep(forTimeInterval: 0.02) }
                kill(pid, SIGKILL)
            }
            if FileManager.default.fileExists(atPath: directory) {
                try? FileManager.default.removeItem(atPath: directory)
            }
        }
    }

    /// Whether `pid` is a live process (a zombie that nobody reaped yet is not).
    static func isRunning(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return true }
        return stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first != "Z"
    }
}
