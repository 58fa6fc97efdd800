#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Synchronization

/// AWS credentials: an access key pair, and a session token and expiry for temporary ones.
public struct AWSCredentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The access key ID (`AKIA…`, or `ASIA…` for temporary credentials).
    public var accessKeyId: String
    /// The secret access key; never printed.
    public var secretAccessKey: String
    /// The session token of temporary credentials; never printed.
    public var sessionToken: String?
    /// When temporary credentials stop working; `nil` for long-lived keys.
    public var expiration: Date?

    /// Creates credentials from an access key pair, and a token and expiry for temporary ones.
    public init(accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil, expiration: Date? = nil) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
    }

    /// Never prints the secret key or the session token.
    public var description: String {
        "AWSCredentials(accessKeyId: \(accessKeyId), secretAccessKey: <redacted>"
            + (sessionToken == nil ? "" : ", sessionToken: <redacted>")
            + (expiration.map { ", expiration: \($0)" } ?? "") + ")"
    }
    /// The same as `description`: secrets are redacted here too.
    public var debugDescription: String { description }
}

/// Supplies credentials for signing.
public protocol AWSCredentialProvider: Sendable {
    /// A short name for logs and errors (`environment`, `profile default`).
    var name: String { get }
    /// Current credentials. Throws ``CredentialError/notConfigured(_:_:)`` when this source
    /// has nothing to offer, so a chain moves on to the next source.
    func credentials() async throws -> AWSCredentials
}

/// Fixed credentials given by the caller.
public struct StaticCredentialProvider: AWSCredentialProvider {
    /// The credentials this provider always returns.
    public let fixed: AWSCredentials
    /// `static`.
    public var name: String { "static" }
    /// A provider that always returns these credentials.
    public init(_ credentials: AWSCredentials) { self.fixed = credentials }
    /// A provider that always returns these credentials.
    public init(accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.fixed = AWSCredentials(
            accessKeyId: accessKeyId,
            secretAccessKey: secretAccessKey,
            sessionToken: sessionToken
        )
    }
    /// Returns ``fixed``.
    public func credentials() async throws -> AWSCredentials { fixed }
}

/// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and optional `AWS_SESSION_TOKEN`.
public struct EnvironmentCredentialProvider: AWSCredentialProvider {
    /// The variables read; the process environment by default.
    public let environment: [String: String]
    /// `environment`.
    public var name: String { "environment" }

    /// Reads the given variables, the process environment by default.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// The keys from the environment. Throws ``CredentialError``: `notConfigured` when unset,
    /// `invalid` when only one of the two keys is set.
    public func credentials() async throws -> AWSCredentials {
        let id = environment["AWS_ACCESS_KEY_ID"].flatMap { $0.isEmpty ? nil : $0 }
        let secret = environment["AWS_SECRET_ACCESS_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        switch (id, secret) {
        case (nil, nil): throw CredentialError.notConfigured(name, "AWS_ACCESS_KEY_ID is not set")
        case (.some(let id), .some(let secret)):
            let token = environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
            return AWSCredentials(accessKeyId: id, secretAccessKey: secret, sessionToken: token)
        case (.some, nil):
            throw CredentialError(
                code: .invalid,
                provider: name,
                message: "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not"
            )
        case (nil, .some):
            throw CredentialError(
                code: .invalid,
                provider: name,
                message: "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not"
            )
        }
    }
}

/// Tries providers in order; the first that is configured answers. The provider that
/// answered is remembered and asked first next time.
public final class CredentialProviderChain: AWSCredentialProvider {
    /// The providers, in the order they are asked.
    public let providers: [any AWSCredentialProvider]
    private let chosen = Mutex<Int?>(nil)
    /// `chain(…)` with the providers' names.
    public var name: String { "chain(\(providers.map(\.name).joined(separator: ", ")))" }

    /// A chain that asks the providers in this order.
    public init(_ providers: [any AWSCredentialProvider]) { self.providers = providers }

    /// The first configured provider's credentials; throws ``CredentialError/Code/noneFound`` listing what was tried.
    public func credentials() async throws -> AWSCredentials {
        if let i = chosen.withLock({ $0 }) { return try await providers[i].credentials() }
        var skipped: [String] = []
        for (i, p) in providers.enumerated() {
            do {
                let c = try await p.credentials()
                chosen.withLock { $0 = i }
                return c
            } catch let e as CredentialError where e.code == .notConfigured {
                skipped.append("\(p.name): \(e.message)")
            }
        }
        throw CredentialError(
            code: .noneFound,
            provider: name,
            message: "no credentials found; tried " + skipped.joined(separator: "; ")
        )
    }
}


/// Caches another provider's temporary credentials and refreshes them before they expire.
///
/// Credentials are refreshed once they are within `refreshBefore` of their expiry.
/// Concurrent callers share one refresh. When a refresh fails while the cached
/// credentials are still valid, the cached ones are returned.
public actor CachingCredentialProvider: AWSCredentialProvider {
    /// The provider whose credentials are cached.
    public nonisolated let base: any AWSCredentialProvider
    /// How long before expiry the credentials are refreshed (5 minutes by default).
    public nonisolated let refreshBefore: Duration
    private let now: @Sendable () -> Date
    private var cached: AWSCredentials?
    private var inFlight: Task<AWSCredentials, Error>?
    /// How many times the base provider was asked (for tests).
    package private(set) var fetchCount = 0

    /// The base provider's name.
    public nonisolated var name: String { base.name }

    /// Caches `base`'s credentials, refreshed `refreshBefore` their expiry; `now` is for tests.
    public init(_ base: any AWSCredentialProvider, refreshBefore: Duration = .seconds(300),
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.base = base
        self.refreshBefore = refreshBefore
        self.now = now
    }

    /// The cached credentials, refreshed first when they are close to expiry; concurrent callers share one refresh.
    public func credentials() async throws -> AWSCredentials {
        let t = now()
        if let c = cached, !needsRefresh(c, at: t) { return c }
        let task: Task<AWSCredentials, Error>
        if let existing = inFlight {
            task = existing
        } else {
            fetchCount += 1
            let base = self.base
            task = Task { try await base.credentials() }
            inFlight = task
        }
        do {
            let fresh = try await task.value
            if inFlight == task { inFlight = nil }
            cached = fresh
            return fresh
        } catch {
            if inFlight == task { inFlight = nil }
            if let c = cached, let exp = c.expiration, exp > now() { return c }
            throw error
        }
    }

    private func needsRefresh(_ c: AWSCredentials, at t: Date) -> Bool {
        guard let exp = c.expiration else { return false }
        return exp.timeIntervalSince(t) <= refreshBefore.timeInterval
    }
}
