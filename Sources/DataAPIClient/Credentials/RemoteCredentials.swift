#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The JSON that container and instance metadata endpoints return.
struct RemoteCredentialDocument: Decodable {
    var AccessKeyId: String
    var SecretAccessKey: String
    var Token: String?
    var Expiration: String?
    var Code: String?

    func credentials(provider: String) throws -> AWSCredentials {
        if let code = Code, code != "Success" {
            throw CredentialError(code: .unavailable, provider: provider, message: "endpoint answered Code \(code)")
        }
        var expiration: Date?
        if let e = Expiration {
            guard let d = ISO8601.parse(e) else {
                throw CredentialError(code: .invalid, provider: provider, message: "Expiration '\(e)' is not ISO 8601")
            }
            expiration = d
        }
        return AWSCredentials(
            accessKeyId: AccessKeyId,
            secretAccessKey: SecretAccessKey,
            sessionToken: Token,
            expiration: expiration
        )
    }

    static func decode(_ body: [UInt8], provider: String) throws -> AWSCredentials {
        do {
            let document = try JSONDecoder().decode(RemoteCredentialDocument.self, from: Data(body))
            return try document.credentials(provider: provider)
        } catch let e as CredentialError { throw e } catch {
            throw CredentialError(code: .invalid, provider: provider, message: "invalid credentials JSON: \(error)")
        }
    }
}

/// ECS and EKS container credentials: `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` (on
/// `http://169.254.170.2`) or `AWS_CONTAINER_CREDENTIALS_FULL_URI`, with the
/// `Authorization` header from `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` or
/// `AWS_CONTAINER_AUTHORIZATION_TOKEN`.
///
/// A full URI must be HTTPS, or HTTP to a loopback address or the ECS/EKS agent addresses,
/// as in the AWS SDKs.
public struct ContainerCredentialProvider: AWSCredentialProvider {
    /// The variables read; the process environment by default.
    public let environment: [String: String]
    let transport: any HTTPTransport
    let relativeBase: String
    /// `container`.
    public var name: String { "container" }

    /// Reads the container variables from `environment` and fetches through `transport`.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment, transport: any HTTPTransport) {
        self.init(environment: environment, transport: transport, relativeBase: "http://169.254.170.2")
    }

    init(environment: [String: String], transport: any HTTPTransport, relativeBase: String) {
        self.environment = environment
        self.transport = transport
        self.relativeBase = relativeBase
    }

    static let allowedHTTPHosts: Set<String> = [
        "169.254.170.2", "169.254.170.23", "fd00:ec2::23", "[fd00:ec2::23]", "localhost",
    ]

    func endpoint() throws -> String {
        if let rel = environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"], !rel.isEmpty {
            return relativeBase + (rel.hasPrefix("/") ? rel : "/" + rel)
        }
        guard let full = environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"], !full.isEmpty else {
            throw CredentialError.notConfigured(
                name,
                "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and _FULL_URI are not set"
            )
        }
        guard let c = URLComponents(string: full), let scheme = c.scheme?.lowercased(), let host = c.host else {
            throw CredentialError(
                code: .invalid,
                provider: name,
                message: "AWS_CONTAINER_CREDENTIALS_FULL_URI is not a URL"
            )
        }
        let loopback = host.hasPrefix("127.") || host == "::1" || host == "[::1]"
        let allowedHTTP = loopback || Self.allowedHTTPHosts.contains(host.lowercased())
        guard scheme == "https" || (scheme == "http" && allowedHTTP) else {
            throw CredentialError(
                code: .invalid,
                provider: name,
                message: "AWS_CONTAINER_CREDENTIALS_FULL_URI must be https or a loopback/container-agent http address"
            )
        }
        return full
    }

    /// Fetches credentials from the container endpoint; throws ``CredentialError``.
    public func credentials() async throws -> AWSCredentials {
        let url = try endpoint()
        var headers: [(name: String, value: String)] = [("Accept", "application/json")]
        if let file = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"], !file.isEmpty {
            guard let data = try await BlockingIO.readFileIfPresent(file) else {
                throw CredentialError(
                    code: .invalid,
                    provider: name,
                    message: "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE \(file) does not exist"
                )
            }
            let token = String(decoding: data, as: UTF8.self).trimmingWhitespace()
            headers.append(("Authorization", token))
        } else if let token = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"], !token.isEmpty {
            headers.append(("Authorization", token))
        }
        let response: HTTPResponse
        do {
            response = try await transport.send(
                HTTPRequest(
                    method: "GET",
                    url: url,
                    headers: headers,
                    timeout: .seconds(5),
                    connectTimeout: .seconds(2)
                )
            )
        } catch let e as TransportError {
            throw CredentialError(code: .unavailable, provider: name, message: "\(e)")
        }
        guard response.status == 200 else {
            throw CredentialError(
                code: .unavailable,
                provider: name,
                message: "endpoint answered HTTP \(response.status)"
            )
        }
        return try RemoteCredentialDocument.decode(response.body, provider: name)
    }
}

/// EC2 instance role credentials through IMDSv2 (session token first, then the role).
///
/// `AWS_EC2_METADATA_DISABLED=true` turns it off; `AWS_EC2_METADATA_SERVICE_ENDPOINT`
/// moves it. A metadata service that cannot be reached counts as not configured, so
/// the chain reports that no credentials were found.
public struct InstanceMetadataCredentialProvider: AWSCredentialProvider {
    /// The variables read; the process environment by default.
    public let environment: [String: String]
    let transport: any HTTPTransport
    /// `instance metadata (IMDSv2)`.
    public var name: String { "instance metadata (IMDSv2)" }

    /// Reads the IMDS variables from `environment` and fetches through `transport`.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment, transport: any HTTPTransport) {
        self.environment = environment
        self.transport = transport
    }

    var endpoint: String {
        var e = environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "http://169.254.169.254"
        while e.hasSuffix("/") { e.removeLast() }
        return e
    }

    /// Fetches the instance role's credentials; throws ``CredentialError``.
    public func credentials() async throws -> AWSCredentials {
        if environment["AWS_EC2_METADATA_DISABLED"]?.lowercased() == "true" {
            throw CredentialError.notConfigured(name, "AWS_EC2_METADATA_DISABLED is true")
        }
        let base = endpoint
        func send(
            _ method: String,
            _ path: String,
            _ headers: [(name: String, value: String)]
        ) async throws -> HTTPResponse {
            do {
                return try await transport.send(
                    HTTPRequest(
                        method: method,
                        url: base + path,
                        headers: headers,
                        timeout: .seconds(2),
                        connectTimeout: .seconds(1)
                    )
                )
            } catch let e as TransportError {
                throw CredentialError.notConfigured(name, "metadata service unreachable: \(e.message)")
            }
        }
        let tokenResponse = try await send(
            "PUT",
            "/latest/api/token",
            [("X-aws-ec2-metadata-token-ttl-seconds", "21600")]
        )
        guard tokenResponse.status == 200 else {
            throw CredentialError(
                code: .unavailable,
                provider: name,
                message: "token request answered HTTP \(tokenResponse.status)"
            )
        }
        let token = String(decoding: tokenResponse.body, as: UTF8.self)
        let auth = [(name: "X-aws-ec2-metadata-token", value: token)]
        let roles = try await send("GET", "/latest/meta-data/iam/security-credentials/", auth)
        guard roles.status == 200 else {
            if roles.status == 404 { throw CredentialError.notConfigured(name, "the instance has no IAM role") }
            throw CredentialError(
                code: .unavailable,
                provider: name,
                message: "role listing answered HTTP \(roles.status)"
            )
        }
        let listing = String(decoding: roles.body, as: UTF8.self)
        guard let role = listing.split(whereSeparator: \.isNewline).first.map(String.init), !role.isEmpty else {
            throw CredentialError.notConfigured(name, "the instance has no IAM role")
        }
        let doc = try await send("GET", "/latest/meta-data/iam/security-credentials/\(role)", auth)
        guard doc.status == 200 else {
            throw CredentialError(
                code: .unavailable,
                provider: name,
                message: "credentials request answered HTTP \(doc.status)"
            )
        }
        return try RemoteCredentialDocument.decode(doc.body, provider: name)
    }
}

extension CredentialProviderChain {
    /// The AWS SDKs' default order: environment, shared files (profile), container,
    /// instance metadata; temporary credentials cached and refreshed before expiry.
    public static func `default`(
        environment: [String: String] = ProcessInfo.processInfo.environment, transport: any HTTPTransport
    ) -> CredentialProviderChain {
        CredentialProviderChain([
            EnvironmentCredentialProvider(environment: environment),
            CachingCredentialProvider(ProfileCredentialProvider(environment: environment)),
            CachingCredentialProvider(ContainerCredentialProvider(environment: environment, transport: transport)),
            CachingCredentialProvider(
                InstanceMetadataCredentialProvider(environment: environment, transport: transport)
            ),
        ])
    }
}
