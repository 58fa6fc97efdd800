import Foundation

/// A thread of its own that runs blocking work (a database connector's calls) submitted
/// from async code, one job at a time and in order, so that no blocking call ever occupies
/// a thread of Swift's cooperative pool.
final class BlockingWorker: @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [@Sendable () -> Void] = []
    private var finished = false

    init(name: String) {
        let thread = Thread { [self] in loop() }
        thread.name = name
        thread.start()
    }

    private func loop() {
        while true {
            condition.lock()
            while jobs.isEmpty && !finished { condition.wait() }
            if jobs.isEmpty { condition.unlock(); return }
            let job = jobs.removeFirst()
            condition.unlock()
            job()
        }
    }

    /// Runs `work` on the worker's thread and returns its result.
    func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (cont: CheckedContinuation<T, Error>) in
            condition.lock()
            defer { condition.unlock() }
            guard !finished else { cont.resume(throwing: CancellationError()); return }
            jobs.append { cont.resume(with: Result { try work() }) }
            condition.signal()
        }
    }

    /// Lets the thread end once the queued jobs ran.
    func finish() {
        condition.lock()
        finished = true
        condition.signal()
        condition.unlock()
    }
}
