import DataAPIClient
@testable import DataAPILocal
import DataAPITestServer
import Foundation
import Testing

/// The `data-api-local` executable as users run it.
@Suite(.serialized) struct ProcessTests {
    /// The built executable, beside the test bundle.
    static var executable: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("data-api-local").path
    }

    final class Launched: @unchecked Sendable {
        let process = Process()
        let stdout = Pipe(), stderr = Pipe()
        var stderrText: String { String(decoding: (try? stderr.fileHandleForReading.readToEnd()) ?? Data(), as: UTF8.self) }

        init(_ arguments: [String]) throws {
            process.executableURL = URL(fileURLWithPath: ProcessTests.executable)
            process.arguments = arguments
            process.standardOutput = stdout; process.standardError = stderr
            try process.run()
        }

        /// The first line of standard output.
        func firstLine() async throws -> String {
            try await BlockingRead.line(stdout.fileHandleForReading)
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
        let r = try await CurlTransport().send(HTTPRequest(method: "POST", url: endpoint + "/Execute", headers: [("Content-Type", "application/json")], body: Array("""
        {"resourceArn":"arn:aws:rds:eu-west-1:111122223333:cluster:app","secretArn":"arn:aws:secretsmanager:eu-west-1:111122223333:secret:app","sql":"SELECT 40 + 2"}
        """.utf8)))
        #expect(String(decoding: r.body, as: UTF8.self) == #"{"numberOfRecordsUpdated":0,"records":[[{"longValue":42}]]}"#)
        let m = try await CurlTransport().send(HTTPRequest(method: "POST", url: endpoint + "/Execute", headers: [("Content-Type", "application/json")], body: Array("""
        {"resourceArn":"arn:aws:rds:eu-west-1:111122223333:cluster:my","secretArn":"arn:aws:secretsmanager:eu-west-1:111122223333:secret:my","sql":"SELECT DATABASE(), @@version LIKE '%MariaDB%'"}
        """.utf8)))
        #expect(String(decoding: m.body, as: UTF8.self) == #"{"numberOfRecordsUpdated":0,"records":[[{"stringValue":"test"},{"longValue":1}]]}"#)
        p.process.terminate()
        #expect(await p.waitForExit(seconds: 15) == 0)
    }

    @Test(arguments: EngineKind.allCases) func ephemeralDatabaseIsRemovedOnSIGTERMAndOnSIGKILL(_ engine: EngineKind) async throws {
        for signal in [SIGTERM, SIGKILL] {
            let p = try Launched(["--port", "0", "--engine", engine.rawValue])
            let line = try await p.firstLine()
            #expect(line.hasPrefix("listening on http://127.0.0.1:"))
            kill(p.process.processIdentifier, signal)
            _ = await p.waitForExit(seconds: 15)
            let log = p.stderrText
            let directory = try #require(log.range(of: "directory=").map { log[$0.upperBound...].prefix { !$0.isWhitespace } }.map(String.init), "\(log)")
            let deadline = Date().addingTimeInterval(10)
            while FileManager.default.fileExists(atPath: directory) && Date() < deadline { try await Task.sleep(for: .milliseconds(100)) }
            #expect(!FileManager.default.fileExists(atPath: directory), "signal \(signal): \(directory) still exists")
        }
    }

    @Test func binariesAreFoundOnPathThenInVersionedDirectories() throws {
        let dir = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.path + "/pathbin", withIntermediateDirectories: true)
        for v in ["9", "14", "16"] { try FileManager.default.createDirectory(atPath: dir.path + "/lib/\(v)/bin", withIntermediateDirectories: true) }
        for d in ["pathbin", "lib/9/bin", "lib/14/bin", "lib/16/bin"] {
            for tool in ["initdb", "postgres"] { try dir.write(d + "/" + tool, "#!/bin/sh\n", executable: true) }
        }
        #expect(EphemeralPostgres.findBinaries(searchPath: "/nonexistent:" + dir.path + "/pathbin", versionedRoot: dir.path + "/lib", usePgConfig: false) == dir.path + "/pathbin")
        #expect(EphemeralPostgres.findBinaries(searchPath: "/nonexistent", versionedRoot: dir.path + "/lib", usePgConfig: false) == dir.path + "/lib/16/bin")
        #expect(EphemeralPostgres.findBinaries(searchPath: "", versionedRoot: "/nonexistent", usePgConfig: false) == nil)
    }

    @Test func missingBinariesNameThePackage() async throws {
        let empty = try TemporaryDirectory()
        await #expect { _ = try await EphemeralPostgres.start(binDirectory: empty.path) } throws: {
            "\($0)".contains("apt-get install postgresql")
        }
    }
}

enum BlockingRead {
    static func line(_ handle: FileHandle) async throws -> String {
        try await withCheckedThrowingContinuation { cont in
            Thread {
                var bytes = Data()
                while let b = try? handle.read(upToCount: 1), !b.isEmpty, b != Data("\n".utf8) { bytes += b }
                cont.resume(returning: String(decoding: bytes, as: UTF8.self))
            }.start()
        }
    }
}
