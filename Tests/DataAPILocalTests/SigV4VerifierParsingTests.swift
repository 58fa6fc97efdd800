import DataAPIClient
@testable import DataAPILocal
import Foundation
import Testing

/// The verifier reads headers and the `Authorization` value as bytes: what HTTP allows in
/// spelling (any case of a name, spaces around items and inside values) passes, and what it
/// reads is what was signed.
@Suite struct SigV4VerifierParsingTests {
    let verifier = SigV4Verifier(
        accessKeyId: DataAPILocalConfiguration.defaultAccessKeyId,
        secretAccessKey: DataAPILocalConfiguration.defaultSecretAccessKey, maxClockSkew: .seconds(300))
    let body = Array(#"{"resourceArn":"arn:aws:rds:us-east-1:123456789012:cluster:dummy","sql":"SELECT 1"}"#.utf8)

    /// Headers as a client signs them, with `Authorization` passed through `edit`.
    func signed(token: String? = nil, edit: (String) -> String = { $0 }) throws -> [(name: String, value: String)] {
        let s = try SigV4.sign(
            SigningRequest(method: "POST", url: "http://127.0.0.1:8080/Execute",
                           headers: [("Content-Type", "application/json")], body: body),
            credentials: AWSCredentials(accessKeyId: DataAPILocalConfiguration.defaultAccessKeyId,
                                        secretAccessKey: DataAPILocalConfiguration.defaultSecretAccessKey,
                                        sessionToken: token),
            region: "us-east-1", service: "rds-data", date: Date())
        var headers: [(name: String, value: String)] = [("host", "127.0.0.1:8080"), ("content-type", "application/json")]
        for (name, value) in s.added.sorted(by: { $0.key < $1.key }) {
            headers.append((name.lowercased(), name == "Authorization" ? edit(value) : value))
        }
        return headers
    }

    @Test func spellingsHTTPAllowsAreAccepted() throws {
        let claim = try verifier.verify(method: "POST", uri: "/Execute", headers: try signed(), body: body)
        #expect(claim.region == "us-east-1" && claim.names == ["content-type", "host", "x-amz-date"])
        // Names in any case; spaces after commas dropped, and inside values.
        let shouted = try signed().map { (name: $0.name.uppercased(), value: $0.value) }
        #expect(throws: Never.self) { try verifier.verify(method: "POST", uri: "/Execute", headers: shouted, body: body) }
        let spaced = try signed { $0.replacingOccurrences(of: ", ", with: ",   ").replacingOccurrences(
            of: "Signature=", with: "Signature= ") }
        #expect(throws: Never.self) { try verifier.verify(method: "POST", uri: "/Execute", headers: spaced, body: body) }
        let withToken = try verifier.verify(method: "POST", uri: "/Execute", headers: try signed(token: "t-1"),
                                            body: body)
        #expect(withToken.sessionToken == "t-1" && withToken.names.contains("x-amz-security-token"))
    }

    @Test func malformedAuthorizationValuesNameTheirProblem() throws {
        func message(_ edit: @escaping (String) -> String) throws -> String? {
            let headers = try signed(edit: edit)
            do throws(DataAPIError) {
                _ = try verifier.checkHeaders(headers)
                return nil
            } catch { return error.message }
        }
        #expect(try message { $0 + ", Credential=x" }?.contains("gives 'Credential' more than once") == true)
        // (text replaced in the Authorization value, by what, a part of the message it gets)
        let replacements: [(String, String, String)] = [
            ("SignedHeaders=", "Signed=", "requires 'Credential', 'Signature' and 'SignedHeaders'"),
            ("/aws4_request", "/aws4_request/x", "Credential is malformed"),
            ("/aws4_request", "", "Credential is malformed"),
            ("/rds-data/", "/rds-datA/", "correct service"),
            ("Credential=AKIA", "Credential=akia", "security token included in the request is invalid"),
            ("AWS4-HMAC-SHA256 ", "AWS4-HMAC-SHA256", "must use AWS4-HMAC-SHA256"),
        ]
        for (of, with, expected) in replacements {
            #expect(try message { $0.replacingOccurrences(of: of, with: with) }?.contains(expected) == true,
                    "\(of) -> \(with)")
        }
        // Empty items between commas are skipped, as before.
        #expect(try message { $0.replacingOccurrences(of: ", ", with: ",,, ") } == nil)
    }

    @Test func headerNamesFoldOnlyASCIICase() {
        #expect(HeaderName.matches("X-Amz-Date", "x-amz-date"))
        #expect(HeaderName.matches("HOST", "host"))
        #expect(!HeaderName.matches("hos", "host") && !HeaderName.matches("hostt", "host"))
        // U+212A KELVIN SIGN lowercases to "k" in Unicode; HTTP names are ASCII and it is not "k".
        #expect(!HeaderName.matches("x-amz-security-to\u{212A}en", "x-amz-security-token"))
        #expect(HeaderName.values("host", in: [("Host", "a"), ("Accept", "b"), ("host", "c")]) == ["a", "c"])
    }

    @Test func rangesBetweenSeparatorsKeepEmptyOnes() {
        let bytes = Array("a//b/".utf8)
        #expect(SigV4Verifier.ranges(of: bytes, from: 0, between: UInt8(ascii: "/")) == [0..<1, 2..<2, 3..<4, 5..<5])
        #expect(SigV4Verifier.ranges(of: bytes, from: 3, between: UInt8(ascii: "/")) == [3..<4, 5..<5])
        #expect(SigV4Verifier.ranges(of: [], from: 0, between: 0) == [0..<0])
        #expect(SigV4Verifier.ranges(of: bytes, from: 9, between: 0) == [5..<5])
    }

    /// The verifier compares the sent `SignedHeaders` with the list the signer reports; the
    /// signer's list is the one in its `Authorization` value.
    @Test func theSignerReportsItsSignedHeaders() throws {
        let s = try SigV4.sign(
            SigningRequest(method: "POST", url: "http://127.0.0.1:8080/Execute",
                           headers: [("Host", "127.0.0.1:8080"), ("Content-Type", "application/json")], body: body),
            credentials: AWSCredentials(accessKeyId: "A", secretAccessKey: "s"),
            region: "us-east-1", service: "rds-data", date: Date())
        #expect(s.signedHeaders == "content-type;host;x-amz-date")
        #expect(s.authorization.contains("SignedHeaders=\(s.signedHeaders), "))
    }
}
