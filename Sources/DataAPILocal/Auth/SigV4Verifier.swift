import DataAPIClient
import Foundation

/// Checks a request's SigV4 signature the way AWS does, with the server's key pair.
/// Failures come back as AWS's errors: 403, except a duplicated `Host` (400).
///
/// Two steps: ``checkHeaders(_:now:)`` needs only the request's headers, so the front door runs
/// it before it reads a body; ``verify(method:uri:headers:body:now:)`` runs it again and then
/// recomputes the signature over the body. ``checkRegion(arn:region:)`` then holds the
/// credential scope to the region of the resource the body names.
package struct SigV4Verifier: Sendable {
    let accessKeyId: String
    let secretAccessKey: String
    let maxClockSkew: Duration
    /// The signing key changes once a day per region; derive it once.
    let keyCache = SigningKeyCache()
    private let accessKeyIdBytes: [UInt8]

    /// What a request's `Authorization` header claims, once its headers passed the checks.
    package struct Claim: Sendable, Hashable {
        /// The credential scope's region.
        package var region: String
        /// `SignedHeaders` as sent, and split.
        var signedHeaders: String
        var names: [String]
        var signature: String
        var date: Date
        /// `X-Amz-Security-Token`, which is then among the signed headers.
        var sessionToken: String?
    }

    init(accessKeyId: String, secretAccessKey: String, maxClockSkew: Duration) {
        self.accessKeyId = accessKeyId
        accessKeyIdBytes = Array(accessKeyId.utf8)
        self.secretAccessKey = secretAccessKey
        self.maxClockSkew = maxClockSkew
    }

    /// The verifier `authentication` asks for; nil for ``DataAPILocalConfiguration/Authentication/none``.
    init?(_ authentication: DataAPILocalConfiguration.Authentication) {
        guard case .sigV4(let id, let secret, let skew) = authentication else { return nil }
        self.init(accessKeyId: id, secretAccessKey: secret, maxClockSkew: skew)
    }

    static func forbidden(_ code: DataAPIError.Code, _ message: String) -> DataAPIError {
        DataAPIError(code: code, message: message, httpStatus: 403)
    }
    private static func incomplete(_ message: String) -> DataAPIError {
        forbidden("IncompleteSignatureException", message)
    }
    private static func invalid(_ message: String) -> DataAPIError { forbidden("InvalidSignatureException", message) }

    /// Everything that can be checked without the body: the `Authorization` header's form,
    /// access key, credential scope and date, and that `Host`, `X-Amz-Date`, `Authorization`
    /// and `X-Amz-Security-Token` each come once and are signed.
    package func checkHeaders(_ headers: [(name: String, value: String)], now: Date = Date()) throws(DataAPIError) -> Claim {
        let found = SignatureHeaders(headers)
        guard let authorization = found.authorization.first else {
            throw Self.forbidden("MissingAuthenticationTokenException", "Missing Authentication Token")
        }
        guard found.authorization.count == 1 else {
            throw Self.incomplete("The request has more than one Authorization header.")
        }
        guard authorization.hasPrefix(SigV4.algorithm + " ") else {
            throw Self.incomplete("Authorization header must use \(SigV4.algorithm).")
        }
        // `key=value` items between commas; spaces before a key and anywhere in a value are dropped.
        let bytes = Array(authorization.utf8)
        var credential: [UInt8]?, signedHeaders: String?, signature: String?
        var keys: [ArraySlice<UInt8>] = []
        for item in Self.ranges(of: bytes, from: SigV4.algorithm.utf8.count + 1, between: UInt8(ascii: ","))
        where !item.isEmpty {
            var start = item.lowerBound
            while start < item.upperBound && bytes[start] == 32 { start += 1 }
            guard let eq = bytes[start..<item.upperBound].firstIndex(of: UInt8(ascii: "=")) else { continue }
            let key = bytes[start..<eq]
            guard !keys.contains(key) else {
                throw Self.incomplete("Authorization header gives '\(String(decoding: key, as: UTF8.self))' more than once.")
            }
            keys.append(key)
            let rest = bytes[(eq + 1)..<item.upperBound]
            let value = rest.contains(32) ? Array(rest.filter { $0 != 32 }) : Array(rest)
            if key.elementsEqual(Self.credentialKey) { credential = value }
            else if key.elementsEqual(Self.signedHeadersKey) { signedHeaders = String(decoding: value, as: UTF8.self) }
            else if key.elementsEqual(Self.signatureKey) { signature = String(decoding: value, as: UTF8.self) }
        }
        guard let credential, let signedHeaders, let signature else {
            throw Self.incomplete(
                "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters.")
        }
        let scope = Self.ranges(of: credential, from: 0, between: UInt8(ascii: "/")).map { credential[$0] }
        guard scope.count == 5, scope[4].elementsEqual(Self.requestTerminator) else {
            throw Self.incomplete("Credential is malformed: expected AKID/date/region/service/aws4_request.")
        }
        guard scope[0].elementsEqual(accessKeyIdBytes) else {
            throw Self.forbidden(
                "UnrecognizedClientException",
                "The security token included in the request is invalid.")
        }
        guard scope[3].elementsEqual(Self.serviceName) else {
            throw Self.invalid("Credential should be scoped to correct service: 'rds-data'.")
        }
        guard found.amzDate.count <= 1 else {
            throw Self.incomplete("The request has more than one X-Amz-Date header.")
        }
        guard let amzDate = found.amzDate.first, let date = Self.parse(amzDate) else {
            throw Self.incomplete(
                "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")
        }
        try checkDate(amzDate, date, scopeDay: String(decoding: scope[1], as: UTF8.self), now: now)
        let signedBytes = Array(signedHeaders.utf8)
        let names = Self.ranges(of: signedBytes, from: 0, between: UInt8(ascii: ";")).compactMap {
            $0.isEmpty ? nil : String(decoding: signedBytes[$0], as: UTF8.self)
        }
        try checkSignedHeaders(names, found, headers)
        return Claim(
            region: String(decoding: scope[2], as: UTF8.self), signedHeaders: signedHeaders, names: names,
            signature: signature, date: date, sessionToken: found.securityToken.first)
    }

    private static let credentialKey = Array("Credential".utf8)
    private static let signedHeadersKey = Array("SignedHeaders".utf8)
    private static let signatureKey = Array("Signature".utf8)
    private static let requestTerminator = Array("aws4_request".utf8)
    private static let serviceName = Array("rds-data".utf8)

    /// The ranges of `bytes` from `start` between `separator`s, empty ones included.
    static func ranges(of bytes: [UInt8], from start: Int, between separator: UInt8) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var lower = min(start, bytes.count)
        for i in lower..<bytes.count where bytes[i] == separator {
            result.append(lower..<i)
            lower = i + 1
        }
        result.append(lower..<bytes.count)
        return result
    }

    /// The date matches the credential scope and lies within the allowed clock skew of `now`.
    private func checkDate(_ amzDate: String, _ date: Date, scopeDay: String, now: Date) throws(DataAPIError) {
        guard String(amzDate.prefix(8)) == scopeDay else {
            throw Self.invalid(
                "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date "
                    + "from HTTP: '\(scopeDay)' != '\(amzDate.prefix(8))'.")
        }
        let skew = date.timeIntervalSince(now)
        let allowed = Double(maxClockSkew.components.seconds)
        let minutes = Int(allowed / 60)
        if skew < -allowed {
            let current = SigV4.timestamps(now).amzDate
            let earliest = SigV4.timestamps(now.addingTimeInterval(-allowed)).amzDate
            throw Self.invalid(
                "Signature expired: \(amzDate) is now earlier than \(earliest) "
                    + "(\(current) - \(minutes) min.)")
        }
        if skew > allowed {
            let current = SigV4.timestamps(now).amzDate
            let latest = SigV4.timestamps(now.addingTimeInterval(allowed)).amzDate
            throw Self.invalid(
                "Signature not yet current: \(amzDate) is still later than \(latest) "
                    + "(\(current) + \(minutes) min.)")
        }
    }

    /// `Host` comes once and is signed; a session token comes at most once and, when present,
    /// is signed; every other signed header is present.
    private func checkSignedHeaders(
        _ names: [String], _ found: SignatureHeaders, _ headers: [(name: String, value: String)]
    ) throws(DataAPIError) {
        guard found.host.count <= 1 else {
            throw DataAPIError.service(.badRequest, "The request has more than one Host header.")
        }
        guard names.contains("host"), !found.host.isEmpty else { throw Self.invalid("'Host' must be a signed header.") }
        guard found.securityToken.count <= 1 else {
            throw Self.incomplete("The request has more than one X-Amz-Security-Token header.")
        }
        if !found.securityToken.isEmpty && !names.contains("x-amz-security-token") {
            throw Self.invalid("There were headers present in the request which were not signed: x-amz-security-token.")
        }
        for name in names where name != "host" && !headers.contains(where: { HeaderName.matches($0.name, name) }) {
            throw Self.invalid("Signed header '\(name)' is missing from the request.")
        }
    }

    /// ``checkHeaders(_:now:)``, then the signature recomputed over `method`, `uri`, the signed
    /// headers and `body`. `headers` must hold `host`.
    @discardableResult
    package func verify(
        method: String, uri: String, headers: [(name: String, value: String)], body: [UInt8],
        now: Date = Date()
    ) throws(DataAPIError) -> Claim {
        let claim = try checkHeaders(headers, now: now)
        var signed: [(name: String, value: String)] = []
        for name in claim.names where name != "x-amz-date" && name != "x-amz-security-token" {
            for header in headers where HeaderName.matches(header.name, name) { signed.append((name, header.value)) }
        }
        let credentials = AWSCredentials(
            accessKeyId: accessKeyId, secretAccessKey: secretAccessKey,
            sessionToken: claim.sessionToken)
        // The signed `host` header is in `signed`; the URL only contributes the path and query.
        let request = SigningRequest(method: method, url: "http://localhost\(uri)", headers: signed, body: body)
        guard
            let expected = try? SigV4.sign(
                request, credentials: credentials, region: claim.region,
                service: "rds-data", date: claim.date, keyCache: keyCache),
            expected.signature == claim.signature,
            expected.signedHeaders == claim.signedHeaders
        else {
            throw Self.invalid(
                "The request signature we calculated does not match the signature you provided. "
                    + "Check your AWS Secret Access Key and signing method. "
                    + "Consult the service documentation for details.")
        }
        return claim
    }

    /// The members that name the resource: `resourceArn`, or `dbClusterOrInstanceArn` for `ExecuteSql`.
    private struct ResourceMembers: Decodable {
        var resourceArn: String?
        var dbClusterOrInstanceArn: String?
    }

    /// AWS's endpoints are regional: a request signed for one region cannot reach a cluster in
    /// another. Checks the credential scope's `region` against the region field of `arn`; an
    /// ARN without one (or no ARN at all) passes, and the operation then reports what is wrong.
    package static func checkRegion(arn: String, region: String) -> DataAPIError? {
        let fields = arn.split(separator: ":", maxSplits: 4, omittingEmptySubsequences: false)
        guard fields.count == 5, fields[0] == "arn", !fields[3].isEmpty, fields[3] != region else { return nil }
        return invalid(
            "Credential should be scoped to a valid region, not '\(region)': the resource \(arn) "
                + "is in '\(fields[3])'.")
    }

    /// The ARN a body names, read leniently from a body that is not a valid request (its
    /// `resourceArn`, else its `dbClusterOrInstanceArn`), so that the region is checked before
    /// what is wrong with the body is reported.
    package static func resourceArn(in body: [UInt8]) -> String? {
        guard let members = try? JSONDecoder().decode(ResourceMembers.self, from: Data(body)) else { return nil }
        return members.resourceArn ?? members.dbClusterOrInstanceArn
    }

    static func parse(_ amzDate: String) -> Date? {
        let b = Array(amzDate.utf8)
        guard b.count == 16, b[8] == 84, b[15] == 90 else { return nil }
        func n(_ r: Range<Int>) -> Int? {
            var v = 0
            for c in b[r] { guard c >= 48 && c <= 57 else { return nil }; v = v * 10 + Int(c - 48) }
            return v
        }
        guard let y = n(0..<4), let mo = n(4..<6), let d = n(6..<8), let h = n(9..<11), let mi = n(11..<13),
            let s = n(13..<15),
            (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, s < 61
        else { return nil }
        // Days from the civil date (Howard Hinnant's algorithm), then seconds since 1970.
        let yy = mo <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let doy = (153 * (mo > 2 ? mo - 3 : mo + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return Date(timeIntervalSince1970: TimeInterval(days * 86_400 + h * 3600 + mi * 60 + s))
    }
}

/// The values of the headers the signature check reads, found in one pass.
struct SignatureHeaders {
    var authorization: [String] = []
    var amzDate: [String] = []
    var host: [String] = []
    var securityToken: [String] = []

    init(_ headers: [(name: String, value: String)]) {
        for (name, value) in headers {
            switch name.utf8.count {
            case 4 where HeaderName.matches(name, "host"): host.append(value)
            case 10 where HeaderName.matches(name, "x-amz-date"): amzDate.append(value)
            case 13 where HeaderName.matches(name, "authorization"): authorization.append(value)
            case 20 where HeaderName.matches(name, "x-amz-security-token"): securityToken.append(value)
            default: break
            }
        }
    }
}
