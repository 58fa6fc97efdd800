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
        #expect(try message { $0.replacingOccurrences(of: "SignedHeaders=", with: "Signed=") }?
            .contains("requires 'Credential', 'Signature' and 'SignedHeaders'") == true)
        #expect(try message { $0.replacingOccurrences(of: "/aws4_request", with: "/aws4_request/x") }?
            .contains("Credential is malformed") == true)
        #expect(try message { $0.replacingOccurrences(of: "/aws4_request", with: "") }?
            .contains("Credential is malformed") == true)
        #expect(try message { $0.replacingOccurrences(of: "/rds-data/", with: "/rds-datA/") }?
            .contains("correct service") == true)
        #expect(try message { $0.replacingOccurrences(of: "Credential=AKIA", with: "Credential=akia") }?
            .contains("security token included in the request is invalid") == true)
        #expect(try message { $0.replacingOccurrences(of: "AWS4-HMAC-SHA256 ", with: "AWS4-HMAC-SHA256") }?
            .contains("must use AWS4-HMAC-SHA256") == true)
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
        let auth = "AWS4-HMAC-SHA256 Credential=A/d/r/s/aws4_request, SignedHeaders=host;x-amz-date, Signature=00"
        #expect(Array(SigV4Verifier.signedHeaders(of: auth)) == Array("host;x-amz-date".utf8))
        #expect(SigV4Verifier.signedHeaders(of: "no such key").isEmpty)
    }
}
