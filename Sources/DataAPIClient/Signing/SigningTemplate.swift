#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// SigV4 for the one request shape the client sends, with everything that depends only on the
/// URL, region and service worked out once: a `POST` with `Content-Type: application/json`,
/// `X-Amz-Date` and, with temporary credentials, `X-Amz-Security-Token`. Per call it hashes the
/// body, appends the date and token to the prepared canonical request and signs; the result is
/// byte for byte what ``SigV4/sign(_:credentials:region:service:date:keyCache:)`` gives for the
/// same request (tested on random requests), without parsing the URL, sorting headers or
/// splitting values on every call.
struct SigningTemplate: Sendable {
    /// `POST`, the canonical path and query, and the first canonical headers, up to the
    /// `x-amz-date:` value.
    private let head: String
    private let scopeTail: String
    let region: String
    let service: String

    static let contentType = "application/json"

    init(url: String, region: String, service: String) throws {
        let parts = try URLParts(url)
        head = "POST\n" + SigV4.uriEncode(SigV4.normalizePath(parts.path), keepSlash: true) + "\n"
            + SigV4.canonicalQuery(parts.query) + "\n"
            + "content-type:\(Self.contentType)\nhost:\(parts.hostHeader)\nx-amz-date:"
        scopeTail = "/\(region)/\(service)/aws4_request"
        self.region = region
        self.service = service
    }

    /// The headers signing adds, in the order the client sends them: `Authorization`,
    /// `X-Amz-Date`, and `X-Amz-Security-Token` when the credentials have one.
    func sign(
        body: [UInt8], credentials: AWSCredentials, date: Date, keyCache: SigningKeyCache
    ) -> [(name: String, value: String)] {
        let (amzDate, day) = SigV4.timestamps(date)
        let token = credentials.sessionToken.flatMap { $0.isEmpty ? nil : $0 }
        var canonical = head
        canonical.reserveCapacity(head.utf8.count + 200 + (token?.utf8.count ?? 0))
        canonical += amzDate
        canonical += "\n"
        if let token {
            canonical += "x-amz-security-token:"
            canonical += SigV4.canonicalHeaderValue(token)
            canonical += "\n"
        }
        let signedHeaders =
            token == nil ? "content-type;host;x-amz-date" : "content-type;host;x-amz-date;x-amz-security-token"
        canonical += "\n"
        canonical += signedHeaders
        canonical += "\n"
        canonical += Crypto.hex(body.withUnsafeBytes { Crypto.sha256($0) })
        let scope = day + scopeTail
        let stringToSign = SigV4.stringToSign(amzDate: amzDate, scope: scope, canonicalRequest: canonical)
        let key = keyCache.key(
            secretAccessKey: credentials.secretAccessKey, day: day, region: region, service: service)
        let signature = SigV4.signature(signingKey: key, stringToSign: stringToSign)
        var headers: [(name: String, value: String)] = [
            (
                "Authorization",
                SigV4.authorization(
                    accessKeyId: credentials.accessKeyId, scope: scope, signedHeaders: signedHeaders,
                    signature: signature)
            ),
            ("X-Amz-Date", amzDate),
        ]
        if let token { headers.append(("X-Amz-Security-Token", token)) }
        return headers
    }
}
