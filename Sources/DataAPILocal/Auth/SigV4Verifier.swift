import DataAPIClient
import Foundation

/// Checks a request's SigV4 signature the way AWS does, with the server's key pair.
/// Failures come back as AWS's errors: 403, except a duplicated `Host` (400).
///
/// Two steps: ``checkHeaders(_:now:)`` needs only the request's headers, so the front door runs
/// it before it reads a body; ``verify(method:uri:headers:body:now:)`` runs it again and then
/// recomputes the signature over the body. ``checkRegion(of:body:)`` then holds the credential
/// scope to the region of the resource the body names.
struct SigV4Verifier: Sendable {
    let accessKeyId: String
    let secretAccessKey: String
    let maxClockSkew: Duration
    /// The signing key changes once a day per region; derive it once.
    let keyCache = SigningKeyCache()

    /// What a request's `Authorization` header claims, once its headers passed the checks.
    struct Claim: Sendable, Hashable {
        /// The credential scope's region.
        var region: String
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
    func checkHeaders(_ headers: [(name: String, value: String)], now: Date = Date()) throws(DataAPIError) -> Claim {
        func values(_ n: String) -> [String] { headers.filter { $0.name.lowercased() == n }.map(\.value) }
        let authorizations = values("authorization")
        guard let authorization = authorizations.first else {
            throw Self.forbidden("MissingAuthenticationTokenException", "Missing Authentication Token")
        }
        guard authorizations.count == 1 else {
            throw Self.incomplete("The request has more than one Authorization header.")
        }
        guard authorization.hasPrefix(SigV4.algorithm + " ") else {
            throw Self.incomplete("Authorization header must use \(SigV4.algorithm).")
        }
        var parts: [String: String] = [:]
        for item in authorization.utf8.dropFirst(SigV4.algorithm.utf8.count + 1).split(separator: UInt8(ascii: ",")) {
            let trimmed = item.drop { $0 == 32 }
            guard let eq = trimmed.firstIndex(of: UInt8(ascii: "=")) else { continue }
            let key = String(decoding: trimmed[..<eq], as: UTF8.self)
            guard parts[key] == nil else {
                throw Self.incomplete("Authorization header gives '\(key)' more than once.")
            }
            parts[key] = String(decoding: trimmed[trimmed.index(after: eq)...].filter { $0 != 32 }, as: UTF8.self)
        }
        guard let credential = parts["Credential"], let signedHeaders = parts["SignedHeaders"],
            let signature = parts["Signature"]
        else {
            throw Self.incomplete(
                "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters.")
        }
        let scope = credential.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard scope.count == 5, scope[4] == "aws4_request" else {
            throw Self.incomplete("Credential is malformed: expected AKID/date/region/service/aws4_request.")
        }
        guard scope[0] == accessKeyId else {
            throw Self.forbidden(
                "UnrecognizedClientException",
                "The security token included in the request is invalid.")
        }
        guard scope[3] == "rds-data" else {
            throw Self.invalid("Credential should be scoped to correct service: 'rds-data'.")
        }
        let amzDates = values("x-amz-date")
        guard amzDates.count <= 1 else { throw Self.incomplete("The request has more than one X-Amz-Date header.") }
        guard let amzDate = amzDates.first, let date = Self.parse(amzDate) else {
            throw Self.incomplete(
                "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")
        }
        try checkDate(amzDate, date, scopeDay: scope[1], now: now)
        let names = signedHeaders.split(separator: ";").map(String.init)
        try checkSignedHeaders(names, values: values)
        return Claim(
            region: scope[2], signedHeaders: signedHeaders, names: names, signature: signature, date: date,
            sessionToken: values("x-amz-security-token").first)
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
        let current = SigV4.timestamps(now).amzDate
        let minutes = Int(allowed / 60)
        if skew < -allowed {
            let earliest = SigV4.timestamps(now.addingTimeInterval(-allowed)).amzDate
            throw Self.invalid(
                "Signature expired: \(amzDate) is now earlier than \(earliest) "
                    + "(\(current) - \(minutes) min.)")
        }
        if skew > allowed {
            let latest = SigV4.timestamps(now.addingTimeInterval(allowed)).amzDate
            throw Self.invalid(
                "Signature not yet current: \(amzDate) is still later than \(latest) "
                    + "(\(current) + \(minutes) min.)")
        }
    }

    /// `Host` comes once and is signed; a session token comes at most once and, when present,
    /// is signed; every other signed header is present.
    private func checkSignedHeaders(_ names: [String], values: (String) -> [String]) throws(DataAPIError) {
        let hosts = values("host")
        guard hosts.count <= 1 else {
            throw DataAPIError.service(.badRequest, "The request has more than one Host header.")
        }
        guard names.contains("host"), !hosts.isEmpty else { throw Self.invalid("'Host' must be a signed header.") }
        let tokens = values("x-amz-security-token")
        guard tokens.count <= 1 else {
            throw Self.incomplete("The request has more than one X-Amz-Security-Token header.")
        }
        if !tokens.isEmpty && !names.contains("x-amz-security-token") {
            throw Self.invalid("There were headers present in the request which were not signed: x-amz-security-token.")
        }
        for name in names where name != "host" && values(name).isEmpty {
            throw Self.invalid("Signed header '\(name)' is missing from the request.")
        }
    }

    /// ``checkHeaders(_:now:)``, then the signature recomputed over `method`, `uri`, the signed
    /// headers and `body`. `headers` must hold `host`.
    @discardableResult
    func verify(
        method: String, uri: String, headers: [(name: String, value: String)], body: [UInt8],
        now: Date = Date()
    ) throws(DataAPIError) -> Claim {
        let claim = try checkHeaders(headers, now: now)
        var signed: [(name: String, value: String)] = []
        for name in claim.names where name != "x-amz-date" && name != "x-amz-security-token" {
            for header in headers where header.name.lowercased() == name { signed.append((name, header.value)) }
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
            expected.authorization.contains("SignedHeaders=\(claim.signedHeaders),")
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
    /// another. Checks the claim's region against the ARN in `body`; a body without a readable
    /// ARN passes, and the operation then reports what is wrong with it.
    static func checkRegion(of claim: Claim, body: [UInt8]) -> DataAPIError? {
        guard let members = try? JSONDecoder().decode(ResourceMembers.self, from: Data(body)),
            let arn = members.resourceArn ?? members.dbClusterOrInstanceArn
        else { return nil }
        let fields = arn.split(separator: ":", maxSplits: 4, omittingEmptySubsequences: false)
        guard fields.count == 5, fields[0] == "arn", !fields[3].isEmpty, fields[3] != claim.region else { return nil }
        return invalid(
            "Credential should be scoped to a valid region, not '\(claim.region)': the resource \(arn) "
                + "is in '\(fields[3])'.")
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
