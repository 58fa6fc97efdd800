#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// How a ``DataAPIClient`` finds and talks to the service.
public struct DataAPIClientConfiguration: Sendable {
    /// The region; when nil it comes from each request's resource ARN, then
    /// `AWS_REGION`/`AWS_DEFAULT_REGION`, then the profile's `region`.
    public var region: String?
    /// An endpoint URL to use instead of the regional one (a local server, a proxy).
    /// When nil: `AWS_ENDPOINT_URL_RDS_DATA`, then `AWS_ENDPOINT_URL`, then the profile's
    /// `endpoint_url`, then `https://rds-data.{region}.{dnsSuffix}`.
    public var endpoint: String?
    /// Use the FIPS endpoint (`rds-data-fips`). Ignored when an endpoint override applies.
    public var useFIPS: Bool
    /// Use the dual-stack (IPv6) endpoint. Ignored when an endpoint override applies.
    public var useDualStack: Bool
    /// The profile for region and endpoint settings; nil reads `AWS_PROFILE`.
    public var profile: String?
    /// Timeouts and limits of the HTTP transport.
    public var transport: TransportConfiguration
    /// When failed calls are tried again.
    public var retryPolicy: RetryPolicy
    /// The environment variables to read; the process environment by default.
    public var environment: [String: String]
    /// The `User-Agent` header sent with every request.
    public var userAgent: String
    /// Where metrics and spans go; the global `MetricsSystem` and `InstrumentationSystem` by
    /// default, read when the client is created (see ``DataAPIObservability``).
    public var observability: DataAPIObservability

    /// Creates a configuration; every setting has the default described on its property.
    public init(
        region: String? = nil, endpoint: String? = nil, useFIPS: Bool = false, useDualStack: Bool = false,
        profile: String? = nil, transport: TransportConfiguration = .init(), retryPolicy: RetryPolicy = .default,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        userAgent: String = "swift-data-api/0.1", observability: DataAPIObservability = .init()
    ) {
        self.region = region
        self.endpoint = endpoint
        self.useFIPS = useFIPS
        self.useDualStack = useDualStack
        self.profile = profile
        self.transport = transport
        self.retryPolicy = retryPolicy
        self.environment = environment
        self.userAgent = userAgent
        self.observability = observability
    }
}
