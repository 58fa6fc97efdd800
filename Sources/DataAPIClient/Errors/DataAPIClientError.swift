import Foundation

/// A failure inside the client itself: configuration, encoding, or a response it cannot read.
public struct DataAPIClientError: Error, Hashable, Sendable, CustomStringConvertible {
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
    public let kind: Kind
    public let message: String
    public var operation: String?

    public init(kind: Kind, message: String, operation: String? = nil) {
        self.kind = kind; self.message = message; self.operation = operation
    }

    public var description: String {
        "DataAPIClientError.\(kind.rawValue)" + (operation.map { " in \($0)" } ?? "") + ": \(message)"
    }
}
