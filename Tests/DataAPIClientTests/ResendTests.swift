@testable import DataAPIClient
import DataAPITestServer
import Foundation
import Testing

/// A request is never sent twice behind the caller's back: a loopback server cuts the
/// connection at each point, on a fresh and on a reused connection, and counts how often its
/// handler saw the request. A call that may have run is not retried (ExecuteStatement); one
/// that is harmless to repeat is (BeginTransaction).
@Suite struct ResendTests {
    enum Cut: String, CaseIterable, CustomTestStringConvertible {
        /// The server resets a kept-alive connection as the request arrives, without reading it.
        case beforeReading
        /// The server reads (and "runs") the request, then closes without answering.
        case afterRunning
        /// The answer stops inside its status line and headers.
        case inTheHead
        /// The answer stops inside its body.
        case inTheBody
        /// The server closed the kept-alive connection while it was idle.
        case whileIdle
        var testDescription: String { rawValue }
        /// Only a reused connection can be cut before its request or while idle.
        var needsReuse: Bool { self == .beforeReading || self == .whileIdle }
    }

    struct Outcome {
        var succeeded: Bool
        var error: (any Error)?
        /// How often the handler saw the cut request.
        var seen: Int
        var connections: Int
        /// Resends libcurl attempted on its own and the transport refused.
        var refused: Int
    }

    /// One warm-up call (when `reused`), then the call under test, whose first sighting is cut.
    func run(_ cut: Cut, reused: Bool, begin: Bool, direct: Bool) async throws -> Outcome {
        let seen = Counter()
        let okExecute = #"{"numberOfRecordsUpdated":1,"records":[[{"stringValue":"abcdefghijklmnopqrstuvwxyz"}]]}"#
        let server = try LoopbackHTTPServer { request in
            if request.bodyText.contains("warm") {
                var reply = Reply.json(okExecute)
                reply.resetOnNextRequest = cut == .beforeReading
                reply.closeAfterReply = cut == .whileIdle
                return reply
            }
            let ok =
                request.path == "/BeginTransaction" ? Reply.json(#"{"transactionId":"tx-1"}"#) : Reply.json(okExecute)
            guard seen.increment() == 1 else { return ok }
            switch cut {
            case .beforeReading, .whileIdle: return ok
            case .afterRunning: return .dropConnection
            case .inTheHead:
                var r = ok
                r.truncatedAfter = 20
                return r
            case .inTheBody:
                var r = ok
                r.truncatedAfter = Array("HTTP/1.1 200 OK\r\n".utf8).count + 60
                return r
            }
        }
        var transport = TransportConfiguration()
        transport.directExchange = direct
        let client = makeClient(server, transportConfiguration: transport)
        if reused {
            _ = try await client.executeStatement(
                .init(resourceArn: TestARN.cluster, secretArn: TestARN.secret, sql: "warm"))
            if cut == .whileIdle { try await Task.sleep(for: .milliseconds(200)) }
        }
        var outcome = Outcome(succeeded: false, seen: 0, connections: 0, refused: 0)
        do {
            if begin {
                _ = try await client.beginTransaction(.init(resourceArn: TestARN.cluster, secretArn: TestARN.secret))
            } else {
                _ = try await client.executeStatement(.init(resourceArn: TestARN.cluster, secretArn: TestARN.secret,
                                                            sql: "INSERT INTO t VALUES (1)"))
            }
            outcome.succeeded = true
        } catch {
            outcome.error = error
        }
        outcome.seen = seen.value
        outcome.refused = (client.transport as? CurlTransport)?.statistics.resendsRefused ?? -1
        // A connection libcurl opened for a resend it was then refused is complete in the kernel
        // before the server's accept loop takes it: give the count a moment to catch up (a full run
        // here once read 1 with the refusal already counted).
        let deadline = ContinuousClock.now + .seconds(5)
        while outcome.refused > 0, server.connectionsAccepted < 2, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        outcome.connections = server.connectionsAccepted
        return outcome
    }

    @Test(arguments: Cut.allCases, [false, true])
    func aStatementThatMayHaveRunIsNeverSentAgain(_ cut: Cut, reused: Bool) async throws {
        guard reused || !cut.needsReuse else { return }
        for direct in [true, false] { try await aStatementThatMayHaveRunIsNeverSentAgain(cut, reused: reused, direct: direct) }
    }

    /// On the direct path (the transport writes the request itself) and on libcurl's.
    func aStatementThatMayHaveRunIsNeverSentAgain(_ cut: Cut, reused: Bool, direct: Bool) async throws {
        let o = try await run(cut, reused: reused, begin: false, direct: direct)
        switch cut {
        case .whileIdle:
            // Noticed before the request was written: a new connection, one execution.
            #expect(o.succeeded && o.seen == 1 && o.connections == 2, "\(o)")
        case .beforeReading:
            // Either libcurl found no body byte written and repeated the request on a new
            // connection (it cannot have reached the server), or the call fails as one that
            // may have been sent. Never twice, never success without an execution.
            if o.succeeded {
                #expect(o.seen == 1 && o.connections == 2)
            } else {
                #expect(o.seen == 0)
                #expect((o.error as? TransportError)?.requestSent == true, "\(String(describing: o.error))")
            }
        case .afterRunning, .inTheHead, .inTheBody:
            #expect(!o.succeeded && o.seen == 1, "\(o)")
            if cut == .afterRunning && reused {
                // libcurl tries to send it again on a new connection and is refused; the direct
                // path never tries.
                #expect(o.refused == (direct ? 0 : 1), "direct: \(direct)")
                #expect(o.connections == (direct ? 1 : 2), "direct: \(direct)")
            }
            let e = o.error as? TransportError
            #expect(e?.requestSent == true && e?.code == .transferFailed, "\(String(describing: o.error))")
            #expect(RetryPolicy.default.schedule(for: o.error!) == nil)
        }
    }

    @Test(arguments: Cut.allCases, [false, true])
    func aCallThatIsHarmlessToRepeatIsRetried(_ cut: Cut, reused: Bool) async throws {
        guard reused || !cut.needsReuse else { return }
        for direct in [true, false] { try await aCallThatIsHarmlessToRepeatIsRetried(cut, reused: reused, direct: direct) }
    }

    func aCallThatIsHarmlessToRepeatIsRetried(_ cut: Cut, reused: Bool, direct: Bool) async throws {
        let o = try await run(cut, reused: reused, begin: true, direct: direct)
        #expect(o.succeeded, "\(String(describing: o.error))")
        switch cut {
        case .whileIdle, .beforeReading: #expect(o.seen == 1)
        case .afterRunning, .inTheHead, .inTheBody: #expect(o.seen == 2, "retried once after the cut")
        }
    }
}
