#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Runs blocking work (a file read, a child process, a socket call) on a thread of its own, so
/// that it never occupies a thread of Swift's cooperative pool. The one such helper of the
/// package: the local server, the test servers and the tests use it too.
package enum BlockingIO {
    /// Runs `work` on a new thread named `name` and returns its result (or its error).
    package static func run<T: Sendable, Failure: Error>(
        name: String = "data-api.io",
        _ work: @escaping @Sendable () throws(Failure) -> T
    ) async throws(Failure) -> T {
        let result = await withCheckedContinuation { (cont: CheckedContinuation<Result<T, Failure>, Never>) in
            NativeThread.detach(name: name) {
                do throws(Failure) { cont.resume(returning: .success(try work())) } catch {
                    cont.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }

    /// The file's bytes, or nil when it does not exist.
    static func readFileIfPresent(_ path: String) async throws -> Data? {
        try await run { () throws -> Data? in try contentsIfPresent(path) }
    }

    /// The file's bytes, or nil when it does not exist; blocking, so only inside ``run(name:_:)``.
    static func contentsIfPresent(_ path: String) throws -> Data? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }
}
