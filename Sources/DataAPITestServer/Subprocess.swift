import Foundation

/// Runs a child process on a thread of its own and returns its standard output.
public enum Subprocess {
    public struct Failure: Error, CustomStringConvertible {
        public let status: Int32
        public let stderr: String
        public var description: String { "exit \(status): \(stderr)" }
    }

    public static func run(_ executable: String, _ arguments: [String], input: Data = Data(), environment: [String: String]? = nil) async throws -> String {
        try await runOnThread {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: executable)
            p.arguments = arguments
            if let environment { p.environment = environment }
            let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
            p.standardInput = stdin; p.standardOutput = stdout; p.standardError = stderr
            try p.run()
            let writer = Thread { stdin.fileHandleForWriting.write(input); try? stdin.fileHandleForWriting.close() }
            writer.start()
            let errBox = ErrBox()
            let errReader = Thread { errBox.data = stderr.fileHandleForReading.readDataToEndOfFile() }
            errReader.start()
            let out = stdout.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            while !errBox.done { Thread.sleep(forTimeInterval: 0.005) }
            guard p.terminationStatus == 0 else {
                throw Failure(status: p.terminationStatus, stderr: String(decoding: errBox.data ?? Data(), as: UTF8.self))
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// Runs a child process on a thread of its own and returns its exit status and its
    /// standard output and standard error together, whatever the status (a compiler's
    /// diagnostics, say). The caller's task waits without holding a thread of the pool.
    public static func status(_ executable: String, _ arguments: [String]) async throws -> (status: Int32, output: String) {
        try await runOnThread {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: executable)
            p.arguments = arguments
            let pipe = Pipe()
            p.standardOutput = pipe
            p.standardError = pipe
            p.standardInput = FileHandle.nullDevice
            try p.run()
            let out = pipe.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            return (p.terminationStatus, String(decoding: out, as: UTF8.self))
        }
    }

    /// Runs a Python script (botocore is installed) with JSON on standard input.
    public static func python(_ script: String, input: Data = Data()) async throws -> String {
        try await run("/usr/bin/env", ["python3", "-c", script], input: input)
    }
}

private final class ErrBox: @unchecked Sendable {
    private let lock = NSLock()
    private var _data: Data?
    var data: Data? {
        get { lock.withLock { _data } }
        set { lock.withLock { _data = newValue } }
    }
    var done: Bool { data != nil }
}

/// A temporary directory removed when the value is released.
public final class TemporaryDirectory: @unchecked Sendable {
    public let path: String
    public init() throws {
        path = NSTemporaryDirectory() + "swift-data-api-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
    @discardableResult
    public func write(_ name: String, _ text: String, executable: Bool = false) throws -> String {
        let file = path + "/" + name
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        if executable { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file) }
        return file
    }
}


/// Runs blocking work on a thread of its own and awaits it.
func runOnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { cont in
        let t = Thread { do { cont.resume(returning: try work()) } catch { cont.resume(throwing: error) } }
        t.start()
    }
}
