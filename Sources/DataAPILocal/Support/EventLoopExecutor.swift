import NIOCore
import NIOPosix
import Synchronization

/// A Swift concurrency task executor that runs jobs on one SwiftNIO event loop.
///
/// A request is served by a task that prefers its connection's event loop
/// (`withTaskExecutorPreference`), and its PostgreSQL connections come from that loop's pool,
/// so a call's steps (the request's parts arriving, the query's write, its rows, the response's
/// write) run one after another on one thread. Without it each step is a hop between the event
/// loop and the cooperative pool, a thread wake-up each way (about 12 per `SELECT 1`, measured
/// with `perf record -e sched:sched_waking`).
///
/// Work that blocks must not run on it; nothing on the request path does (the MySQL engine's
/// connector calls have threads of their own).
final class EventLoopExecutor: TaskExecutor, @unchecked Sendable {
    /// The loop; immutable.
    let loop: any EventLoop

    private init(loop: any EventLoop) { self.loop = loop }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        // From the loop itself this only queues the job; from elsewhere it also wakes the loop.
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }

    private static let executors = Mutex<[ObjectIdentifier: EventLoopExecutor]>([:])

    /// The executor of `loop` (one per loop, made on first use).
    static func of(_ loop: any EventLoop) -> EventLoopExecutor {
        executors.withLock { all in
            let key = ObjectIdentifier(loop)
            if let e = all[key] { return e }
            let e = EventLoopExecutor(loop: loop)
            all[key] = e
            return e
        }
    }

    /// Each loop thread's executor, so that ``current`` (asked once per statement) takes no lock.
    private static let onThisThread = ThreadSpecificVariable<EventLoopExecutor>()

    /// The executor of the event loop running the caller, if it runs on one.
    static var current: EventLoopExecutor? {
        guard let loop = MultiThreadedEventLoopGroup.currentEventLoop else { return nil }
        if let known = onThisThread.currentValue { return known }
        let executor = of(loop)
        onThisThread.currentValue = executor
        return executor
    }
}
