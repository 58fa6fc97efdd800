import DataAPIClient
import DataAPISQL
import Synchronization

/// One Data API transaction: its id, the gate that runs its calls one at a time (the
/// service refuses a second call while one runs), and whether it can still be used.
final class TransactionState: Sendable {
    enum Status: Sendable {
        case active
        /// An error aborted it; only a rollback (to a savepoint) can follow.
        case aborted(QueryError)
        /// It is over; nothing more can run in it.
        case ended(QueryError)
    }

    let id: String
    let gate = AsyncGate()
    private let status = Mutex(Status.active)
    private let savepoints = Atomic<Int>(0)
    /// One gate per nesting level: nested transactions opened by concurrent tasks at the same
    /// level run one after another, so one's ROLLBACK TO cannot undo another's released work.
    private let savepointGates = Mutex<[Int: AsyncGate]>([:])

    init(id: String) { self.id = id }

    var current: Status { status.withLock { $0 } }

    /// Throws unless a statement may run now (`recovering`: a rollback to a savepoint may
    /// run in an aborted transaction).
    func checkUsable(recovering: Bool = false) throws {
        switch current {
        case .active: return
        case .aborted(let e): if !recovering { throw e }
        case .ended(let e): throw e
        }
    }

    func abort(_ error: QueryError) {
        status.withLock { if case .active = $0 { $0 = .aborted(error) } }
    }

    func end(_ error: QueryError) {
        status.withLock { if case .ended = $0 {} else { $0 = .ended(error) } }
    }

    /// After a successful rollback to a savepoint.
    func recovered() {
        status.withLock { if case .aborted = $0 { $0 = .active } }
    }

    func nextSavepointName() -> String { "dataapi_sp_\(savepoints.add(1, ordering: .relaxed).newValue)" }

    func savepointGate(level: Int) -> AsyncGate {
        savepointGates.withLock { gates in
            if let g = gates[level] { return g }
            let g = AsyncGate()
            gates[level] = g
            return g
        }
    }
}
