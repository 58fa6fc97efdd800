#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The shared `credentials` and `config` files (INI), read for one profile.
///
/// In the credentials file a section is `[name]`; in the config file it is
/// `[profile name]`, except `[default]`. Keys from the credentials file win.
public struct SharedConfig: Sendable, Hashable {
    /// The profile's settings, keys lowercased.
    public var settings: [String: String]
    /// The profile's name.
    public var profile: String

    /// The profile named by `AWS_PROFILE` (else `AWS_DEFAULT_PROFILE`, else `default`).
    public static func profileName(environment: [String: String]) -> String {
        for key in ["AWS_PROFILE", "AWS_DEFAULT_PROFILE"] {
            if let v = environment[key], !v.isEmpty { return v }
        }
        return "default"
    }

    static func expandHome(_ path: String, environment: [String: String]) -> String {
        guard path.hasPrefix("~") else { return path }
        let home = environment["HOME"] ?? homeDirectory()
        return home + path.dropFirst()
    }

    /// `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`.
    public static func credentialsFilePath(environment: [String: String]) -> String {
        expandHome(environment["AWS_SHARED_CREDENTIALS_FILE"] ?? "~/.aws/credentials", environment: environment)
    }

    /// `AWS_CONFIG_FILE`, else `~/.aws/config`.
    public static func configFilePath(environment: [String: String]) -> String {
        expandHome(environment["AWS_CONFIG_FILE"] ?? "~/.aws/config", environment: environment)
    }

    /// Reads both files (off the cooperative pool). Missing files count as empty; `nil`
    /// when the profile is in neither.
    public static func load(profile: String? = nil, environment: [String: String]) async throws -> SharedConfig? {
        let name = profile ?? profileName(environment: environment)
        // The paths too: without `HOME` they need the password database (`getpwuid`), which may block.
        let (configText, credText) = try await BlockingIO.run { () throws -> (Data?, Data?) in
            (
                try BlockingIO.contentsIfPresent(configFilePath(environment: environment)),
                try BlockingIO.contentsIfPresent(credentialsFilePath(environment: environment))
            )
        }
        var found = false
        var settings: [String: String] = [:]
        if let configText {
            let sections = parseINI(String(decoding: configText, as: UTF8.self))
            let section = name == "default"
                ? (sections["default"] ?? sections["profile default"])
                : sections["profile \(name)"]
            if let section { found = true; settings.merge(section) { _, new in new } }
        }
        if let credText, let section = parseINI(String(decoding: credText, as: UTF8.self))[name] {
            found = true
            settings.merge(section) { _, new in new }
        }
        return found ? SharedConfig(settings: settings, profile: name) : nil
    }

    /// Parses INI text into sections of lowercased keys. Indented lines under a key
    /// (nested settings) are skipped; `#` and `;` start comments.
    /// This user's home directory from the password database, for a `~` path when `HOME`
    /// is not set.
    static func homeDirectory() -> String {
        guard let entry = getpwuid(getuid()), let dir = entry.pointee.pw_dir else { return "" }
        return String(cString: dir)
    }

    static func parseINI(_ text: String) -> [String: [String: String]] {
        var sections: [String: [String: String]] = [:]
        var current: String?
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let indented = raw.first == " " || raw.first == "\t"
            let line = raw.trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                guard let end = line.firstIndex(of: "]") else { current = nil; continue }
                let name = line[line.index(after: line.startIndex)..<end]
                    .split(whereSeparator: \.isWhitespace).joined(separator: " ")
                current = name
                if sections[name] == nil { sections[name] = [:] }
                continue
            }
            guard let section = current, !indented, let eq = line.firstIndex(of: "=") else { continue }
            let key = line[..<eq].trimmingWhitespace().lowercased()
            var value = line[line.index(after: eq)...].trimmingWhitespace()
            if let hash = value.firstRange(of: " #") ?? value.firstRange(of: " ;") {
                value = value[..<hash.lowerBound].trimmingWhitespace()
            }
            sections[section]?[key] = value
        }
        return sections
    }
}

/// Credentials from the shared files: static keys, or a `credential_process` command.
///
/// Profiles that assume a role (`role_arn`, `source_profile`) or use SSO are reported as
/// ``CredentialError/Code/invalid`` with the setting named: this library does not call STS or SSO.
public struct ProfileCredentialProvider: AWSCredentialProvider {
    /// The profile to read; `nil` reads `AWS_PROFILE`.
    public let profile: String?
    /// The variables read; the process environment by default.
    public let environment: [String: String]
    /// `profile NAME`.
    public var name: String { "profile \(profile ?? SharedConfig.profileName(environment: environment))" }

    /// Reads `profile` (else `AWS_PROFILE`) from the shared files named by `environment`.
    public init(profile: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.profile = profile
        self.environment = environment
    }

    /// The profile's keys, or its `credential_process` output; throws ``CredentialError``.
    public func credentials() async throws -> AWSCredentials {
        guard let config = try await SharedConfig.load(profile: profile, environment: environment) else {
            let credentialsFile = SharedConfig.credentialsFilePath(environment: environment)
            let configFile = SharedConfig.configFilePath(environment: environment)
            throw CredentialError.notConfigured(name, "profile not found in \(credentialsFile) or \(configFile)")
        }
        let s = config.settings
        if let id = s["aws_access_key_id"], !id.isEmpty {
            guard let secret = s["aws_secret_access_key"], !secret.isEmpty else {
                throw CredentialError(
                    code: .invalid,
                    provider: name,
                    message: "aws_access_key_id is set but aws_secret_access_key is not"
                )
            }
            let token = s["aws_session_token"].flatMap { $0.isEmpty ? nil : $0 }
            return AWSCredentials(accessKeyId: id, secretAccessKey: secret, sessionToken: token)
        }
        if let command = s["credential_process"], !command.isEmpty {
            return try await CredentialProcess.run(command, provider: name)
        }
        for key in ["role_arn", "sso_session", "sso_start_url", "web_identity_token_file"] where s[key] != nil {
            throw CredentialError(
                code: .invalid,
                provider: name,
                message: "'\(key)' profiles are not supported; use credential_process or environment credentials"
            )
        }
        throw CredentialError.notConfigured(name, "profile has no credentials")
    }
}

/// Runs a `credential_process` command and reads its JSON (Version 1).
enum CredentialProcess {
    struct Output: Decodable {
        var Version: Int
        var AccessKeyId: String
        var SecretAccessKey: String
        var SessionToken: String?
        var Expiration: String?
    }

    /// How long a `credential_process` may run before it is stopped: long enough for a person
    /// to answer an MFA prompt on the terminal, short of hanging every call for ever.
    static let timeout: Duration = .seconds(300)

    static func run(_ command: String, provider: String, timeout: Duration = timeout) async throws -> AWSCredentials {
        let outcome = try await ChildProcess.runDetached(
            "/bin/sh", ["-c", command], standardError: .inherit, timeout: timeout)
        let (status, stdout) = (outcome.status, outcome.standardOutput)
        guard !outcome.timedOut else {
            throw CredentialError(
                code: .unavailable,
                provider: provider,
                message: "credential_process did not finish within \(timeout) and was stopped"
            )
        }
        guard status == 0 else {
            throw CredentialError(
                code: .unavailable,
                provider: provider,
                message: "credential_process exited with status \(status)"
            )
        }
        let output: Output
        do { output = try JSONDecoder().decode(Output.self, from: stdout) } catch {
            throw CredentialError(
                code: .invalid,
                provider: provider,
                message: "credential_process printed invalid JSON: \(error)"
            )
        }
        guard output.Version == 1 else {
            throw CredentialError(
                code: .invalid,
                provider: provider,
                message: "credential_process Version \(output.Version) is not supported (expected 1)"
            )
        }
        var expiration: Date?
        if let e = output.Expiration {
            guard let d = ISO8601.parse(e) else {
                throw CredentialError(
                    code: .invalid,
                    provider: provider,
                    message: "credential_process Expiration '\(e)' is not ISO 8601"
                )
            }
            expiration = d
        }
        return AWSCredentials(accessKeyId: output.AccessKeyId, secretAccessKey: output.SecretAccessKey,
                              sessionToken: output.SessionToken, expiration: expiration)
    }
}

/// ISO 8601 timestamps as AWS credential sources write them, with or without fractions.
enum ISO8601 {
    static func parse(_ s: String) -> Date? {
        if let d = try? Date(s, strategy: .iso8601) { return d }
        return try? Date(s, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
