import DataAPIClient
import Foundation
import Logging

extension Database {
    /// A database from one URL string, the way SQLAlchemy users pass a connection URI:
    ///
    /// ```
    /// postgresql+auroradataapi://us-east-1/app?resource_arn=arn:aws:rds:us-east-1:123456789012:cluster:prod
    ///     &secret_arn=arn:aws:secretsmanager:us-east-1:123456789012:secret:prod-AbCdEf
    /// mysql+auroradataapi:///app?resource_arn=…&secret_arn=…&endpoint=http://127.0.0.1:8080
    /// ```
    ///
    /// - The scheme names the engine: `postgresql`, `postgres` or `mysql`, then
    ///   `+auroradataapi` (or `+dataapi`).
    /// - The host, if any, is the region; the path is the database name (optional).
    /// - Query parameters: `resource_arn` (or `cluster_arn`, `aurora_cluster_arn`) and
    ///   `secret_arn` (or `aurora_secret_arn`) are required; `region`, `endpoint` (a
    ///   `data-api-local` or proxy URL) and `time_zone` (an IANA name for `timestamp`
    ///   values) are optional. Values are percent-decoded.
    /// - A user or password is refused: credentials come from the secret.
    ///
    /// - Throws: ``DatabaseConfigurationError`` naming the part of the URL that is wrong.
    public init(url: String, client: DataAPIClient? = nil, logger: Logger = Logger(label: "swift-data-api")) throws {
        self.init(configuration: try DatabaseURL.parse(url), client: client, logger: logger)
    }
}

/// The parser behind ``Database/init(url:client:logger:)``.
enum DatabaseURL {
    static func parse(_ url: String) throws -> DatabaseConfiguration {
        guard let schemeEnd = url.range(of: "://") else {
            throw DatabaseConfigurationError.invalid(
                "scheme", "is missing: the URL must start with postgresql+auroradataapi:// or mysql+auroradataapi://")
        }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        let parts = scheme.split(separator: "+", maxSplits: 1).map(String.init)
        guard parts.count == 2, ["auroradataapi", "dataapi"].contains(parts[1]),
            let engine = DatabaseEngine(name: parts[0])
        else {
            throw DatabaseConfigurationError.invalid(
                "scheme", "'\(scheme)' is not postgresql+auroradataapi or mysql+auroradataapi")
        }
        var rest = url[schemeEnd.upperBound...]
        var query = Substring("")
        if let q = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: q)...]
            rest = rest[..<q]
        }
        if rest.contains("#") {
            throw DatabaseConfigurationError.invalid("URL", "has a fragment (#…), which means nothing here")
        }
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        var authority = rest[..<slash]
        let path = slash < rest.endIndex ? rest[rest.index(after: slash)...] : ""
        if let at = authority.lastIndex(of: "@") {
            let userInfo = authority[..<at]
            guard userInfo.isEmpty || userInfo == ":" else {
                throw DatabaseConfigurationError.invalid(
                    "credentials",
                    "are not accepted in the URL: the user and password come from the secret (secret_arn)")
            }
            authority = authority[authority.index(after: at)...]
        }
        var values: [String: String] = [:]
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = kv[0].removingPercentEncoding,
                let value = (kv.count > 1 ? kv[1] : "").removingPercentEncoding
            else {
                throw DatabaseConfigurationError.invalid("query", "has a malformed percent-encoding in '\(pair)'")
            }
            let canonical = aliases[name.lowercased()] ?? name.lowercased()
            guard known.contains(canonical) else {
                throw DatabaseConfigurationError.invalid(
                    name, "is not a known parameter (resource_arn, secret_arn, region, endpoint, time_zone)")
            }
            guard values[canonical] == nil else {
                throw DatabaseConfigurationError.invalid(canonical, "is given twice")
            }
            guard !value.isEmpty else { throw DatabaseConfigurationError.invalid(canonical, "is empty") }
            values[canonical] = value
        }
        guard let resource = values["resource_arn"] else { throw DatabaseConfigurationError.missing("resource_arn") }
        guard let secret = values["secret_arn"] else { throw DatabaseConfigurationError.missing("secret_arn") }
        try DatabaseConfigurationError.checkResourceArn(resource, part: "resource_arn")
        try DatabaseConfigurationError.checkSecretArn(secret, part: "secret_arn")

        guard let database = String(path).removingPercentEncoding, !database.contains("/") else {
            throw DatabaseConfigurationError.invalid("database", "'\(path)' is not one database name")
        }
        guard database.count <= 64, !database.utf8.contains(0) else {
            throw DatabaseConfigurationError.invalid("database", "must be at most 64 characters without NUL")
        }
        var region = values["region"]
        let host = String(authority)
        if !host.isEmpty {
            guard region == nil || region == host else {
                throw DatabaseConfigurationError.invalid("region", "'\(region!)' differs from the URL's host '\(host)'")
            }
            region = host
        }
        if let r = region {
            guard r.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }) else {
                throw DatabaseConfigurationError.invalid("region", "'\(r)' is not a region name like us-east-1")
            }
            let arnRegion = DatabaseConfigurationError.region(ofArn: resource)
            guard r == arnRegion else {
                throw DatabaseConfigurationError.invalid(
                    "region", "'\(r)' differs from the resource ARN's region '\(arnRegion)'")
            }
        }
        if let e = values["endpoint"] {
            guard let u = URL(string: e), ["http", "https"].contains(u.scheme?.lowercased() ?? ""), u.host != nil else {
                throw DatabaseConfigurationError.invalid("endpoint", "'\(e)' is not an absolute http(s) URL")
            }
        }
        var timeZone = TimeZone(identifier: "UTC")!
        if let name = values["time_zone"] {
            guard let tz = TimeZone(identifier: name) else {
                throw DatabaseConfigurationError.invalid("time_zone", "'\(name)' is not a time zone identifier")
            }
            timeZone = tz
        }
        return DatabaseConfiguration(
            resourceArn: resource, secretArn: secret, database: database.isEmpty ? nil : database,
            engine: engine, region: region, endpoint: values["endpoint"], timeZone: timeZone)
    }

    static let known: Set<String> = ["resource_arn", "secret_arn", "region", "endpoint", "time_zone"]
    static let aliases = [
        "cluster_arn": "resource_arn", "aurora_cluster_arn": "resource_arn", "aurora_secret_arn": "secret_arn",
    ]
}

extension DatabaseConfiguration {
    /// The configuration one URL names, as ``Database/init(url:client:logger:)`` reads it
    /// (`postgresql+auroradataapi://us-east-1/app?resource_arn=…&secret_arn=…`).
    ///
    /// - Throws: ``DatabaseConfigurationError`` naming the part of the URL that is wrong.
    public init(url: String) throws {
        self = try DatabaseURL.parse(url)
    }
}
