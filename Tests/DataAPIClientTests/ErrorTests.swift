import Foundation
import Synchronization
import Testing
@testable import DataAPIClient
import DataAPITestServer

@Suite struct ErrorTests {
    static let execute = ExecuteStatementRequest(
        resourceArn: TestARN.cluster, secretArn: TestARN.secret, sql: "SELECT :p",
        parameters: [.init(name: "p", value: .stringValue("PARAMVALUE-42"))])

    static var allCodes: [(DataAPIError.Code, Int)] {
        DataAPIError.Code.modeled.map { ($0.code, $0.status) } + [(.validation, 400), (.throttling, 400)]
    }

    @Test func everyExceptionBecomesATypedError() async throws {
        let codes = Self.allCodes
        #expect(codes.count == 19)
        let server = try LoopbackHTTPServer { req in
            let name = String(req.path.dropFirst().split(separator: "/").first!)
            let status = codes.first { $0.0.rawValue == name }!.1
            return .json(#"{"message":"boom \#(name)"}"#, status: status, headers: [
                ("x-amzn-ErrorType", "\(name):http://internal.amazon.com/coral/com.amazon.rdsdataservice/"),
                ("x-amzn-RequestId", "req-\(name)"),
            ])
        }
        for (code, status) in codes {
            let client = DataAPIClient(
                configuration: .init(
                    region: "us-east-1", endpoint: server.baseURL + "/" + code.rawValue, retryPolicy: .none,
                    environment: [:]),
                credentialProvider: StaticCredentialProvider(SampleKeys.credentials))
            await #expect {
                _ = try await client.executeStatement(Self.execute)
            } throws: { error in
                guard let e = error as? DataAPIError else { return false }
                return e.code == code && e.httpStatus == status && e.message == "boom \(code.rawValue)"
                    && e.requestId == "req-\(code.rawValue)" && e.operation == "ExecuteStatement"
                    && !"\(e)".contains("PARAMVALUE") && !"\(e)".contains(SampleKeys.secretAccessKey)
            }
        }
    }

    func response(_ status: Int, _ headers: [(String, String)] = [], _ body: String = "") -> HTTPResponse {
        HTTPResponse(status: status, headers: headers.map { (name: $0.0, value: $0.1) }, body: Array(body.utf8))
    }

    @Test func typeIsReadFromHeaderThenCodeThenType() {
        #expect(
            DataAPIError.from(
                response: response(400, [("x-amzn-errortype", "BadRequestException:http://x/")], #"{"code":"Other"}"#)
            ).code == .badRequest)
        #expect(
            DataAPIError.from(
                response: response(400, [("X-Amzn-ErrorType", "com.amazon.rdsdataservice#DatabaseErrorException")])
            ).code == .databaseError)
        #expect(
            DataAPIError.from(
                response: response(
                    400, [], #"{"code":"ValidationException","message":"Multistatements aren't supported."}"#)
            ).code == .validation)
        #expect(
            DataAPIError.from(response: response(400, [], #"{"Code":"ThrottlingException","Message":"Rate exceeded"}"#))
                .message == "Rate exceeded")
        #expect(
            DataAPIError.from(
                response: response(
                    404, [],
                    #"{"__type":"com.amazon.coral#TransactionNotFoundException","Message":"Transaction x isn't found"}"#
                )
            ).code == .transactionNotFound)
        #expect(
            DataAPIError.from(response: response(400, [], #"{"__type":"x#ThrottlingException"}"#)).code.isThrottling)
    }

    @Test func serverErrorsWithoutJSONStillType() {
        let html = DataAPIError.from(
            response: response(502, [("Content-Type", "text/html")], "<html><body>Bad Gateway</body></html>"))
        #expect(html.code.rawValue == "502" && html.httpStatus == 502 && html.message == "Bad Gateway")
        let empty = DataAPIError.from(response: response(503))
        #expect(empty.code.rawValue == "503" && empty.message == "Service Unavailable")
        let emptyTyped = DataAPIError.from(
            response: response(500, [("x-amzn-ErrorType", "InternalServerErrorException")]))
        #expect(emptyTyped.code == .internalServerError)
    }

    @Test func statementTimeoutCarriesConnectionAndDatabaseErrorCarriesSQLState() {
        let t = DataAPIError.from(
            response: response(
                400, [("x-amzn-ErrorType", "StatementTimeoutException")],
                #"{"message":"Request timed out","dbConnectionId":1234567}"#))
        #expect(t.code == .statementTimeout && t.dbConnectionId == 1_234_567)
        let d = DataAPIError.from(response: response(400, [("x-amzn-ErrorType", "DatabaseErrorException")],
                #"{"message":"ERROR: duplicate key value violates unique constraint \"parent_pkey\"\n  Detail: Key (id)=(1) already exists.; SQLState: 23505"}"#
            ))
        #expect(d.sqlState == "23505")
        #expect(
            DataAPIError.parseSQLState("ERROR: relation \"x\" does not exist\n  Position: 15; SQLState: 42P01")
                == "42P01")
        #expect(DataAPIError.parseSQLState("no state here") == nil)
    }

    @Test func invalidSuccessBodyIsAClientError() async throws {
        let server = try LoopbackHTTPServer { _ in .json(#"{"records":[[{"longValue":1,"stringValue":"x"}]]}"#) }
        let client = makeClient(server, retry: .none)
        await #expect { _ = try await client.executeStatement(Self.execute) } throws: {
            ($0 as? DataAPIClientError)?.code == .invalidResponse
        }
    }
}

@Suite struct RetryTests {
    /// A server that fails `failures` times with the given reply, then succeeds.
    func flaky(failures: Int, _ reply: @escaping @Sendable () -> Reply) throws -> (LoopbackHTTPServer, Counter) {
        let calls = Counter()
        let server = try LoopbackHTTPServer { _ in
            let n = calls.increment()
            return n <= failures ? reply() : .json(#"{"numberOfRecordsUpdated":1}"#)
        }
        return (server, calls)
    }

    static func error(_ name: String, _ status: Int) -> Reply {
        .json(#"{"message":"x"}"#, status: status, headers: [("x-amzn-ErrorType", name)])
    }

    /// A failure as a server sends it: an AWS error type and status, or a bare status with an
    /// HTML page (a load balancer's answer, no `x-amzn-ErrorType`).
    struct Failure: Sendable, CustomTestStringConvertible {
        var name: String?
        var status: Int
        /// Whether the service surely did not run the call (so any call is retried).
        var notRun: Bool
        var reply: Reply {
            guard let name else {
                return Reply(
                    status: status, headers: [("Content-Type", "text/html")], body: Array("<html>\(status)</html>".utf8)
                )
            }
            return RetryTests.error(name, status)
        }
        var testDescription: String { "\(name ?? "no error type") \(status)" }
    }

    static let transient: [Failure] = [
        Failure(name: "ThrottlingException", status: 400, notRun: true),
        Failure(name: "TooManyRequestsException", status: 429, notRun: true),
        Failure(name: "ServiceUnavailableError", status: 503, notRun: true),
        Failure(name: "ServiceUnavailable", status: 503, notRun: true),
        Failure(name: nil, status: 503, notRun: true),
        Failure(name: "InternalServerErrorException", status: 500, notRun: false),
        Failure(name: "DatabaseUnavailableException", status: 504, notRun: false),
        Failure(name: nil, status: 500, notRun: false),
        Failure(name: nil, status: 502, notRun: false),
        Failure(name: nil, status: 504, notRun: false),
    ]

    /// The policy table: failures where the service surely did not run the call are retried
    /// for every call; those that may come after it ran (500, 502, 504) only for
    /// `BeginTransaction` and for calls whose policy allows it.
    @Test(arguments: transient)
    func transientErrorsAreRetriedWhereThatIsSafe(_ failure: Failure) async throws {
        do {
            let (server, calls) = try flaky(failures: 2) { failure.reply }
            let client = makeClient(server)
            if failure.notRun {
                #expect(try await client.executeStatement(ErrorTests.execute).numberOfRecordsUpdated == 1)
                #expect(calls.value == 3)
            } else {
                await #expect(throws: DataAPIError.self) { _ = try await client.executeStatement(ErrorTests.execute) }
                #expect(calls.value == 1, "a statement that may have run is not sent again")
            }
        }
        do {
            let (server, calls) = try flaky(failures: 2) { failure.reply }
            let policy = makeClient(server).configuration.retryPolicy.withPossiblyExecutedRetries
            #expect(
                try await makeClient(server).send(ErrorTests.execute, retryPolicy: policy).numberOfRecordsUpdated == 1)
            #expect(calls.value == 3)
        }
        do {
            let (server, calls) = try flaky(failures: 2) { failure.reply }
            let begin = BeginTransactionRequest(
                resourceArn: ErrorTests.execute.resourceArn, secretArn: ErrorTests.execute.secretArn)
            _ = try? await makeClient(server).beginTransaction(begin)
            #expect(calls.value == 3, "BeginTransaction is harmless to repeat")
        }
    }

    @Test func retriesStopAtMaxAttempts() async throws {
        let (server, calls) = try flaky(failures: 100) { Self.error("ServiceUnavailableError", 503) }
        await #expect { _ = try await makeClient(server).executeStatement(ErrorTests.execute) } throws: {
            ($0 as? DataAPIError)?.code == .serviceUnavailable
        }
        #expect(calls.value == 3)
    }

    @Test func resumingUsesItsOwnLongerSchedule() async throws {
        // Normal schedule allows 3 attempts; the resuming schedule in makeClient allows 4.
        let (server, calls) = try flaky(failures: 3) { Self.error("DatabaseResumingException", 400) }
        let r = try await makeClient(server).executeStatement(ErrorTests.execute)
        #expect(r.numberOfRecordsUpdated == 1)
        #expect(calls.value == 4)
        #expect(RetryPolicy.default.resuming!.totalDeadline >= .seconds(30))
    }

    @Test(arguments: [
        "StatementTimeoutException", "DatabaseErrorException", "BadRequestException", "ValidationException",
        "TransactionNotFoundException",
    ])
    func statementErrorsAreNeverRetried(_ name: String) async throws {
        let (server, calls) = try flaky(failures: 5) { Self.error(name, 400) }
        await #expect { _ = try await makeClient(server).executeStatement(ErrorTests.execute) } throws: {
            ($0 as? DataAPIError)?.code.rawValue == name
        }
        #expect(calls.value == 1)
    }

    @Test func timeoutAfterSendingIsNotRetried() async throws {
        let (server, calls) = try flaky(failures: 5) {
            Reply(status: 200, body: Array("{}".utf8), delay: .milliseconds(800))
        }
        let client = makeClient(server, transportConfiguration: .init(requestTimeout: .milliseconds(200)))
        await #expect { _ = try await client.executeStatement(ErrorTests.execute) } throws: {
            let e = $0 as? TransportError
            return e?.code == .timedOut && e?.requestSent == true
        }
        #expect(calls.value == 1)
    }

    @Test func connectionDroppedAfterSendingIsNotRetried() async throws {
        let (server, calls) = try flaky(failures: 5) { .dropConnection }
        await #expect { _ = try await makeClient(server).executeStatement(ErrorTests.execute) } throws: {
            let e = $0 as? TransportError
            return e?.code == .transferFailed && e?.requestSent == true
        }
        #expect(calls.value == 1)
    }

    @Test func connectionRefusedIsRetriedBecauseNothingWasSent() async throws {
        let refusing = try RefusingPort()
        let transport = CountingTransport()
        let client = DataAPIClient(configuration: .init(region: "us-east-1", endpoint: refusing.baseURL,
                retryPolicy: .init(
                    maxAttempts: 3, baseDelay: .milliseconds(1), maxDelay: .milliseconds(5),
                    totalDeadline: .seconds(120)), environment: [:]),
            credentialProvider: StaticCredentialProvider(SampleKeys.credentials), transport: transport)
        await #expect { _ = try await client.executeStatement(ErrorTests.execute) } throws: {
            let e = $0 as? TransportError
            return e?.code == .connectFailed && e?.requestSent == false
        }
        #expect(transport.count == 3)
    }

    @Test func totalDeadlineStopsRetrying() async throws {
        let (server, calls) = try flaky(failures: 100) { Self.error("ThrottlingException", 400) }
        // Wide margins: under a full parallel test run the first attempt alone can take a few hundred ms.
        let policy = RetryPolicy(
            maxAttempts: 50, baseDelay: .milliseconds(100), maxDelay: .milliseconds(100),
            totalDeadline: .milliseconds(1500), resuming: nil)
        let client = DataAPIClient(
            configuration: .init(region: "us-east-1", endpoint: server.baseURL, retryPolicy: policy, environment: [:]),
            credentialProvider: StaticCredentialProvider(SampleKeys.credentials), transport: nil,
            logger: .init(label: "t"), random: { 1.0 }, clock: { Date() })
        await #expect(throws: DataAPIError.self) { _ = try await client.executeStatement(ErrorTests.execute) }
        let n = calls.value
        // Without the deadline all 50 attempts would run (5 s of backoff); with it, at most ~15.
        // (How many fit depends on how long the first attempt took on a loaded machine.)
        #expect(n >= 1 && n <= 16, "attempts: \(n)")
    }

    @Test func cancellationDuringBackoffEndsTheCall() async throws {
        let (server, calls) = try flaky(failures: 100) { Self.error("ThrottlingException", 400) }
        let policy = RetryPolicy(
            maxAttempts: 10, baseDelay: .seconds(30), maxDelay: .seconds(30), totalDeadline: .seconds(600),
            resuming: nil)
        let client = DataAPIClient(
            configuration: .init(region: "us-east-1", endpoint: server.baseURL, retryPolicy: policy, environment: [:]),
            credentialProvider: StaticCredentialProvider(SampleKeys.credentials), transport: nil,
            logger: .init(label: "t"), random: { 1.0 }, clock: { Date() })
        let task = Task { try await client.executeStatement(ErrorTests.execute) }
        while calls.value < 1 { try await Task.sleep(for: .milliseconds(5)) }
        let start = ContinuousClock.now
        task.cancel()
        await #expect(throws: CancellationError.self) { _ = try await task.value }
        // The backoff is 30 s; the bound leaves room for a busy test run.
        #expect(ContinuousClock.now - start < .seconds(20))
        #expect(calls.value == 1)
    }

    @Test func fullJitterStaysWithinTheExponentialCap() {
        let s = RetryPolicy.Schedule(
            maxAttempts: 10, baseDelay: .milliseconds(100), maxDelay: .seconds(1), totalDeadline: .seconds(10))
        #expect(RetryPolicy.delay(after: 1, schedule: s, random: 1) == .milliseconds(100))
        #expect(RetryPolicy.delay(after: 3, schedule: s, random: 1) == .milliseconds(400))
        #expect(RetryPolicy.delay(after: 8, schedule: s, random: 1) == .seconds(1))
        #expect(RetryPolicy.delay(after: 3, schedule: s, random: 0.5) == .milliseconds(200))
        #expect(RetryPolicy.delay(after: 3, schedule: s, random: 0) == .zero)
    }
}
