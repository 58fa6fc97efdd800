/// A configuration that cannot work: a missing or malformed environment variable, URL part
/// or ARN. The description names the part that is wrong.
public struct DatabaseConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The part that is wrong: an environment variable's name or a URL part (`scheme`,
    /// `database`, `resource_arn`, …).
    public let part: String
    /// What is wrong with it.
    public let reason: String

    /// An error about `part`.
    public init(part: String, reason: String) {
        self.part = part
        self.reason = reason
    }

    static func missing(_ part: String) -> Self { .init(part: part, reason: "is required but not set") }
    static func invalid(_ part: String, _ reason: String) -> Self { .init(part: part, reason: reason) }

    /// `AURORA_SECRET_ARN is required but not set`.
    public var description: String { "\(part) \(reason)" }

    /// `arn:PARTITION:rds:REGION:ACCOUNT:cluster:NAME` (or `:db:` for an instance).
    static func checkResourceArn(_ arn: String, part: String) throws {
        let p = arn.split(separator: ":", maxSplits: 6, omittingEmptySubsequences: false)
        guard (11...100).contains(arn.count), p.count == 7, p[0] == "arn", !p[1].isEmpty, p[2] == "rds", !p[3].isEmpty,
              p[4].count == 12, p[4].allSatisfy(\.isNumber), p[5] == "cluster" || p[5] == "db", !p[6].isEmpty else {
            throw invalid(part, "'\(arn)' is not an RDS cluster ARN (arn:aws:rds:REGION:ACCOUNT:cluster:NAME)")
        }
    }

    /// `arn:PARTITION:secretsmanager:REGION:ACCOUNT:secret:NAME`.
    static func checkSecretArn(_ arn: String, part: String) throws {
        let p = arn.split(separator: ":", maxSplits: 6, omittingEmptySubsequences: false)
        guard (11...100).contains(arn.count), p.count == 7, p[0] == "arn", !p[1].isEmpty, p[2] == "secretsmanager",
              !p[3].isEmpty, p[4].count == 12, p[4].allSatisfy(\.isNumber), p[5] == "secret", !p[6].isEmpty else {
            throw invalid(
                part, "'\(arn)' is not a Secrets Manager secret ARN (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME)"
            )
        }
    }

    /// The region field of an ARN that passed the checks above.
    static func region(ofArn arn: String) -> String {
        String(arn.split(separator: ":", maxSplits: 6, omittingEmptySubsequences: false)[3])
    }
}
