import Dispatch
import Foundation

/// Waits for SIGINT or SIGTERM, whichever comes first.
enum SignalWaiter {
    nonisolated(unsafe) private static var kept: [DispatchSourceSignal] = []

    static func waitForInterruptOrTermination() async {
        await withCheckedContinuation { (cont: CheckedContinuation<Void, Never>) in
            let once = OnceFlag()
            var sources: [DispatchSourceSignal] = []
            for sig in [SIGINT, SIGTERM] {
                signal(sig, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
                source.setEventHandler { if once.take() { cont.resume() } }
                source.resume()
                sources.append(source)
            }
            kept = sources
        }
    }
}

/// True for the first `take()` only.
final class OnceFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var done = false

    func take() -> Bool {
        lock.withLock {
            defer { done = true }
            return !done
        }
    }
}
