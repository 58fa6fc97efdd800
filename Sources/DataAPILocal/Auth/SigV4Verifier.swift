import DataAPIClient
import Foundation

/// Checks a request's SigV4 signature the way AWS does, with the server's key pair.
/// Failures come back as AWS's 403 errors.
struct SigV4Verifier: Sendable {
    let accessKeyId: String
    let secretAccessKey: String
    let maxClockSkew: Duration
    /// The signing key changes once a day per region; derive it once.
    let keyCache = SigningKeyCache()

    static func forbidden(_ code: DataAPIError.Code, _ message: String) -> DataAPIError {
        DataAPIError(code: code, message: message, httpStatus: 403)
    }

    func verify(method: String, uri: String, headers: [(name: String, value: String)], body: [UInt8], now: Date = Date()) -> DataAPIError? {
        func header(_ n: String) -> String? { headers.first { $0.name.lowercased() == n }?.value }
        guard let authorization = header("authorization") else {
            return Self.forbidden("MissingAuthenticationTokenException", "Missing Authentication Token")
        }
        guard authorization.hasPrefix(SigV4.algorithm + " ") else {
            return Self.forbidden("IncompleteSignatureException", "Authorization header must use \(SigV4.algorithm).")
        }
        var parts: [String: String] = [:]
        for item in authorization.utf8.dropFirst(SigV4.algorithm.utf8.count + 1).split(separator: UInt8(ascii: ",")) {
            let trimmed = item.drop { $0 == 32 }
            guard let eq = trimmed.firstIndex(of: UInt8(ascii: "=")) else { continue }
            parts[String(decoding: trimmed[..<eq], as: UTF8.self)] = String(decoding: trimmed[trimmed.index(after: eq)...].filter { $0 != 32 }, as: UTF8.self)
        }
        guard let credential = parts["Credential"], let signedHeaders = parts["SignedHeaders"], let signature = parts["Signature"] else {
            return Self.forbidden("IncompleteSignatureException", "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters.")
        }
        let scope = credential.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard scope.count == 5, scope[4] == "aws4_request" else {
            return Self.forbidden("IncompleteSignatureException", "Credential is malformed: expected AKID/date/region/service/aws4_request.")
        }
        guard scope[0] == accessKeyId else {
            return Self.forbidden("UnrecognizedClientException", "The security token included in the request is invalid.")
        }
        guard scope[3] == "rds-data" else {
            return Self.forbidden("InvalidSignatureException", "Credential should be scoped to correct service: 'rds-data'.")
        }
        guard let amzDate = header("x-amz-date"), let date = Self.parse(amzDate) else {
            return Self.forbidden("IncompleteSignatureException", "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")
        }
        guard String(amzDate.prefix(8)) == scope[1] else {
            return Self.forbidden("InvalidSignatureException", "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '\(scope[1])' != '\(amzDate.prefix(8))'.")
        }
        let skew = date.timeIntervalSince(now)
        let allowed = Double(maxClockSkew.components.seconds)
        if skew < -allowed {
            return Self.forbidden("InvalidSignatureException", "Signature expired: \(amzDate) is now earlier than \(SigV4.timestamps(now.addingTimeInterval(-allowed)).amzDate) (\(SigV4.timestamps(now).amzDate) - \(Int(allowed / 60)) min.)")
        }
        if skew > allowed {
            return Self.forbidden("InvalidSignatureException", "Signature not yet current: \(amzDate) is still later than \(SigV4.timestamps(now.addingTimeInterval(allowed)).amzDate) (\(SigV4.timestamps(now).amzDate) + \(Int(allowed / 60)) min.)")
        }
        let names = signedHeaders.split(separator: ";").map(String.init)
        guard names.contains("host"), let host = header("host") else {
            return Self.forbidden("InvalidSignatureException", "'Host' must be a signed header.")
        }
        var signed: [(name: String, value: String)] = []
        for name in names where name != "x-amz-date" && name != "x-amz-security-token" {
            let values = headers.filter { $0.name.lowercased() == name }.map(\.value)
            if values.isEmpty && name != "host" {
                return Self.forbidden("InvalidSignatureException", "Signed header '\(name)' is missing from the request.")
            }
            for v in values { signed.append((name, v)) }
        }
        let token = names.contains("x-amz-security-token") ? header("x-amz-security-token") : nil
        let credentials = AWSCredentials(accessKeyId: accessKeyId, secretAccessKey: secretAccessKey, sessionToken: token)
        guard let expected = try? SigV4.sign(SigningRequest(method: method, url: "http://\(host)\(uri)", headers: signed, body: body),
                                             credentials: credentials, region: scope[2], service: "rds-data", date: date, keyCache: keyCache),
              expected.signature == signature, expected.authorization.contains("SignedHeaders=\(signedHeaders),")
        else {
            return Self.forbidden("InvalidSignatureException", "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.")
        }
        return nil
    }

    static func parse(_ amzDate: String) -> Date? {
        let b = Array(amzDate.utf8)
        guard b.count == 16, b[8] == 84, b[15] == 90 else { return nil }
        func n(_ r: Range<Int>) -> Int? {
            var v = 0
            for c in b[r] { guard c >= 48 && c <= 57 else { return nil }; v = v * 10 + Int(c - 48) }
            return v
        }
        guard let y = n(0..<4), let mo = n(4..<6), let d = n(6..<8), let h = n(9..<11), let mi = n(11..<13), let s = n(13..<15),
              (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, s < 61 else { return nil }
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
