#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// An HTTP request as the signer sees it.
public struct SigningRequest: Sendable, Hashable {
    /// The HTTP method (`POST`).
    public var method: String
    /// The full URL the request goes to (`https://rds-data.us-east-1.amazonaws.com/Execute`).
    public var url: String
    /// Headers to send and sign, in any order. `Host` is derived from `url` when absent.
    public var headers: [(name: String, value: String)]
    /// The body bytes, hashed into the signature.
    public var body: [UInt8]

    /// A request to sign.
    public init(method: String, url: String, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// Equal when method, URL, headers (in order) and body are equal.
    public static func == (l: Self, r: Self) -> Bool {
        l.method == r.method && l.url == r.url && l.body == r.body
            && l.headers.map { [$0.name, $0.value] } == r.headers.map { [$0.name, $0.value] }
    }
    /// Hashes method, URL, body and headers.
    public func hash(into h: inout Hasher) {
        h.combine(method); h.combine(url); h.combine(body)
        for x in headers { h.combine(x.name); h.combine(x.value) }
    }
}

/// What signing adds to a request: the headers to send (including `Authorization`).
public struct SignedRequestHeaders: Sendable, Hashable {
    /// `X-Amz-Date`, `X-Amz-Security-Token` (with temporary credentials) and `Authorization`.
    public var added: [String: String]
    /// The canonical request (step 1), for debugging a signature mismatch.
    public var canonicalRequest: String
    /// The string to sign (step 2).
    public var stringToSign: String
    /// The hex signature (step 4).
    public var signature: String
    /// The `SignedHeaders` list: the signed headers' lowercase names, sorted, joined by `;`.
    public var signedHeaders: String
    /// The `Authorization` header's value.
    public var authorization: String { added["Authorization"]! }
}

/// Errors from building a signature.
public struct SigningError: Error, Hashable, CustomStringConvertible {
    /// What is wrong with the request or credentials.
    public let reason: String
    /// `SigningError: reason`.
    public var description: String { "SigningError: \(reason)" }
}

/// AWS Signature Version 4, as a pure function of request, credentials, scope and date.
///
/// Step names follow AWS's SigV4 documentation: canonical request, string to sign,
/// signing key, signature. Headers are signed the way botocore signs them: every header
/// given except hop-by-hop ones and `User-Agent`, plus `host` derived from the URL.
public enum SigV4 {
    /// The algorithm name in the credential scope and `Authorization` header.
    public static let algorithm = "AWS4-HMAC-SHA256"

    /// Headers never signed (botocore's list).
    static let unsignedHeaders: Set<String> = [
        "connection", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
        "trailer", "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id", "authorization",
    ]

    /// Signs `request` for `service` in `region` at `date`.
    /// - Parameter request: the method, URL, headers and body to sign.
    /// - Parameter credentials: the key pair, and the session token of temporary credentials.
    /// - Parameter region: the region in the credential scope (`us-east-1`).
    /// - Parameter service: the service in the credential scope (`rds-data`).
    /// - Parameter date: the signing time, written as `X-Amz-Date`.
    /// - Parameter keyCache: reuses the signing key for the same secret, day, region and
    ///   service; the result is the same with or without it.
    /// - Returns: the headers to add, and the intermediate strings for debugging.
    /// - Throws: ``SigningError`` when the URL is not an absolute http(s) URL.
    public static func sign(
        _ request: SigningRequest, credentials: AWSCredentials, region: String, service: String, date: Date,
        keyCache: SigningKeyCache? = nil
    ) throws -> SignedRequestHeaders {
        let (amzDate, day) = timestamps(date)
        var headers = request.headers.filter {
            let n = $0.name.lowercased()
            return n != "authorization" && n != "x-amz-date" && n != "x-amz-security-token"
        }
        var added: [String: String] = ["X-Amz-Date": amzDate]
        headers.append(("X-Amz-Date", amzDate))
        if let token = credentials.sessionToken, !token.isEmpty {
            headers.append(("X-Amz-Security-Token", token))
            added["X-Amz-Security-Token"] = token
        }
        let parts = try URLParts(request.url)
        let canonical = canonicalRequest(method: request.method, url: parts, headers: headers, body: request.body)
        let scope = "\(day)/\(region)/\(service)/aws4_request"
        let sts = stringToSign(amzDate: amzDate, scope: scope, canonicalRequest: canonical.text)
        let secret = credentials.secretAccessKey
        let key = keyCache?.key(secretAccessKey: secret, day: day, region: region, service: service)
            ?? signingKey(secretAccessKey: secret, day: day, region: region, service: service)
        let sig = signature(signingKey: key, stringToSign: sts)
        added["Authorization"] = authorization(
            accessKeyId: credentials.accessKeyId, scope: scope, signedHeaders: canonical.signedHeaders, signature: sig)
        return SignedRequestHeaders(
            added: added, canonicalRequest: canonical.text, stringToSign: sts, signature: sig,
            signedHeaders: canonical.signedHeaders)
    }

    /// Task 1: the canonical request and the signed-headers list.
    static func canonicalRequest(
        method: String, url: URLParts, headers: [(name: String, value: String)], body: [UInt8]
    ) -> (text: String, signedHeaders: String) {
        var map: [String: [String]] = [:]
        for (name, value) in headers {
            let n = name.lowercased()
            if unsignedHeaders.contains(n) { continue }
            map[n, default: []].append(canonicalHeaderValue(value))
        }
        if map["host"] == nil { map["host"] = [url.hostHeader] }
        let names = map.keys.sorted()
        let canonicalHeaders = names.map { "\($0):\(map[$0]!.joined(separator: ","))\n" }.joined()
        let signed = names.joined(separator: ";")
        let text = [
            method.uppercased(),
            uriEncode(normalizePath(url.path), keepSlash: true),
            canonicalQuery(url.query),
            canonicalHeaders,
            signed,
            Crypto.hex(Crypto.sha256(body)),
        ].joined(separator: "\n")
        return (text, signed)
    }

    /// A header value as the canonical request holds it: runs of spaces, tabs and line breaks
    /// become one space, none at either end (a value without any, a session token, is returned as is).
    static func canonicalHeaderValue(_ value: String) -> String {
        let isSpace = { (c: Character) in c == " " || c == "\t" || c == "\n" || c == "\r" }
        guard value.contains(where: isSpace) else { return value }
        return value.split(whereSeparator: isSpace).joined(separator: " ")
    }

    /// Task 2: the string to sign.
    static func stringToSign(amzDate: String, scope: String, canonicalRequest: String) -> String {
        var canonical = canonicalRequest
        let hash = Crypto.hex(canonical.withUTF8 { Crypto.sha256(UnsafeRawBufferPointer($0)) })
        return "\(algorithm)\n\(amzDate)\n\(scope)\n\(hash)"
    }

    /// The `Authorization` header's value.
    static func authorization(accessKeyId: String, scope: String, signedHeaders: String, signature: String) -> String {
        "\(algorithm) Credential=\(accessKeyId)/\(scope), SignedHeaders=\(signedHeaders), Signature=\(signature)"
    }

    /// Task 3: the signing key, derived from the secret key by date, region and service.
    static func signingKey(secretAccessKey: String, day: String, region: String, service: String) -> [UInt8] {
        let kDate = Crypto.hmacSHA256(key: Array("AWS4\(secretAccessKey)".utf8), data: Array(day.utf8))
        let kRegion = Crypto.hmacSHA256(key: kDate, data: Array(region.utf8))
        let kService = Crypto.hmacSHA256(key: kRegion, data: Array(service.utf8))
        return Crypto.hmacSHA256(key: kService, data: Array("aws4_request".utf8))
    }

    /// Task 4: the hex signature.
    static func signature(signingKey: [UInt8], stringToSign: String) -> String {
        Crypto.hex(Crypto.hmacSHA256(key: signingKey, data: Array(stringToSign.utf8)))
    }

    /// `yyyyMMdd'T'HHmmss'Z'` and `yyyyMMdd` in UTC.
    public static func timestamps(_ date: Date) -> (amzDate: String, day: String) {
        var t = time_t(date.timeIntervalSince1970.rounded(.down))
        var tm = tm()
        gmtime_r(&t, &tm)
        func p(_ v: Int32, _ w: Int) -> String { String(v).leftPadded(w) }
        let day = p(tm.tm_year + 1900, 4) + p(tm.tm_mon + 1, 2) + p(tm.tm_mday, 2)
        return (day + "T" + p(tm.tm_hour, 2) + p(tm.tm_min, 2) + p(tm.tm_sec, 2) + "Z", day)
    }

    /// RFC 3986 percent-encoding of everything but unreserved characters (and `/` when asked).
    /// The one place URI components are encoded.
    static func uriEncode(_ s: String, keepSlash: Bool) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            case UInt8(ascii: "/") where keepSlash:
                out.append("/")
            default:
                out += "%" + String(b, radix: 16, uppercase: true).leftPadded(2)
            }
        }
        return out
    }

    /// Removes `.` and `..` segments and empty segments; keeps a leading and trailing `/`.
    static func normalizePath(_ path: String) -> String {
        if path.isEmpty { return "/" }
        var out: [Substring] = []
        for seg in path.split(separator: "/", omittingEmptySubsequences: true) where seg != "." {
            if seg == ".." { _ = out.popLast() } else { out.append(seg) }
        }
        let first = path.hasPrefix("/") ? "/" : ""
        let last = path.hasSuffix("/") && !out.isEmpty ? "/" : ""
        let joined = first + out.joined(separator: "/") + last
        return joined.isEmpty ? "/" : joined
    }

    /// Query pairs sorted by key then value, as sent (already encoded by the caller).
    static func canonicalQuery(_ query: String?) -> String {
        guard let query, !query.isEmpty else { return "" }
        let pairs = query.split(separator: "&", omittingEmptySubsequences: false).map { pair -> (String, String) in
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (String(kv[0]), kv.count > 1 ? String(kv[1]) : "")
        }
        return pairs
            .sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
    }
}
