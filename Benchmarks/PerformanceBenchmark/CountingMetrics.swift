import Metrics
import Synchronization

/// An in-process metrics backend as cheap as a real aggregating one (swift-prometheus keeps
/// a running count and sum too): every handle an atomic count and sum, nothing per value kept.
/// The `--metrics-overhead` mode measures the client's cost with it against no backend.
final class CountingMetrics: MetricsFactory {
    final class Handle: CounterHandler, FloatingPointCounterHandler, MeterHandler, RecorderHandler, TimerHandler {
        let count = Atomic<Int64>(0)
        let sum = Atomic<Int64>(0)

        func increment(by amount: Int64) { count.add(1, ordering: .relaxed); sum.add(amount, ordering: .relaxed) }
        func increment(by amount: Double) { increment(by: Int64(amount)) }
        func decrement(by amount: Double) { increment(by: -Int64(amount)) }
        func reset() { count.store(0, ordering: .relaxed); sum.store(0, ordering: .relaxed) }
        func set(_ value: Int64) { increment(by: value) }
        func set(_ value: Double) { increment(by: Int64(value)) }
        func record(_ value: Int64) { increment(by: value) }
        func record(_ value: Double) { increment(by: Int64(value)) }
        func recordNanoseconds(_ duration: Int64) { increment(by: duration) }
    }

    private let handles = Mutex<[String: Handle]>([:])

    private func handle(_ label: String, _ dimensions: [(String, String)]) -> Handle {
        let key = label + dimensions.map { "|\($0.0)=\($0.1)" }.joined()
        return handles.withLock { map in
            if let hit = map[key] { return hit }
            let made = Handle()
            map[key] = made
            return made
        }
    }

    /// Handles made so far (one per label and dimension set).
    var handleCount: Int { handles.withLock { $0.count } }

    func makeCounter(label: String, dimensions: [(String, String)]) -> CounterHandler { handle(label, dimensions) }
    func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> FloatingPointCounterHandler {
        handle(label, dimensions)
    }
    func makeMeter(label: String, dimensions: [(String, String)]) -> MeterHandler { handle(label, dimensions) }
    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> RecorderHandler {
        handle(label, dimensions)
    }
    func makeTimer(label: String, dimensions: [(String, String)]) -> TimerHandler { handle(label, dimensions) }
    func destroyCounter(_ handler: CounterHandler) {}
    func destroyFloatingPointCounter(_ handler: FloatingPointCounterHandler) {}
    func destroyMeter(_ handler: MeterHandler) {}
    func destroyRecorder(_ handler: RecorderHandler) {}
    func destroyTimer(_ handler: TimerHandler) {}
}
