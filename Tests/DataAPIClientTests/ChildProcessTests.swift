@testable import DataAPIClient
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The package's process runner (`credential_process`, the throwaway servers' tools, the
/// tests' `aws` and `python3`): what the child reads, writes and inherits, and how it ends.
@Suite struct ChildProcessTests {
    @Test
    func collectsOutputErrorAndStatus() throws {
        let outcome = try ChildProcess.run("/bin/sh", ["-c", "echo out; echo err >&2; exit 3"])
        #expect(outcome.status == 3)
        #expect(outcome.output == "out\n")
        #expect(outcome.errorOutput == "err\n")
        #expect(throws: ChildProcess.Failure.self) { try outcome.checked() }
        let merged = try ChildProcess.run("/bin/sh", ["-c", "echo a; echo b >&2"], standardError: .mergeIntoOutput)
        #expect(merged.output == "a\nb\n")
        #expect(merged.standardError.isEmpty)
    }

    /// Input and output far larger than a pipe's buffer flow at the same time without a
    /// deadlock; a child that never reads its input neither hangs nor kills this process
    /// with SIGPIPE.
    @Test
    func largeInputAndOutputFlowTogether() throws {
        let input = Data((0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let echoed = try ChildProcess.run("/bin/cat", [], input: input)
        #expect(echoed.status == 0)
        #expect(echoed.standardOutput == input)
        let ignored = try ChildProcess.run("/bin/true", [], input: input)
        #expect(ignored.status == 0)
        let empty = try ChildProcess.run("/bin/cat", [], input: Data())
        #expect(empty.standardOutput.isEmpty)
        let none = try ChildProcess.run("/bin/cat", [])
        #expect(none.standardOutput.isEmpty)
    }

    /// `ChildProcess.run` on a thread of its own (it blocks while the child sleeps), timed there,
    /// so that neither the wait nor the figure depends on the cooperative pool.
    static func timedRun(_ script: String) async throws -> (ChildProcess.Outcome, Duration) {
        try await BlockingIO.run {
            let start = ContinuousClock.now
            let outcome = try ChildProcess.run("/bin/sh", ["-c", script], timeout: .milliseconds(300))
            return (outcome, ContinuousClock.now - start)
        }
    }

    @Test
    func aChildPastItsTimeoutIsKilled() async throws {
        let (outcome, elapsed) = try await Self.timedRun("echo started; exec sleep 30")
        #expect(outcome.status == SIGKILL && outcome.timedOut)
        #expect(outcome.output == "started\n")
        #expect(elapsed < .seconds(10), "returned after \(elapsed)")
        #expect(try await !ChildProcess.runDetached("/bin/true", [], timeout: .seconds(30)).timedOut)
    }

    /// The kill reaches the child only; a process it started may hold its output open. The
    /// runner stops reading a second after the kill instead of waiting for that process.
    @Test
    func aGrandchildHoldingTheOutputDoesNotHoldTheRunner() async throws {
        let (outcome, elapsed) = try await Self.timedRun("echo started; sleep 30; echo never")
        #expect(outcome.status == SIGKILL && outcome.timedOut)
        #expect(outcome.output == "started\n")
        #expect(elapsed >= .milliseconds(1200) && elapsed < .seconds(10), "returned after \(elapsed)")
    }

    @Test
    func aMissingExecutableIsATypedError() {
        #expect {
            try ChildProcess.run("/nonexistent/tool", [])
        } throws: { error in
            guard let e = error as? ChildProcess.SpawnError else { return false }
            return e.errno == ENOENT && e.description.contains("/nonexistent/tool")
        }
    }

    @Test
    func theEnvironmentIsReplacedWhenGiven() throws {
        let outcome = try ChildProcess.run("/usr/bin/env", [], environment: ["ONLY": "this"])
        #expect(outcome.output == "ONLY=this\n")
        setenv("CHILD_PROCESS_TESTS_INHERITED", "yes", 1)
        let inherited = try ChildProcess.run("/bin/sh", ["-c", "echo $CHILD_PROCESS_TESTS_INHERITED"])
        #expect(inherited.output == "yes\n")
    }

    /// The child gets standard descriptors only and default signal dispositions, whatever
    /// this process left open or ignores.
    @Test
    func theChildInheritsNoDescriptorsAndNoIgnoredSignals() throws {
        let leaked = open("/dev/null", O_RDONLY)  // without O_CLOEXEC
        defer { close(leaked) }
        #expect(leaked > 2)
        let previous = signal(SIGPIPE, SIG_IGN)
        defer { signal(SIGPIPE, previous) }
        let outcome = try ChildProcess.run(
            "/bin/sh", ["-c", "ls /proc/self/fd; grep SigIgn /proc/self/status"], input: Data("x".utf8))
        let lines = outcome.output.split(separator: "\n")
        // `ls` itself holds one more descriptor: the directory it lists.
        let fds = lines.compactMap { Int($0) }.filter { $0 > 2 }
        #expect(fds.count <= 1, "\(outcome.output)")
        // SIGPIPE (13) is bit 12 of the ignored-signal mask.
        let ignored = lines.first { $0.hasPrefix("SigIgn:") }.flatMap { UInt64($0.dropFirst(7).trimmingWhitespace(), radix: 16) }
        #expect(ignored.map { $0 & (1 << (SIGPIPE - 1)) == 0 } == true, "\(outcome.output)")
    }

    @Test
    func runDetachedKeepsTheCooperativePoolFree() async throws {
        // More concurrent children than the pool has threads, each waiting on the others.
        let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
            for i in 0..<8 {
                group.addTask {
                    try await ChildProcess.runDetached("/bin/sh", ["-c", "sleep 0.2; echo \(i)"]).output
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(outcomes) == Set((0..<8).map { "\($0)\n" }))
    }
}
