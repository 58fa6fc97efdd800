import DataAPI
import DataAPISQL
import Foundation
import Logging
import Synchronization
import Testing

/// One debug line per statement with its SQL, duration, rows and calls; values never.
@Suite struct LoggingTests {
    final class Store: Sendable {
        let lines = Mutex<[String]>([])
    }

    struct Capture: LogHandler {
        let store: Store
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            let all = (event.metadata ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(
                separator: " ")
            store.lines.withLock { $0.append("\(event.level) \(event.message) \(all)") }
        }
    }

    @Test(arguments: DatabaseEngine.allCases)
    func statementsAreLoggedWithoutValues(_ engine: DatabaseEngine) async throws {
        let store = Store()
        var logger = Logger(label: "capture") { _ in Capture(store: store) }
        logger.logLevel = .trace
        let db = try await ExecutorFixture.shared.database(engine, logger: logger)
        let secret = "s3cr3t-\(UUID().uuidString)"
        _ = try await db.fetch("SELECT \(secret) AS v, \(Int64(987_654_321)) AS n")
        _ = try? await db.fetch("SELECT * FROM exec_missing WHERE x = \(secret)")
        try await db.transaction { tx in _ = try await tx.fetch("SELECT \(secret) AS v") }
        let lines = store.lines.withLock { $0 }
        #expect(
            lines.contains {
                $0.hasPrefix("debug statement ") && $0.contains("sql=SELECT :p1 AS v, :p2 AS n")
                    && $0.contains("rows=1")
                    && $0.contains("calls=1") && $0.contains("duration_ms=")
            })
        #expect(lines.contains { $0.hasPrefix("debug statement failed") && $0.contains("DatabaseErrorException") })
        #expect(lines.contains { $0.contains("sql=COMMIT") })
        for line in lines {
            #expect(!line.contains(secret) && !line.contains("987654321"), "a value was logged: \(line)")
        }
    }
}
