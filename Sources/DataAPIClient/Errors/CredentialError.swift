/// Why credentials could not be had.
///
/// Match it by code: `catch CredentialError.Code.noneFound { … }`, or
/// `catch let e as CredentialError where e.code == .invalid { … }`.
public struct CredentialError: Error, Hashable, CustomStringConvertible, Sendable {
    /// The kind of failure; a chain moves past ``notConfigured`` only.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        /// The code's name (`notConfigured`).
        public var description: String { name }

        /// The source is not set up here (no variables, no file, no endpoint).
        public static let notConfigured = Code(name: "notConfigured")
        /// The source is set up but its content is wrong (missing key, bad JSON, expired).
        public static let invalid = Code(name: "invalid")
        /// Reaching the source failed (process exit status, HTTP status, connection).
        public static let unavailable = Code(name: "unavailable")
        /// No source in a chain produced credentials.
        public static let noneFound = Code(name: "noneFound")

        /// Whether `error` is a ``CredentialError`` with this code:
        /// `catch CredentialError.Code.noneFound { … }`.
        public static func ~= (pattern: Code, error: any Error) -> Bool {
            (error as? CredentialError)?.code == pattern
        }
    }
    /// The kind of failure.
    public let code: Code
    /// The name of the provider that failed.
    public let provider: String
    /// What went wrong, without secrets.
    public let message: String

    /// Creates an error with the given code for the named provider.
    public init(code: Code, provider: String, message: String) {
        self.code = code
        self.provider = provider
        self.message = message
    }

    /// A ``Code/notConfigured`` error for the named provider: the chain moves on.
    public static func notConfigured(_ provider: String, _ message: String = "not configured") -> CredentialError {
        CredentialError(code: .notConfigured, provider: provider, message: message)
    }

    /// `CredentialError.code(provider: message)`.
    public var description: String { "CredentialError.\(code)(\(provider): \(message))" }
}
