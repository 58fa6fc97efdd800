import Foundation
import DataAPIClient

/// Per-step CPU costs of one call, for the transport benchmark.
enum ComponentTimings {
    /// Median nanoseconds per operation for signing, encoding the request and decoding
    /// the response, each run `iterations` times in 5 rounds.
    static func measure(iterations: Int = 2000) throws -> [(name: String, nanoseconds: Double)] {
        let request = ExecuteStatementRequest(resourceArn: "arn:aws:rds:us-east-1:123456789012:cluster:dummy",
            secretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:dummy", sql: "SELECT 1")
        let body = Array(try WireJSON.encoder.encode(request))
        let response = Data(#"{"numberOfRecordsUpdated":0,"records":[[{"longValue":1}]]}"#.utf8)
        let creds = AWSCredentials(
            accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
        let signing = SigningRequest(
            method: "POST", url: "http://127.0.0.1:8080/Execute", headers: [("Content-Type", "application/json")],
            body: body)
        let date = Date()
        let cache = SigningKeyCache()
        func time(_ work: () throws -> Void) rethrows -> Double {
            var rounds: [Double] = []
            for _ in 0..<5 {
                let t0 = ContinuousClock.now
                for _ in 0..<iterations { try work() }
                let d = ContinuousClock.now - t0
                rounds.append(
                    (Double(d.components.seconds) * 1e9 + Double(d.components.attoseconds) / 1e9) / Double(iterations))
            }
            return rounds.sorted()[2]
        }
        return [
            (
                "SigV4 sign (key derived)",
                try time {
                    _ = try SigV4.sign(
                        signing, credentials: creds, region: "us-east-1", service: "rds-data", date: date)
                }
            ),
            (
                "SigV4 sign (key cached)",
                try time {
                    _ = try SigV4.sign(
                        signing, credentials: creds, region: "us-east-1", service: "rds-data", date: date,
                        keyCache: cache)
                }
            ),
            ("encode request JSON", try time { _ = try WireJSON.encoder.encode(request) }),
            (
                "decode response JSON",
                try time { _ = try WireJSON.decoder.decode(ExecuteStatementResponse.self, from: response) }
            ),
            ("SigV4 timestamps", time { _ = SigV4.timestamps(date) }),
        ]
    }
}
