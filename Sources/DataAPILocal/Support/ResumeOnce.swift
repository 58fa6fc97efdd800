import Synchronization

/// A continuation resumed by whichever of several tasks finishes first.
final class ResumeOnce<T: Sendable>: Sendable {
    private let state = Mutex<(CheckedContinuation<T, Error>?, Bool)>((nil, false))
    func set(_ c: CheckedContinuation<T, Error>) { state.withLock { $0.0 = c } }
    /// Resumes if nothing did yet; returns whether this call resumed.
    func resume(with result: Result<T, Error>) -> Bool {
        let c: CheckedContinuation<T, Error>? = state.withLock { s in
            if s.1 { return nil }
            s.1 = true
            defer { s.0 = nil }
            return s.0
        }
        c?.resume(with: result)
        return c != nil
    }
}
