import DataAPIClient
@testable import DataAPILocal
import Foundation
import Synchronization
import Testing

/// Start-up failures are ``LocalServerStartupError``s, not Data API errors.
@Suite struct StartupErrorTests {
    @Test func aTakenPortIsACannotBindErrorNamingTheAddressAndTheOSError() async throws {
        let first = try await DataAPILocalServer.start(configuration: DataAPILocalConfiguration())
        defer { Task { await first.stop() } }
        var configuration = DataAPILocalConfiguration()
        configuration.port = first.port
        let cleanedUp = CleanupFlag()
        do {
            let second = try await DataAPILocalServer.start(configuration: configuration) { cleanedUp.set() }
            await second.stop()
            Issue.record("a second server bound \(first.port)")
        } catch let error as LocalServerStartupError {
            #expect(error == .cannotBind)
            #expect(error != .databaseDidNotStart)
            #expect("\(error)".contains("127.0.0.1:\(first.port)"), "\(error)")
            #expect("\(error)".contains("Address already in use"), "\(error)")
        }
        #expect(cleanedUp.value)
    }
}

private final class CleanupFlag: Sendable {
    private let flag = Mutex(false)
    var value: Bool { flag.withLock { $0 } }
    func set() { flag.withLock { $0 = true } }
}
