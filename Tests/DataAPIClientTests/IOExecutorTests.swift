import DataAPITestServer
import Foundation
import Synchronization
import Testing
@testable import DataAPIClient

#if os(Linux)
import Glibc

/// `DataAPIClient.ioExecutor`: tasks that prefer it run on the direct path's waiting thread,
/// their calls work as anywhere else (new connections, concurrency, timeouts, cancellation),
/// and work handed to it from other threads (a timer, a connect thread) wakes it.
@Suite(.timeLimit(.minutes(1))) struct IOExecutorTests {
    final class Names: Sendable {
        private let seen = Mutex<Set<String>>([])
        func insert(_ name: String) { seen.withLock { _ = $0.insert(name) } }
        var all: Set<String> { seen.withLock { $0 } }
    }

    /// The calling thread's name.
    static func threadName() -> String {
        ((try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? "")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func tasksThatPreferItRunOnTheWaitingThread() async throws {
        let name = await Task(executorPreference: DataAPIClient.ioExecutor) { Self.threadName() }.value
        #expect(name == "data-api.wait")
        // A sleep's end comes from another thread, which must wake the loop.
        let afterSleep = await Task(executorPreference: DataAPIClient.ioExecutor) { () -> String in
            try? await Task.sleep(for: .milliseconds(20))
            return Self.threadName()
        }.value
        #expect(afterSleep == "data-api.wait")
    }

    @Test func concurrentCallersOnItGetTheirOwnAnswers() async throws {
        let server = try LoopbackHTTPServer { req in .json(#"{"n":\#(req.body.count)}"#) }
        let transport = CurlTransport(configuration: .init(maxIdleTime: .seconds(600)).direct(true))
        let names = Names()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for caller in 0..<8 {
                group.addTask(executorPreference: DataAPIClient.ioExecutor) {
                    for i in 0..<25 {
                        let size = caller * 1000 + i
                        let r = try await transport.send(HTTPRequest(
                            method: "POST", url: server.baseURL + "/Execute", body: [UInt8](repeating: 120, count: size)))
                        #expect(String(decoding: r.body, as: UTF8.self) == #"{"n":\#(size)}"#)
                        names.insert(Self.threadName())
                    }
                }
            }
            try await group.waitForAll()
        }
        // Every call resumed on the waiting thread, new connections (resumed from their connect
        // threads) included.
        #expect(names.all == ["data-api.wait"])
        #expect(transport.statistics.transfers == 200)
        #expect(transport.statistics.connectionsOpened >= 1 && transport.statistics.connectionsOpened <= 8)
    }

    /// A connection the server drops or cuts mid-response fails its call on the executor as
    /// anywhere (sent, so not retried blindly), and the next call on it works on a new connection.
    @Test func aConnectionCutMidResponseFailsItsCallAndTheNextWorks() async throws {
        let server = try LoopbackHTTPServer { req in
            switch req.path {
            case "/drop": return .dropConnection
            case "/cut":
                var reply = Reply.json(#"{"records":[[{"longValue":1}]]}"#)
                reply.truncatedAfter = 60
                return reply
            default: return .json(#"{"n":\#(req.body.count)}"#)
            }
        }
        let transport = CurlTransport(configuration: TransportConfiguration().direct(true))
        let outcomes = await Task(executorPreference: DataAPIClient.ioExecutor) { () -> [String] in
            var seen: [String] = []
            for path in ["/drop", "/ok", "/cut", "/ok"] {
                do {
                    let r = try await transport.send(HTTPRequest(method: "POST", url: server.baseURL + path, body: [1, 2]))
                    seen.append("\(r.status) \(String(decoding: r.body, as: UTF8.self)) on \(Self.threadName())")
                } catch let e as TransportError {
                    seen.append("\(e.code) sent: \(e.requestSent) on \(Self.threadName())")
                } catch {
                    seen.append("\(error)")
                }
            }
            return seen
        }.value
        #expect(outcomes == [
            "transferFailed sent: true on data-api.wait", #"200 {"n":2} on data-api.wait"#,
            "transferFailed sent: true on data-api.wait", #"200 {"n":2} on data-api.wait"#,
        ])
        #expect(server.requestsServed == 4)
    }

    @Test func timeoutsAndCancellationWorkOnIt() async throws {
        let silent = try LoopbackHTTPServer { _ in Reply(status: 200, delay: .seconds(60)) }
        let transport = CurlTransport(configuration: .init(requestTimeout: .milliseconds(200)).direct(true))
        let timedOut = await Task(executorPreference: DataAPIClient.ioExecutor) { () -> TransportError? in
            do {
                _ = try await transport.send(HTTPRequest(method: "POST", url: silent.baseURL + "/x"))
                return nil
            } catch { return error as? TransportError }
        }.value
        #expect(timedOut?.code == .timedOut)

        let patient = CurlTransport(configuration: .init(requestTimeout: .seconds(60)).direct(true))
        let started = ContinuousClock.now
        let task = Task(executorPreference: DataAPIClient.ioExecutor) {
            _ = try await patient.send(HTTPRequest(method: "POST", url: silent.baseURL + "/x"))
        }
        try await Task.sleep(for: .milliseconds(100))
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(ContinuousClock.now - started < .seconds(4))
    }
}
#endif
