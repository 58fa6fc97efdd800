import Foundation
import Synchronization
import Testing
@testable import DataAPIClient
import DataAPITestServer

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
    _ server: LoopbackHTTPServer,
    retry: RetryPolicy = .init(
        maxAttempts: 3, baseDelay: .milliseconds(1), maxDelay: .milliseconds(5), totalDeadline: .seconds(60),
        resuming: .init(
            maxAttempts: 4, baseDelay: .milliseconds(2), maxDelay: .milliseconds(10), totalDeadline: .seconds(60))),
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
