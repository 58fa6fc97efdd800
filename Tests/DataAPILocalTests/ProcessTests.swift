import DataAPIClient
@testable import DataAPILocal
import DataAPITestServer
import Foundation
import Testing

/// The `data-api-local` executable as users run it.
@Suite(.serialized) struct ProcessTests {
    /// The built executable, beside the test bundle.
    static var executable: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
            "data-api-local"
        ).path
    }

    /// A launched `data-api-local`. Its standard output and error go to files, read by path:
    /// no pipe, no reader thread, nothing that a database child holding a descriptor, or
    /// another test's process launch, can keep open or close under it. The first line of
    /// output is waited for a bounded time, and the process is killed when the test lets go.
    final class Launched: @unchecked Sendable {
        let process = Process()
        private let files: TemporaryDirectory
        private var outPath: String { files.path + "/stdout" }
        private var errPath: String { files.path + "/stderr" }

        init(_ arguments: [String]) throws {
            files = try TemporaryDirectory()
            let fm = FileManager.default
            guard fm.createFile(atPath: files.path + "/stdout", contents: nil),
                  fm.createFile(atPath: files.path + "/stderr", contents: nil) else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: files.path])
            }
            let out = try FileHandle(forWritingTo: URL(fileURLWithPath: files.path + "/stdout"))
            let err = try FileHandle(forWritingTo: URL(fileURLWithPath: files.path + "/stderr"))
            defer { try? out.close(); try? err.close() }
            process.executableURL = URL(fileURLWithPath: ProcessTests.executable)
            process.arguments = arguments
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = out; process.standardError = err
            try process.run()
        }

        deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

        private func read(_ path: String) -> String {
            String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
        }

        /// Standard error once the process has exited, or as far as it got within `seconds`.
        func stderrText(seconds: Double = 15) async -> String {
            _ = await waitForExit(seconds: seconds)
            return read(errPath)
        }

        /// The first line of standard output, within `seconds` (the process is killed after).
        func firstLine(seconds: Double = 120) async throws -> String {
            let deadline = ContinuousClock.now + .seconds(seconds)
            while true {
                let text = read(outPath)
                if let end = text.firstIndex(of: "\n") { return String(text[..<end]) }
                if !process.isRunning || ContinuousClock.now >= deadline { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            Issue.record("no first line within \(seconds) s; standard error:\n\(read(errPath))")
            return ""
        }

        func waitForExit(seconds: Double) async -> Int32? {
            let deadline = Date().addingTimeInterval(seconds)
            while process.isRunning && Date() < deadline { try? await Task.sleep(for: .milliseconds(50)) }
            return process.isRunning ? nil : process.terminationStatus
        }
    }

    @Test func configFileServesItsClustersAndSIGTERMStopsCleanly() async throws {
        let pg = try await LocalFixture.shared.database()
        let my = try await LocalFixture.shared.mysqlDatabase()
        let dir = try TemporaryDirectory()
        let config = try dir.write("config.json", """
        {"clusters": [{"arn": "arn:aws:rds:eu-west-1:111122223333:cluster:app", "postgresURL": "postgres://\(pg.user):\(pg.password)@127.0.0.1:\(pg.port)/postgres"},
                      {"arn": "arn:aws:rds:eu-west-1:111122223333:cluster:my", "url": "mysql://127.0.0.1:\(my.port)/\(my.database)"}],
         "secrets": [{"arn": "arn:aws:secretsmanager:eu-west-1:111122223333:secret:app", "username": "\(pg.user)", "password": "\(pg.password)"},
                     {"arn": "arn:aws:secretsmanager:eu-west-1:111122223333:secret:my", "username": "\(my.user)", "password": "\(my.password)"}]}
        """)
        let p = try Launched(["--port", "0", "--config", config, "--no-auth"])
        let line = try await p.firstLine()
        #expect(line.hasPrefix("listening on http://127.0.0.1:"))
        let endpoint = String(line.dropFirst("listening on ".count))
        let r = try await CurlTransport().send(
            HTTPRequest(
                method: "POST", url: endpoint + "/Execute", headers: [("Content-Type", "application/json")],
                body: Array(
                    """
                    {"resourceArn":"arn:aws:rds:eu-west-1:111122223333:cluster:app","secretArn":"arn:aws:secretsmanager:eu-west-1:111122223333:secret:app","sql":"SELECT 40 + 2"}
                    """.utf8)))
        #expect(
            String(decoding: r.body, as: UTF8.self) == #"{"numberOfRecordsUpdated":0,"records":[[{"longValue":42}]]}"#)
        let m = try await CurlTransport().send(
            HTTPRequest(
                method: "POST", url: endpoint + "/Execute", headers: [("Content-Type", "application/json")],
                body: Array(
                    """
                    {"resourceArn":"arn:aws:rds:eu-west-1:111122223333:cluster:my","secretArn":"arn:aws:secretsmanager:eu-west-1:111122223333:secret:my","sql":"SELECT DATABASE(), @@version LIKE '%MariaDB%'"}
                    """.utf8)))
        #expect(
            String(decoding: m.body, as: UTF8.self)
                == #"{"numberOfRecordsUpdated":0,"records":[[{"stringValue":"test"},{"longValue":1}]]}"#)
        p.process.terminate()
        #expect(await p.waitForExit(seconds: 15) == 0)
    }

    @Test(arguments: EngineKind.allCases)
    func ephemeralDatabaseIsRemovedOnSIGTERMAndOnSIGKILL(_ engine: EngineKind) async throws {
        for signal in [SIGTERM, SIGKILL] {
            let p = try Launched(["--port", "0", "--engine", engine.rawValue])
            let line = try await p.firstLine()
            #expect(line.hasPrefix("listening on http://127.0.0.1:"))
            kill(p.process.processIdentifier, signal)
            _ = await p.waitForExit(seconds: 15)
            let log = await p.stderrText()
            let directory = try #require(
                log.range(of: "directory=").map { log[$0.upperBound...].prefix { !$0.isWhitespace } }.map(String.init),
                "\(log)")
            // The database gets its stop signal, up to 15 s (MariaDB's grace) to go, then SIGKILL,
            // and the directory goes after it; a test run busy on both cores once took longer
            // than the 10 s this waited before.
            let deadline = Date().addingTimeInterval(30)
            while FileManager.default.fileExists(atPath: directory) && Date() < deadline {
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(!FileManager.default.fileExists(atPath: directory),
                    "signal \(signal): \(directory) still exists; the server's log:\n\(log.suffix(2000))")
        }
    }

    /// SIGTERM with statements running (autocommit, `continueAfterTimeout`, inside a
    /// transaction): they are cancelled in the database, their callers get answers, and the
    /// process exits promptly instead of waiting for them.
    @Test(arguments: EngineKind.allCases)
    func sigtermCancelsRunningStatementsAndExitsPromptly(_ engine: EngineKind) async throws {
        let p = try Launched(["--port", "0", "--engine", engine.rawValue, "--no-auth"])
        let line = try await p.firstLine()
        let endpoint = String(line.dropFirst("listening on ".count))
        let sleep = engine == .mysql ? "SELECT SLEEP(30)" : "SELECT pg_sleep(30)"
        let arns =
            #""resourceArn":"\#(DataAPILocalConfiguration.defaultClusterArn)","secretArn":"\#(DataAPILocalConfiguration.defaultSecretArn)""#
        let transport = CurlTransport()
        func post(_ path: String, _ body: String) async throws -> HTTPResponse {
            try await transport.send(
                HTTPRequest(
                    method: "POST", url: endpoint + path, headers: [("Content-Type", "application/json")],
                    body: Array(body.utf8)))
        }
        let begin = try await post("/BeginTransaction", "{\(arns)}")
        let tx = try #require(
            String(decoding: begin.body, as: UTF8.self).split(separator: "\"").dropLast().last.map(String.init))
        let calls = [
            #"{\#(arns),"sql":"\#(sleep)"}"#,
            #"{\#(arns),"sql":"\#(sleep)","continueAfterTimeout":true}"#,
            #"{\#(arns),"sql":"\#(sleep)","transactionId":"\#(tx)"}"#,
        ]
        let answers = calls.map { body in Task { try await post("/Execute", body) } }
        try await Task.sleep(for: .seconds(1))
        let started = ContinuousClock.now
        kill(p.process.processIdentifier, SIGTERM)
        let status = await p.waitForExit(seconds: 20)
        let elapsed = ContinuousClock.now - started
        #expect(status == 0)
        // The statements sleep 30 s; the bound leaves room for a busy test run.
        #expect(elapsed < .seconds(15), "exit took \(elapsed)")
        for answer in answers {
            // An HTTP answer (an error, or MySQL's SLEEP returning 1 when killed), not a dropped connection.
            let r = try await answer.value
            #expect(r.status > 0, "\(r.status)")
        }
        print("SIGTERM to exit with statements running (\(engine.rawValue)): \(elapsed)")
    }

    /// Someone killed the watchdog shell: SIGTERM still stops the database and removes its
    /// directory, as the server does it itself.
    @Test(arguments: EngineKind.allCases)
    func withoutItsWatchdogTheServerStillCleansUp(_ engine: EngineKind) async throws {
        let p = try Launched(["--port", "0", "--engine", engine.rawValue])
        _ = try await p.firstLine()
        let server = p.process.processIdentifier
        let shell = try #require(Self.children(of: server).first { Self.command(of: $0).hasPrefix("/bin/sh") })
        let database = try #require(Self.children(of: shell).first)
        kill(shell, SIGKILL)
        try await Task.sleep(for: .milliseconds(200))
        #expect(kill(database, 0) == 0, "the database outlives its watchdog until the server stops")
        kill(server, SIGTERM)
        #expect(await p.waitForExit(seconds: 30) == 0)
        let log = await p.stderrText()
        let directory = try #require(
            log.range(of: "directory=").map { log[$0.upperBound...].prefix { !$0.isWhitespace } }.map(String.init))
        #expect(!Watchdog.isRunning(database), "the database process \(database) is still running")
        #expect(!FileManager.default.fileExists(atPath: directory), "\(directory) still exists")
    }

    /// Process ids whose parent is `pid`.
    static func children(of pid: pid_t) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { pid_t($0) }.filter { child in
            guard let stat = try? String(contentsOfFile: "/proc/\(child)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return false }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 1 && pid_t(fields[1]) == pid
        }
    }

    static func command(of pid: pid_t) -> String {
        let raw = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline"))) ?? Data()
        return String(decoding: raw.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
    }

    @Test func binariesAreFoundOnPathThenInVersionedDirectories() throws {
        let dir = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.path + "/pathbin", withIntermediateDirectories: true)
        for v in ["9", "14", "16"] {
            try FileManager.default.createDirectory(
                atPath: dir.path + "/lib/\(v)/bin", withIntermediateDirectories: true)
        }
        for d in ["pathbin", "lib/9/bin", "lib/14/bin", "lib/16/bin"] {
            for tool in ["initdb", "postgres"] { try dir.write(d + "/" + tool, "#!/bin/sh\n", executable: true) }
        }
        #expect(
            EphemeralPostgres.findBinaries(
                searchPath: "/nonexistent:" + dir.path + "/pathbin", versionedRoot: dir.path + "/lib",
                usePgConfig: false) == dir.path + "/pathbin")
        #expect(
            EphemeralPostgres.findBinaries(
                searchPath: "/nonexistent", versionedRoot: dir.path + "/lib", usePgConfig: false) == dir.path
                + "/lib/16/bin")
        #expect(
            EphemeralPostgres.findBinaries(searchPath: "", versionedRoot: "/nonexistent", usePgConfig: false) == nil)
    }

    @Test func missingBinariesNameThePackage() async throws {
        let empty = try TemporaryDirectory()
        await #expect { _ = try await EphemeralPostgres.start(binDirectory: empty.path) } throws: {
            "\($0)".contains("apt-get install postgresql")
        }
    }
}
