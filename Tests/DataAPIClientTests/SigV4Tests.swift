import Foundation
import Testing
@testable import DataAPIClient
import DataAPITestServer

@Suite struct SigV4Tests {
    /// 2015-08-30T12:36:00Z, the date of AWS's published SigV4 test suite.
    static let suiteDate = Date(timeIntervalSince1970: 1_440_938_160)

    @Test func signingKeyMatchesAWSDocumentationExample() {
        let key = SigV4.signingKey(
            secretAccessKey: SampleKeys.secretAccessKey, day: "20120215", region: "us-east-1", service: "iam")
        #expect(Crypto.hex(key) == "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d")
    }

    /// SHA-256 (FIPS 180-2's "abc") and HMAC-SHA-256 (RFC 4231 cases 1, 2 and 6: a short key, a
    /// key shorter than the data, a key longer than a block) through the digest fetched once.
    @Test
    func digestsMatchPublishedVectors() {
        #expect(Crypto.hex(Crypto.sha256(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Crypto.hex(Crypto.sha256([UInt8]())) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let cases: [([UInt8], String, String)] = [
            ([UInt8](repeating: 0x0b, count: 20), "Hi There",
             "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
            (Array("Jefe".utf8), "what do ya want for nothing?",
             "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
            ([UInt8](repeating: 0xaa, count: 131), "Test Using Larger Than Block-Size Key - Hash Key First",
             "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        ]
        for (key, data, mac) in cases {
            #expect(Crypto.hex(Crypto.hmacSHA256(key: key, data: Array(data.utf8))) == mac)
        }
    }

    @Test func getVanilla() throws {
        let s = try SigV4.sign(
            .init(method: "GET", url: "https://example.amazonaws.com/"), credentials: SampleKeys.credentials,
            region: "us-east-1", service: "service", date: Self.suiteDate)
        #expect(
            s.canonicalRequest
                == "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        )
        #expect(
            s.stringToSign
                == "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\nbb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63"
        )
        #expect(
            s.authorization
                == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        )
        #expect(s.added["X-Amz-Date"] == "20150830T123600Z")
    }

    @Test func postVanilla() throws {
        let s = try SigV4.sign(
            .init(method: "POST", url: "https://example.amazonaws.com/"), credentials: SampleKeys.credentials,
            region: "us-east-1", service: "service", date: Self.suiteDate)
        #expect(s.signature == "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b")
    }

    @Test func postFormBody() throws {
        let s = try SigV4.sign(.init(method: "POST", url: "https://example.amazonaws.com/",
                headers: [("Content-Type", "application/x-www-form-urlencoded")], body: Array("Param1=value1".utf8)),
            credentials: SampleKeys.credentials, region: "us-east-1", service: "service", date: Self.suiteDate)
        #expect(
            s.authorization.hasSuffix(
                "SignedHeaders=content-type;host;x-amz-date, Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"
            ))
    }

    @Test func sessionTokenIsSignedAndAdded() throws {
        var creds = SampleKeys.credentials
        creds.sessionToken = "TOKEN/with+chars="
        let s = try SigV4.sign(
            .init(
                method: "POST", url: "https://rds-data.us-east-1.amazonaws.com/Execute",
                headers: [("Content-Type", "application/json")], body: Array("{}".utf8)),
            credentials: creds, region: "us-east-1", service: "rds-data", date: Self.suiteDate)
        #expect(s.added["X-Amz-Security-Token"] == "TOKEN/with+chars=")
        #expect(s.authorization.contains("SignedHeaders=content-type;host;x-amz-date;x-amz-security-token,"))
    }

    @Test func signingKeyCacheChangesNothingButTheWork() throws {
        let cache = SigningKeyCache()
        let request = SigningRequest(
            method: "POST", url: "https://rds-data.us-east-1.amazonaws.com/Execute", body: Array("{}".utf8))
        for (secret, date, region) in [
            ("a", Self.suiteDate, "us-east-1"), ("a", Self.suiteDate, "eu-west-1"), ("b", Self.suiteDate, "eu-west-1"),
            ("b", Self.suiteDate + 86400, "eu-west-1"), ("b", Self.suiteDate + 86400, "eu-west-1"),
        ] {
            let creds = AWSCredentials(accessKeyId: "AKID", secretAccessKey: secret)
            let cached = try SigV4.sign(
                request, credentials: creds, region: region, service: "rds-data", date: date, keyCache: cache)
            let fresh = try SigV4.sign(request, credentials: creds, region: region, service: "rds-data", date: date)
            #expect(cached.authorization == fresh.authorization)
        }
    }

    @Test func pathNormalisationAndEncoding() {
        #expect(SigV4.normalizePath("") == "/")
        #expect(SigV4.normalizePath("/a/./b/../c//d/") == "/a/c/d/")
        #expect(SigV4.uriEncode("/a b/~x/%20é", keepSlash: true) == "/a%20b/~x/%2520%C3%A9")
        #expect(SigV4.canonicalQuery("b=2&a=3&a=1") == "a=1&a=3&b=2")
    }

    @Test func hostHeaderDropsDefaultPorts() throws {
        #expect(try URLParts("https://Example.com:443/x").hostHeader == "example.com")
        #expect(try URLParts("http://example.com:80/x").hostHeader == "example.com")
        #expect(try URLParts("http://127.0.0.1:8080/x").hostHeader == "127.0.0.1:8080")
        #expect(try URLParts("https://[::1]:8443/").hostHeader == "[::1]:8443")
        #expect(throws: SigningError.self) { try URLParts("ftp://x/") }
    }

    /// The reader for simple URLs (no parser) gives what `URLComponents` gives, on fixed cases
    /// and on random URLs built from the characters it takes and a few it must leave alone.
    @Test func simpleURLsReadAsURLComponentsReadsThem() throws {
        func components(_ url: String) -> URLParts? {
            guard let c = URLComponents(string: url), let scheme = c.scheme?.lowercased(),
                  scheme == "http" || scheme == "https", let host = c.host, !host.isEmpty else { return nil }
            return URLParts(scheme: scheme, host: host.lowercased(), port: c.port, path: c.percentEncodedPath,
                            query: c.percentEncodedQuery)
        }
        for url in ["http://localhost/Execute", "HTTPS://Rds-Data.US-East-1.amazonaws.com", "http://127.0.0.1:8080/x/",
                    "http://h:080/a/../b", "https://h:65535/", "http://a..b/~_-."] {
            let simple = try #require(URLParts.simple(url), "\(url)")
            #expect(simple == components(url), "\(url)")
        }
        for url in ["http://h:65536/", "http://h:/", "http://[::1]/", "http://u@h/", "http://h/a?b=c", "http://h/a#f",
                    "http://h/%41", "http://h/a b", "ftp://h/", "http://", "http:/h/", "http://h:8o/"] {
            #expect(URLParts.simple(url) == nil, "\(url)")
        }
        let hostCharacters = Array("aZ09.-"), pathCharacters = Array("aZ09/-._~"), odd = Array("?#%@:[] !")
        var generator = SystemRandomNumberGenerator()
        var read = 0
        for _ in 0..<3000 {
            var url = Bool.random(using: &generator) ? "http://" : "HTTPS://"
            for _ in 0..<Int.random(in: 0...8, using: &generator) { url.append(hostCharacters.randomElement()!) }
            if Int.random(in: 0..<4, using: &generator) == 0 { url += ":\(Int.random(in: 0...70_000))" }
            for _ in 0..<Int.random(in: 0...12, using: &generator) {
                url.append(Int.random(in: 0..<20, using: &generator) == 0 ? odd.randomElement()! : pathCharacters.randomElement()!)
            }
            guard let simple = URLParts.simple(url) else { continue }
            read += 1
            #expect(simple == components(url), "\(url)")
        }
        #expect(read > 300)
    }

    // MARK: Cross-check with botocore

    struct Input: Codable {
        var method: String, url: String, headers: [[String]], body: String, akid: String, secret: String
        var token: String?, region: String, service: String, epoch: Double
    }

    static func generateInputs(count: Int) -> [Input] {
        var rng = SplitMix(seed: 0x5eed)
        let urls = [
            "https://rds-data.us-east-1.amazonaws.com/Execute", "https://rds-data.eu-west-3.amazonaws.com/BatchExecute",
            "https://rds-data-fips.us-gov-west-1.amazonaws.com/BeginTransaction",
            "https://rds-data.cn-north-1.amazonaws.com.cn/CommitTransaction",
            "http://localhost:8080/RollbackTransaction", "http://127.0.0.1:45678/Execute",
            "https://proxy.example.com:8443/base/path/Execute",
            "https://Proxy.Example.COM/Prefix/v1/Execute", "http://example.com:80/a/./b/../Execute",
            "https://example.com:443//double//slash/Execute",
            "https://example.com/space%20dir/Execute", "https://example.com/tilde~_-./Execute?b=2&a=1",
            "https://[::1]:9000/ipv6/Execute",
        ]
        let sqls = [
            "SELECT 1", "SELECT 'Grüße' AS g, '日本語', 'emoji 🎉'", "INSERT INTO t (a) VALUES (:a)", "",
            String(repeating: "x", count: 5000),
            "SELECT E'\\n\\t' -- comment\n/* κόσμε */", "\u{0}\u{1}weird",
        ]
        let regions = ["us-east-1", "eu-west-3", "us-gov-west-1", "cn-north-1", "ap-southeast-2"]
        var out: [Input] = []
        for i in 0..<count {
            let sql = sqls[Int(rng.next() % UInt64(sqls.count))]
            let body =
                "{\"resourceArn\":\"\(TestARN.cluster)\",\"secretArn\":\"\(TestARN.secret)\",\"sql\":\(jsonString(sql))}"
            var headers = [["Content-Type", "application/json"]]
            if i % 5 == 1 { headers.append(["X-Amz-Meta-Note", "  spaced    out   value "]) }
            if i % 7 == 2 { headers.append(["User-Agent", "swift-data-api/test"]) }
            let token: String? = i % 3 == 0 ? "FwoGZXIvYXdzE" + String(i) + "/+=token" : nil
            let epoch = 1_400_000_000 + Double(rng.next() % 400_000_000)
            out.append(Input(method: "POST", url: urls[i % urls.count], headers: headers, body: body,
                    akid: i % 2 == 0 ? SampleKeys.accessKeyId : "ASIA\(i)EXAMPLE",
                    secret: SampleKeys.secretAccessKey + String(i),
                    token: token, region: regions[Int(rng.next() % UInt64(regions.count))], service: "rds-data",
                    epoch: epoch.rounded()))
        }
        return out
    }

    static func jsonString(_ s: String) -> String {
        String(decoding: try! JSONEncoder().encode(s), as: UTF8.self)
    }

    static let script = #"""
import json, sys, datetime
from unittest import mock
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
out = []
for i in json.load(sys.stdin):
    req = AWSRequest(method=i['method'], url=i['url'], data=i['body'].encode('utf-8'), headers={k: v for k, v in i['headers']})
    when = datetime.datetime.fromtimestamp(i['epoch'], datetime.timezone.utc).replace(tzinfo=None)
    with mock.patch('botocore.auth.get_current_datetime', return_value=when):
        SigV4Auth(Credentials(i['akid'], i['secret'], i.get('token')), i['service'], i['region']).add_auth(req)
    out.append({'authorization': req.headers['Authorization'], 'date': req.headers['X-Amz-Date'], 'token': req.headers.get('X-Amz-Security-Token')})
print(json.dumps(out))
"""#

    @Test func authorizationMatchesBotocoreOnFiftyRequests() async throws {
        let inputs = Self.generateInputs(count: 60)
        let output = try await Subprocess.python(Self.script, input: try JSONEncoder().encode(inputs))
        let expected = try JSONSerialization.jsonObject(with: Data(output.utf8)) as! [[String: Any]]
        #expect(expected.count == inputs.count)
        for (i, input) in inputs.enumerated() {
            let creds = AWSCredentials(
                accessKeyId: input.akid, secretAccessKey: input.secret, sessionToken: input.token)
            let signed = try SigV4.sign(
                .init(
                    method: input.method, url: input.url, headers: input.headers.map { ($0[0], $0[1]) },
                    body: Array(input.body.utf8)),
                credentials: creds, region: input.region, service: input.service,
                date: Date(timeIntervalSince1970: input.epoch))
            #expect(
                signed.authorization == expected[i]["authorization"] as? String,
                "request \(i): \(input.url)\n\(signed.canonicalRequest)")
            #expect(signed.added["X-Amz-Date"] == expected[i]["date"] as? String)
            #expect(signed.added["X-Amz-Security-Token"] == expected[i]["token"] as? String)
        }
    }

    /// The client's prepared signer gives exactly the general signer's headers (and so
    /// botocore's, which the test above holds the general one to) on random requests: URLs with
    /// ports, paths and queries, dates over a century, bodies of any bytes, with and without a
    /// session token (one with spaces inside).
    @Test
    func theClientsTemplateSignsAsTheGeneralSigner() throws {
        var rng = SystemRandomNumberGenerator()
        let urls = [
            "https://rds-data.us-east-1.amazonaws.com/Execute", "http://127.0.0.1:8080/BeginTransaction",
            "https://rds-data.eu-west-1.amazonaws.com:443/BatchExecute", "http://LOCALHOST:18099/Execute?b=2&a=1",
            "https://example.com/a/./b/../c%20d/ExecuteSql", "http://[::1]:9000/CommitTransaction",
        ]
        let tokens: [String?] = [nil, "", "FwoGZXIvYXdzEJr//////////wEaDA+token=", "  spaced \t token  value "]
        let keys = SigningKeyCache()
        for _ in 0..<500 {
            let url = urls.randomElement(using: &rng)!
            let region = ["us-east-1", "eu-west-1", "ap-southeast-2"].randomElement(using: &rng)!
            let credentials = AWSCredentials(
                accessKeyId: "AKID\(Int.random(in: 0...99, using: &rng))",
                secretAccessKey: "secret\(Int.random(in: 0...99, using: &rng))",
                sessionToken: tokens.randomElement(using: &rng)!)
            let date = Date(timeIntervalSince1970: Double.random(in: 946_684_800...4_102_444_800, using: &rng))
            let body = (0..<Int.random(in: 0...600, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let general = try SigV4.sign(
                SigningRequest(method: "POST", url: url, headers: [("Content-Type", "application/json")], body: body),
                credentials: credentials, region: region, service: "rds-data", date: date)
            let template = try SigningTemplate(url: url, region: region, service: "rds-data")
            let added = template.sign(body: body, credentials: credentials, date: date, keyCache: keys)
            #expect(added.map(\.name) == general.added.keys.sorted(), "\(url)")
            for (name, value) in added {
                #expect(general.added[name] == value, "\(name) for \(url) at \(date)")
            }
        }
        #expect(throws: SigningError.self) { try SigningTemplate(url: "ftp://example.com/", region: "r", service: "s") }
    }
}
