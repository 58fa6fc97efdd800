import Foundation

/// A failure inside the client itself: configuration, encoding, or a response it cannot read.
public struct DataAPIClientError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public enum Kind: String, Sendable, Hashable {
        /// No region from configuration, resource ARN, environment or profile.
        case missingRegion
        /// The endpoint override is not an absolute http(s) URL.
        case invalidEndpoint
        /// The request could not be encoded (for example a `Field.unknown` parameter).
        case invalidRequest
        /// A 200 response whose body is not the operation's response shape.
        case invalidResponse
    }
    /// The kind of failure.
    public let kind: Kind
    /// What went wrong.
    public let message: String
    /// The operation being prepared or read, when known.
    public var operation: String?

    /// Creates an error of the given kind.
    public init(kind: Kind, message: String, operation: String? = nil) {
        self.kind = kind; self.message = message; self.operation = operation
    }

    /// `DataAPIClientError.kind in Operation: message`.
    public var description: String {
        "DataAPIClientError.\(kind.rawValue)" + (operation.map { " in \($0)" } ?? "") + ": \(message)"
    }
}
