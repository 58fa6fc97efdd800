@testable import DataAPI
import Synchronization
import Testing

/// The transaction gate under contention: everyone gets through, one at a time, and a
/// cancelled waiter leaves without taking the gate.
@Suite struct AsyncGateTests {
    final class Tally: Sendable {
        let inside = Atomic<Int>(0)
        let overlaps = Atomic<Int>(0)
        let passes = Atomic<Int>(0)
    }

    @Test func manyTasksPassOneAtATimeAndNoneIsLost() async throws {
        let gate = AsyncGate()
        let tally = Tally()
        let done = Task {
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<64 {
                    group.addTask {
                        for _ in 0..<200 {
                            try? await gate.acquire()
                            if tally.inside.add(1, ordering: .sequentiallyConsistent).newValue != 1 {
                                tally.overlaps.add(1, ordering: .relaxed)
                            }
                            tally.passes.add(1, ordering: .relaxed)
                            if Bool.random() { await Task.yield() }
                            tally.inside.subtract(1, ordering: .sequentiallyConsistent)
                            gate.release()
                        }
                    }
                }
            }
        }
        // A lost wake-up would leave a waiter asleep forever: give up after 20 s.
        let watchdog = Task {
            try await Task.sleep(for: .seconds(20))
            done.cancel()
        }
        await done.value
        watchdog.cancel()
        #expect(tally.passes.load(ordering: .relaxed) == 64 * 200)
        #expect(tally.overlaps.load(ordering: .relaxed) == 0)
    }

    final class Holder: Sendable {
        let gate = Mutex<AsyncGate?>(nil)
    }

    /// The holder releases just after a second caller found the gate held and before it
    /// queued: the second caller must still get the gate.
    @Test func aReleaseBeforeQueueingIsNotLost() async throws {
        let holder = Holder()
        let gate = AsyncGate(beforeQueueing: { holder.gate.withLock { $0 }?.release() })
        holder.gate.withLock { $0 = gate }
        try await gate.acquire()
        let second = Task { try await gate.acquire() }
        let watchdog = Task {
            try await Task.sleep(for: .seconds(5))
            second.cancel()
        }
        let result = await second.result
        watchdog.cancel()
        #expect((try? result.get()) != nil, "the second caller was never woken")
    }

    @Test func aCancelledWaiterLeavesTheQueue() async throws {
        let gate = AsyncGate()
        try await gate.acquire()
        let waiter = Task { try await gate.acquire() }
        try await Task.sleep(for: .milliseconds(50))
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        gate.release()
        // The gate is free again: a new acquire does not wait.
        try await gate.acquire()
        gate.release()
    }
}
