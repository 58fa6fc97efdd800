import Foundation

/// Runs blocking work (a file read, a child process) on a thread of its own, so that it
/// never occupies a thread of Swift's cooperative pool.
enum BlockingIO {
    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { cont in
            let thread = Thread {
                do { cont.resume(returning: try work()) } catch { cont.resume(throwing: error) }
            }
            thread.name = "swift-data-api.blocking-io"
            thread.start()
        }
    }

    /// The file's bytes, or nil when it does not exist.
    static func readFileIfPresent(_ path: String) async throws -> Data? {
        try await run {
            guard FileManager.default.fileExists(atPath: path) else { return nil }
            return try Data(contentsOf: URL(fileURLWithPath: path))
        }
    }
}
