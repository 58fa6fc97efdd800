import Foundation
import Synchronization
import Testing
@testable import DataAPIClient
import DataAPITestServer

/// Runs a child process on a thread of its own and returns its standard output.
enum Subprocess {
    struct Failure: Error, CustomStringConvertible {
        let status: Int32
        let stderr: String
        var description: String { "exit \(status): \(stderr)" }
    }

    static func run(_ executable: String, _ arguments: [String], input: Data = Data(), environment: [String: String]? = nil) async throws -> String {
        try await BlockingIO.run {
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

    /// Runs a Python script (botocore is installed) with JSON on standard input.
    static func python(_ script: String, input: Data = Data()) async throws -> String {
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

/// AWS's documented example keys.
enum SampleKeys {
    static let accessKeyId = "AKIDEXAMPLE"
    static let secretAccessKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    static let credentials = AWSCredentials(accessKeyId: accessKeyId, secretAccessKey: secretAccessKey)
}

enum TestARN {
    static let cluster = "arn:aws:rds:us-east-1:123456789012:cluster:dummy"
    static let secret = "arn:aws:secretsmanager:us-east-1:123456789012:secret:dummy"
}

/// A temporary directory removed when the value is released.
final class TemporaryDirectory: @unchecked Sendable {
    let path: String
    init() throws {
        path = NSTemporaryDirectory() + "swift-data-api-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
    @discardableResult
    func write(_ name: String, _ text: String, executable: Bool = false) throws -> String {
        let file = path + "/" + name
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        if executable { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file) }
        return file
    }
}

/// A transport that counts attempts and passes them to a real libcurl transport.
final class CountingTransport: HTTPTransport, @unchecked Sendable {
    let base: CurlTransport
    private let lock = NSLock()
    private var _count = 0
    var count: Int { lock.withLock { _count } }
    init(_ base: CurlTransport = CurlTransport()) { self.base = base }
    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        lock.withLock { _count += 1 }
        return try await base.send(request)
    }
}

/// A client aimed at a loopback server with fixed credentials and no environment.
func makeClient(
    _ server: LoopbackHTTPServer, retry: RetryPolicy = .init(maxAttempts: 3, baseDelay: .milliseconds(1), maxDelay: .milliseconds(5), totalDeadline: .seconds(10), resuming: .init(maxAttempts: 4, baseDelay: .milliseconds(2), maxDelay: .milliseconds(10), totalDeadline: .seconds(10))),
    transport: (any HTTPTransport)? = nil, transportConfiguration: TransportConfiguration = .init()
) -> DataAPIClient {
    DataAPIClient(
        configuration: .init(region: "us-east-1", endpoint: server.baseURL, transport: transportConfiguration,
                             retryPolicy: retry, environment: [:]),
        credentialProvider: StaticCredentialProvider(SampleKeys.credentials),
        transport: transport)
}

/// JSON text as a comparable object.
func jsonObject(_ text: String) throws -> NSObject {
    try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) as! NSObject
}
typealias Reply = LoopbackHTTPServer.Reply

/// A thread-safe counter shared between a server handler and a test.
final class Counter: Sendable {
    private let atomic = Atomic<Int>(0)
    var value: Int { atomic.load(ordering: .sequentiallyConsistent) }
    @discardableResult func increment() -> Int { atomic.add(1, ordering: .sequentiallyConsistent).newValue }
}
