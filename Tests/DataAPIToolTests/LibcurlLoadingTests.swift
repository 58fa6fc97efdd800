import DataAPITestServer
import Foundation
import Testing

extension ToolTests {
    /// libcurl is not linked: a process loads it the first time a transfer needs it (HTTPS, a
    /// proxy). `data-api` talking plain HTTP to the local server never loads it; the same run
    /// pointed at an HTTPS endpoint does. What the dynamic loader loaded is read from its own
    /// log (glibc's `LD_DEBUG=files`), which lists libraries `dlopen` loaded too.
    @Suite struct LibcurlLoadingTests {
        /// Runs the tool and returns what it did and the loader's log of the libraries loaded.
        static func run(_ arguments: [String], environment: [String: String]) async throws
            -> (outcome: ToolFixture.Outcome, loaded: String)
        {
            let directory = try TemporaryDirectory()
            var environment = environment
            environment["LD_DEBUG"] = "files"
            environment["LD_DEBUG_OUTPUT"] = directory.path + "/loader"
            let outcome = try await ToolFixture.run(arguments, environment: environment)
            let log = try FileManager.default.contentsOfDirectory(atPath: directory.path)
                .map { try String(contentsOfFile: directory.path + "/" + $0, encoding: .utf8) }
                .joined()
            return (outcome, log)
        }

        @Test func plainHTTPNeverLoadsLibcurlAndHTTPSDoes() async throws {
            let environment = try await ToolFixture.shared.environment(.postgreSQL)
            let plain = try await Self.run(["sql", "SELECT 1 AS one", "--format", "csv"], environment: environment)
            #expect(plain.outcome.status == 0, "\(plain.outcome.stderr)")
            #expect(plain.outcome.stdout == "one\r\n1\r\n")
            // The log is there and lists what was loaded (the client's libcrypto, for SigV4).
            #expect(plain.loaded.contains("libcrypto"), "\(plain.loaded.prefix(2000))")
            #expect(!plain.loaded.contains("libcurl"), "\(plain.loaded)")

            // Nothing listens on port 1: the call fails, after loading libcurl for its TLS.
            var secure = environment
            secure["AWS_ENDPOINT_URL_RDS_DATA"] = "https://127.0.0.1:1"
            let tls = try await Self.run(["sql", "SELECT 1 AS one"], environment: secure)
            #expect(tls.outcome.status != 0)
            #expect(tls.loaded.contains("libcurl.so"), "\(tls.loaded.prefix(4000))")
        }

        /// A process that cannot load libcurl fails an HTTPS call with a typed error that says
        /// so, at once (it is not retried), and plain HTTP still works.
        @Test func aMissingLibcurlIsAClearErrorForHTTPSOnly() async throws {
            var environment = try await ToolFixture.shared.environment(.postgreSQL)
            environment["DATA_API_LIBCURL"] = "/nonexistent/libcurl.so.4"
            let plain = try await ToolFixture.run(["sql", "SELECT 1 AS one", "--format", "csv"], environment: environment)
            #expect(plain.status == 0 && plain.stdout == "one\r\n1\r\n", "\(plain.stderr)")
            environment["AWS_ENDPOINT_URL_RDS_DATA"] = "https://127.0.0.1:1"
            let started = ContinuousClock.now
            let tls = try await ToolFixture.run(["sql", "SELECT 1 AS one"], environment: environment)
            #expect(tls.status != 0)
            #expect(tls.stderr.contains("libcurl could not be loaded"), "\(tls.stderr)")
            #expect(tls.stderr.contains("/nonexistent/libcurl.so.4"), "\(tls.stderr)")
            #expect(ContinuousClock.now - started < .seconds(30))
        }
    }
}
