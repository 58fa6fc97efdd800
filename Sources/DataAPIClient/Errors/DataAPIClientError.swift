#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A failure inside the client itself: configuration, encoding, or a response it cannot read.
///
/// Match it by code: `catch DataAPIClientError.Code.missingRegion { … }`, or
/// `catch let e as DataAPIClientError where e.code == .invalidResponse { … }`.
public struct DataAPIClientError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, by kind; compare with the static members.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        /// The code's name (`missingRegion`).
        public var description: String { name }

        /// No region from configuration, resource ARN, environment or profile.
        public static let missingRegion = Code(name: "missingRegion")
        /// The endpoint override is not an absolute http(s) URL.
        public static let invalidEndpoint = Code(name: "invalidEndpoint")
        /// The request could not be encoded (for example a `Field.unknown` parameter).
        public static let invalidRequest = Code(name: "invalidRequest")
        /// A 200 response whose body is not the operation's response shape.
        public static let invalidResponse = Code(name: "invalidResponse")

        /// Whether `error` is a ``DataAPIClientError`` with this code:
        /// `catch DataAPIClientError.Code.missingRegion { … }`.
        public static func ~= (pattern: Code, error: any Error) -> Bool {
            (error as? DataAPIClientError)?.code == pattern
        }
    }
    /// What went wrong, by kind.
    public let code: Code
    /// What went wrong.
    public let message: String
    /// The operation being prepared or read, when known.
    public var operation: String?

    /// Creates an error with the given code.
    public init(code: Code, message: String, operation: String? = nil) {
        self.code = code
        self.message = message
        self.operation = operation
    }

    /// `DataAPIClientError.code in Operation: message`.
    public var description: String {
        "DataAPIClientError.\(code)" + (operation.map { " in \($0)" } ?? "") + ": \(message)"
    }
}
