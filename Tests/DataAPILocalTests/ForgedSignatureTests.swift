import DataAPIClient
@testable import DataAPILocal
import Foundation
import Testing

/// Requests whose SigV4 signature does not prove what the server must rely on: every one is
/// refused with AWS's error, and a genuine request still passes.
@Suite(.serialized) struct ForgedSignatureTests {
    typealias R = TestRequests

    @Test func theCredentialScopeMustNameTheResourceArnsRegion() async throws {
        let server = try await LocalFixture.shared.standard()
        let host = server.hostHeader
        func send(_ body: [UInt8], path: String = "/Execute",
                  region: String) async throws -> RawHTTPConnection.Response {
            let headers = try R.signedHeaders(host: host, path: path, body: body, region: region)
            return try #require(await server.rawExchange(rawRequest(path: path, headers: headers, body: body)))
        }
        let body = R.execute("SELECT 1")
        let foreign = try await send(body, region: "eu-west-1")
        #expect(foreign.status == 403 && foreign.errorCode == "InvalidSignatureException", "\(foreign.bodyText)")
        #expect(foreign.errorMessage.contains("eu-west-1"), "\(foreign.errorMessage)")
        // The deprecated ExecuteSql names its cluster `dbClusterOrInstanceArn`.
        let sql = Array((#"{"dbClusterOrInstanceArn":"\#(R.resourceArn)","awsSecretStoreArn":"\#(R.secretArn)","#
                         + #""sqlStatements":"SELECT 1"}"#).utf8)
        let v1 = try await send(sql, path: "/ExecuteSql", region: "eu-west-1")
        #expect(v1.status == 403 && v1.errorCode == "InvalidSignatureException", "\(v1.bodyText)")
        // A cluster in another region passes the signature when the scope names that region.
        let other = R.execute("SELECT 1", resourceArn: "arn:aws:rds:eu-west-1:123456789012:cluster:dummy")
        let elsewhere = try await send(other, region: "eu-west-1")
        #expect(elsewhere.errorCode == "HttpEndpointNotEnabledException", "\(elsewhere.bodyText)")
        let genuine = try await send(body, region: "us-east-1")
        #expect(genuine.status == 200, "\(genuine.bodyText)")
        // A body that is not a valid request (no `sql`), and an unknown operation, meet the
        // region check before anything else is said about them.
        let noSQL = Array(#"{"resourceArn":"\#(R.resourceArn)","secretArn":"\#(R.secretArn)"}"#.utf8)
        let invalid = try await send(noSQL, region: "eu-west-1")
        #expect(invalid.status == 403 && invalid.errorCode == "InvalidSignatureException", "\(invalid.bodyText)")
        let unknown = try await send(body, path: "/Nope", region: "eu-west-1")
        #expect(unknown.status == 403 && unknown.errorCode == "InvalidSignatureException", "\(unknown.bodyText)")
        let invalidHere = try await send(noSQL, region: "us-east-1")
        #expect(invalidHere.status == 400, "\(invalidHere.bodyText)")
        let unknownHere = try await send(body, path: "/Nope", region: "us-east-1")
        #expect(unknownHere.status == 404 && unknownHere.errorCode == "UnknownOperationException",
                "\(unknownHere.bodyText)")
    }

    /// One forged request: its header lines (in order), path and body, and the error expected.
    struct Forgery {
        var name: String
        var headers: [(String, String)]
        var path = "/Execute"
        var body: [UInt8]
        var status = 403
        var code: String

        init(_ name: String, _ headers: [(String, String)], path: String = "/Execute", body: [UInt8],
             status: Int = 403, _ code: String) {
            self.name = name; self.headers = headers; self.path = path; self.body = body; self.status = status
            self.code = code
        }
    }

    @Test func forgedSignaturesAreRefused() async throws {
        let server = try await LocalFixture.shared.standard()
        let host = server.hostHeader
        let body = R.execute("SELECT 1")
        let now = Date()
        func sign(path: String = "/Execute", region: String = "us-east-1", service: String = "rds-data",
                  date: Date? = nil, accessKeyId: String = DataAPILocalConfiguration.defaultAccessKeyId,
                  secretAccessKey: String = DataAPILocalConfiguration.defaultSecretAccessKey,
                  sessionToken: String? = nil, extra: [(String, String)] = []) throws -> [(String, String)] {
            try R.signedHeaders(host: host, path: path, body: body, region: region, service: service, date: date ?? now,
                                accessKeyId: accessKeyId, secretAccessKey: secretAccessKey, sessionToken: sessionToken,
                                extra: extra)
        }
        let genuine = try sign()
        let withToken = try sign(sessionToken: "token-a")
        /// `headers` with the value of `name` replaced.
        func replacing(_ name: String, with value: String, in headers: [(String, String)]) -> [(String, String)] {
            headers.map { $0.0 == name ? ($0.0, value) : $0 }
        }
        /// `headers` with `line` inserted before the first `name`.
        func inserting(_ line: (String, String), before name: String,
                       in headers: [(String, String)]) -> [(String, String)] {
            var h = headers
            h.insert(line, at: h.firstIndex { $0.0 == name }!)
            return h
        }
        let authorization = genuine.first { $0.0 == "Authorization" }!.1
        let signature = String(authorization.split(separator: "=").last!)
        let zeros = String(repeating: "0", count: 64)
        /// The genuine headers with `of` replaced by `with` in `Authorization`.
        func editingAuthorization(_ of: String, _ with: String) -> [(String, String)] {
            replacing("Authorization", with: authorization.replacingOccurrences(of: of, with: with), in: genuine)
        }
        var tampered = body
        tampered[tampered.count - 3] = UInt8(ascii: "2")
        let otherDate = SigV4.timestamps(now.addingTimeInterval(1)).amzDate
        let yesterday = SigV4.timestamps(now.addingTimeInterval(-86_400)).day
        let today = SigV4.timestamps(now).day
        let invalid = "InvalidSignatureException", incomplete = "IncompleteSignatureException"

        let forgeries: [Forgery] = [
            Forgery("wrong secret", try sign(secretAccessKey: "wrong"), body: body, invalid),
            Forgery("body changed after signing", genuine, body: tampered, invalid),
            Forgery("Content-Type changed after signing",
                    replacing("Content-Type", with: "application/json; charset=utf-8", in: genuine), body: body,
                    invalid),
            Forgery("path changed after signing", try sign(path: "/BeginTransaction"), body: body, invalid),
            Forgery("query added after signing", genuine, path: "/Execute?x=1", body: body, invalid),
            Forgery("X-Amz-Date moved by a second", replacing("X-Amz-Date", with: otherDate, in: genuine), body: body,
                    invalid),
            Forgery("Host changed to another loopback name",
                    replacing("Host", with: "localhost:\(server.port)", in: genuine), body: body, invalid),
            Forgery("signature in upper case", editingAuthorization(signature, signature.uppercased()), body: body,
                    invalid),
            Forgery("signature truncated",
                    replacing("Authorization", with: String(authorization.dropLast()), in: genuine), body: body,
                    invalid),
            Forgery("signature empty", editingAuthorization(signature, ""), body: body, invalid),
            Forgery("scope in another region than the resource ARN", try sign(region: "eu-west-1"), body: body,
                    invalid),
            Forgery("scope for another service", try sign(service: "s3"), body: body, invalid),
            Forgery("scope dated yesterday", editingAuthorization("/\(today)/", "/\(yesterday)/"), body: body, invalid),
            Forgery("unknown access key", try sign(accessKeyId: "AKIDOTHER"), body: body,
                    "UnrecognizedClientException"),
            Forgery("signed 10 minutes ago", try sign(date: now.addingTimeInterval(-600)), body: body, invalid),
            Forgery("signed 10 minutes ahead", try sign(date: now.addingTimeInterval(600)), body: body, invalid),
            Forgery("SignedHeaders without host", editingAuthorization("content-type;host;", "content-type;"),
                    body: body, invalid),
            Forgery("SignedHeaders without content-type", editingAuthorization("content-type;host;", "host;"),
                    body: body, invalid),
            Forgery("a signed header missing from the request",
                    try sign(extra: [("X-Custom", "1")]).filter { $0.0 != "X-Custom" }, body: body, invalid),
            Forgery("algorithm other than AWS4-HMAC-SHA256", editingAuthorization("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA1"),
                    body: body, incomplete),
            Forgery("Signature parameter given twice, the valid one first",
                    replacing("Authorization", with: authorization + ", Signature=" + zeros, in: genuine), body: body,
                    incomplete),
            Forgery("session token present but not signed", genuine + [("X-Amz-Security-Token", "token-a")],
                    body: body, invalid),
            Forgery("session token changed after signing",
                    replacing("X-Amz-Security-Token", with: "token-b", in: withToken), body: body, invalid),
            Forgery("session token sent twice (same value)",
                    inserting(("X-Amz-Security-Token", "token-a"), before: "Authorization", in: withToken), body: body,
                    incomplete),
            Forgery("session token sent twice (another value second)",
                    inserting(("X-Amz-Security-Token", "token-b"), before: "Authorization", in: withToken), body: body,
                    incomplete),
            Forgery("Authorization twice, the valid one first",
                    genuine + [("Authorization", authorization.replacingOccurrences(of: signature, with: zeros))],
                    body: body, incomplete),
            Forgery("Authorization twice, the valid one second",
                    inserting(("Authorization", "AWS4-HMAC-SHA256 Credential=x"), before: "Authorization", in: genuine),
                    body: body, incomplete),
            Forgery("X-Amz-Date twice, the valid one first",
                    inserting(("X-Amz-Date", otherDate), before: "Authorization", in: genuine), body: body, incomplete),
            Forgery("X-Amz-Date twice, the valid one second",
                    inserting(("X-Amz-Date", otherDate), before: "X-Amz-Date", in: genuine), body: body, incomplete),
            Forgery("Host twice, the valid one first",
                    inserting(("Host", "rebind.attacker.example"), before: "Authorization", in: genuine), body: body,
                    status: 400, "BadRequestException"),
            Forgery("Host twice, the valid one second", [("Host", "rebind.attacker.example")] + genuine, body: body,
                    status: 400, "BadRequestException"),
        ]
        var refused = 0
        for f in forgeries {
            let request = rawRequest(path: f.path, headers: f.headers, body: f.body)
            let r = try #require(await server.rawExchange(request), "\(f.name)")
            #expect(r.status == f.status && r.errorCode == f.code, "\(f.name): \(r.status) \(r.bodyText)")
            if r.status >= 400 { refused += 1 }
        }
        print("ForgedSignatureTests: refused \(refused) of \(forgeries.count) forged requests")
        #expect(refused == forgeries.count)
        // The genuine request, with and without a session token, passes.
        for headers in [genuine, withToken] {
            let r = try #require(await server.rawExchange(rawRequest(headers: headers, body: body)))
            #expect(r.status == 200, "\(r.bodyText)")
        }
    }
}
