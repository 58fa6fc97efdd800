import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The tool run on a pseudo-terminal, as a person at a terminal runs it: its standard input,
/// output and error are the terminal's, keys go in and what it draws comes out. Everything
/// blocks, so `session` runs on a thread of its own; the child is killed when the deadline
/// passes.
final class PseudoTerminal: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// One step: keys to send, then text to wait for in what the tool writes after them.
    struct Step: Sendable {
        var keys: String
        var expect: String
    }

    /// What a session left: the steps that ran, the text the tool wrote (carriage returns
    /// before newlines removed), its exit status (nil: killed at the deadline).
    struct Outcome: Sendable {
        var completed: Int
        var transcript: String
        var status: Int32?
    }

    private let master: Int32
    private let process = Process()
    private var output: [UInt8] = []
    private var mark = 0

    init(executable: String, arguments: [String], environment: [String: String]) throws {
        // The C library's pseudo-terminal calls, which Swift's Glibc module leaves out (they
        // need _XOPEN_SOURCE), looked up by name.
        typealias Open = @convention(c) (Int32) -> Int32
        typealias Name = @convention(c) (Int32, UnsafeMutablePointer<CChar>?, Int) -> Int32
        func function<F>(_ name: String, as: F.Type) throws -> F {
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else {
                throw Failure(description: "no \(name)")
            }
            return unsafeBitCast(symbol, to: F.self)
        }
        let openMaster = try function("posix_openpt", as: Open.self)
        let grant = try function("grantpt", as: Open.self), unlock = try function("unlockpt", as: Open.self)
        let name = try function("ptsname_r", as: Name.self)
        master = openMaster(O_RDWR | O_NOCTTY)
        var path = [CChar](repeating: 0, count: 128)
        guard master >= 0, grant(master) == 0, unlock(master) == 0, name(master, &path, path.count) == 0 else {
            throw Failure(description: "no pseudo-terminal: errno \(errno)")
        }
        let slave = open(path, O_RDWR | O_NOCTTY)
        guard slave >= 0 else {
            throw Failure(
                description:
                    "cannot open \(String(decoding: path.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))"
            )
        }
        let handle = FileHandle(fileDescriptor: slave, closeOnDealloc: true)
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.standardInput = handle
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        try handle.close()
    }

    deinit { close(master) }

    /// Runs `steps` in order, each waiting for its text, all within `seconds`; then waits
    /// for the tool to end. A step whose text does not come in time kills the tool.
    static func session(executable: String, arguments: [String], environment: [String: String],
                        steps: [Step], seconds: Double = 60) async throws -> Outcome {
        let terminal = try PseudoTerminal(executable: executable, arguments: arguments, environment: environment)
        return await withCheckedContinuation { continuation in
            Thread {
                let deadline = Date().addingTimeInterval(seconds)
                var completed = 0
                for step in steps {
                    terminal.send(step.keys)
                    guard terminal.wait(for: step.expect, until: deadline) else { break }
                    completed += 1
                }
                if completed == steps.count { terminal.drain(until: deadline) }
                if terminal.process.isRunning { kill(terminal.process.processIdentifier, SIGKILL) }
                terminal.process.waitUntilExit()
                let killed = terminal.process.terminationReason == .uncaughtSignal
                let text = String(decoding: terminal.output, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
                continuation.resume(returning: Outcome(completed: completed, transcript: text,
                                                       status: killed ? nil : terminal.process.terminationStatus))
            }.start()
        }
    }

    func send(_ keys: String) {
        let bytes = Array(keys.utf8)
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { write(master, $0.baseAddress! + done, $0.count - done) }
            guard n > 0 else { return }
            done += n
        }
    }

    /// Reads until what came after the mark contains `text` (the mark then moves past it);
    /// a newline in `text` is the terminal's carriage return and newline.
    func wait(for text: String, until deadline: Date) -> Bool {
        let wanted = Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)
        while true {
            if let range = find(wanted) {
                mark = range
                return true
            }
            guard readSome(until: deadline) else { return false }
        }
    }

    /// Reads until the tool closes the terminal or the deadline passes.
    func drain(until deadline: Date) {
        while readSome(until: deadline) {}
    }

    private func find(_ wanted: [UInt8]) -> Int? {
        guard !wanted.isEmpty else { return mark }
        guard output.count - mark >= wanted.count else { return nil }
        for start in mark...(output.count - wanted.count)
        where output[start..<(start + wanted.count)].elementsEqual(wanted) {
            return start + wanted.count
        }
        return nil
    }

    /// Reads what is there; false at the end of the output or the deadline.
    private func readSome(until deadline: Date) -> Bool {
        let left = deadline.timeIntervalSinceNow
        guard left > 0 else { return false }
        var fds = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        let ready = poll(&fds, 1, Int32(min(left, 1) * 1000))
        if ready == 0 { return true }
        guard ready > 0 else { return errno == EINTR }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = read(master, &buffer, buffer.count)
        guard n > 0 else { return false }
        output.append(contentsOf: buffer[0..<n])
        return true
    }
}
