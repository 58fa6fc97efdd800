#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An AWS partition: which regions belong to it and its DNS suffixes (from botocore's
/// `partitions.json`).
public struct AWSPartition: Sendable, Hashable {
    /// The partition's name (`aws`, `aws-cn`).
    public var id: String
    /// Prefixes of the partition's region names (`cn-`).
    public var regionPrefixes: [String]
    /// The DNS suffix of its endpoints (`amazonaws.com`).
    public var dnsSuffix: String
    /// The DNS suffix of its dual-stack endpoints (`api.aws`).
    public var dualStackDnsSuffix: String

    /// Every partition except ``aws``, which is the fallback.
    public static let all: [AWSPartition] = [
        .init(
            id: "aws-cn", regionPrefixes: ["cn-"],
            dnsSuffix: "amazonaws.com.cn", dualStackDnsSuffix: "api.amazonwebservices.com.cn"
        ),
        .init(
            id: "aws-us-gov", regionPrefixes: ["us-gov-"],
            dnsSuffix: "amazonaws.com", dualStackDnsSuffix: "api.aws"
        ),
        .init(
            id: "aws-iso", regionPrefixes: ["us-iso-"],
            dnsSuffix: "c2s.ic.gov", dualStackDnsSuffix: "api.aws.ic.gov"
        ),
        .init(
            id: "aws-iso-b", regionPrefixes: ["us-isob-"],
            dnsSuffix: "sc2s.sgov.gov", dualStackDnsSuffix: "api.aws.scloud"
        ),
        .init(
            id: "aws-iso-e", regionPrefixes: ["eu-isoe-"],
            dnsSuffix: "cloud.adc-e.uk", dualStackDnsSuffix: "api.cloud-aws.adc-e.uk"
        ),
        .init(
            id: "aws-iso-f", regionPrefixes: ["us-isof-"],
            dnsSuffix: "csp.hci.ic.gov", dualStackDnsSuffix: "api.aws.hci.ic.gov"
        ),
        .init(
            id: "aws-eusc", regionPrefixes: ["eusc-"],
            dnsSuffix: "amazonaws.eu", dualStackDnsSuffix: "api.amazonwebservices.eu"
        ),
    ]
    /// The commercial partition, for any region no other partition claims.
    public static let aws = AWSPartition(
        id: "aws", regionPrefixes: [],
        dnsSuffix: "amazonaws.com", dualStackDnsSuffix: "api.aws"
    )

    /// The partition a region belongs to; `aws` for anything unrecognised.
    public static func forRegion(_ region: String) -> AWSPartition {
        all.first { p in p.regionPrefixes.contains { region.hasPrefix($0) } } ?? aws
    }
}

/// Parses `arn:partition:service:region:account:resource`.
public struct AWSARN: Sendable, Hashable {
    /// The partition (`aws`).
    public var partition: String
    /// The service (`rds`).
    public var service: String
    /// The region (`us-east-1`).
    public var region: String
    /// The account ID.
    public var account: String
    /// The rest (`cluster:my-cluster`).
    public var resource: String

    /// Parses an ARN; `nil` unless it has six colon-separated parts starting with `arn`.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn" else { return nil }
        partition = String(parts[1])
        service = String(parts[2])
        region = String(parts[3])
        account = String(parts[4])
        resource = String(parts[5])
    }
}

/// How the client finds its region and endpoint.
public enum EndpointResolution {
    /// Region: explicit, else from the resource ARN, else `AWS_REGION` / `AWS_DEFAULT_REGION`,
    /// else the profile's `region`.
    public static func region(
        explicit: String?, resourceArn: String?, environment: [String: String], profileRegion: String?
    ) -> String? {
        if let explicit, !explicit.isEmpty { return explicit }
        if let arn = resourceArn.flatMap(AWSARN.init), !arn.region.isEmpty { return arn.region }
        for key in ["AWS_REGION", "AWS_DEFAULT_REGION"] {
            if let v = environment[key], !v.isEmpty { return v }
        }
        if let profileRegion, !profileRegion.isEmpty { return profileRegion }
        return nil
    }

    /// The configured endpoint override: explicit, else `AWS_ENDPOINT_URL_RDS_DATA`, else
    /// `AWS_ENDPOINT_URL`, else the profile's `endpoint_url`.
    public static func override(explicit: String?, environment: [String: String], profileEndpoint: String?) -> String? {
        if let explicit, !explicit.isEmpty { return explicit }
        for key in ["AWS_ENDPOINT_URL_RDS_DATA", "AWS_ENDPOINT_URL"] {
            if let v = environment[key], !v.isEmpty { return v }
        }
        return profileEndpoint.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The service endpoint for a region: `https://rds-data[-fips].{region}.{dnsSuffix}`, or
    /// with dual-stack `https://rds-data[-fips].{region}.{dualStackDnsSuffix}`.
    public static func serviceEndpoint(region: String, useFIPS: Bool = false, useDualStack: Bool = false) -> String {
        let p = AWSPartition.forRegion(region)
        let host = useFIPS ? "rds-data-fips" : "rds-data"
        return "https://\(host).\(region).\(useDualStack ? p.dualStackDnsSuffix : p.dnsSuffix)"
    }
}
