import DataAPIClient
@testable import DataAPILocal
import Foundation

/// Requests built by hand for the front-door tests: bodies, and the headers a SigV4 client sends.
enum TestRequests {
    static let resourceArn = DataAPILocalConfiguration.defaultClusterArn
    static let secretArn = DataAPILocalConfiguration.defaultSecretArn

    /// An `ExecuteStatement` body, padded with trailing spaces to `paddedTo` bytes when given.
    static func execute(_ sql: String, resourceArn: String = resourceArn, paddedTo: Int? = nil) -> [UInt8] {
        let json = #"{"resourceArn":"\#(resourceArn)","secretArn":"\#(secretArn)","sql":"\#(sql)"}"#
        var body = Array(json.utf8)
        if let paddedTo, paddedTo > body.count { body += [UInt8](repeating: 32, count: paddedTo - body.count) }
        return body
    }

    /// The header lines of a request signed as botocore signs it (`content-type;host;x-amz-date`,
    /// plus `x-amz-security-token` with a session token), in the order they are sent.
    static func signedHeaders(host: String, path: String = "/Execute", body: [UInt8], region: String = "us-east-1",
                              service: String = "rds-data", date: Date = Date(),
                              accessKeyId: String = DataAPILocalConfiguration.defaultAccessKeyId,
                              secretAccessKey: String = DataAPILocalConfiguration.defaultSecretAccessKey,
                              sessionToken: String? = nil, contentType: String = "application/json",
                              extra: [(String, String)] = []) throws -> [(String, String)] {
        let headers = [("Host", host), ("Content-Type", contentType)] + extra
        // `Host` is among `headers`; the URL only gives the path.
        let request = SigningRequest(method: "POST", url: "http://localhost\(path)",
                                     headers: headers.map { (name: $0.0, value: $0.1) }, body: body)
        let credentials = AWSCredentials(accessKeyId: accessKeyId, secretAccessKey: secretAccessKey,
                                         sessionToken: sessionToken)
        let signed = try SigV4.sign(request, credentials: credentials, region: region, service: service, date: date)
        var out = headers + [("X-Amz-Date", signed.added["X-Amz-Date"]!)]
        if let token = signed.added["X-Amz-Security-Token"] { out.append(("X-Amz-Security-Token", token)) }
        out.append(("Authorization", signed.authorization))
        return out
    }
}

extension DataAPILocalServer {
    /// `127.0.0.1:PORT`, the `Host` a client of ``endpoint`` sends.
    var hostHeader: String { "127.0.0.1:\(port)" }

    /// Sends `request` on a connection of its own and reads one response.
    func rawExchange(_ request: [UInt8],
                     within timeout: Duration = .seconds(5)) async throws -> RawHTTPConnection.Response? {
        let connection = try RawHTTPConnection(port: port)
        defer { connection.close() }
        await connection.send(request)
        return await connection.response(within: timeout)
    }
}
