/// A failure to exchange an HTTP request and response.
///
/// Match it by code: `catch TransportError.Code.timedOut { … }`, or
/// `catch let e as TransportError where e.code == .connectFailed { … }`.
public struct TransportError: Error, Hashable, CustomStringConvertible, Sendable {
    /// The kind of failure; compare with the static members.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        /// The code's name (`timedOut`).
        public var description: String { name }

        /// Could not resolve the host or open a connection: nothing was sent.
        public static let connectFailed = Code(name: "connectFailed")
        /// The request or connect timeout passed.
        public static let timedOut = Code(name: "timedOut")
        /// The response body passed ``TransportConfiguration/maxResponseBytes``.
        public static let responseTooLarge = Code(name: "responseTooLarge")
        /// TLS failed (handshake or certificate verification).
        public static let tls = Code(name: "tls")
        /// The connection broke or another transfer error happened.
        public static let transferFailed = Code(name: "transferFailed")
        /// The request was malformed (bad URL, unsupported scheme).
        public static let invalidRequest = Code(name: "invalidRequest")
        /// The process cannot make this transfer: libcurl, which every request but plain HTTP
        /// to an IP address or `localhost` on Linux needs, and which is loaded the first time
        /// one is made, could not be loaded (or is older than 7.85). Nothing was sent; a retry
        /// fails the same way.
        public static let unavailable = Code(name: "unavailable")

        /// Whether `error` is a ``TransportError`` with this code:
        /// `catch TransportError.Code.timedOut { … }`.
        public static func ~= (pattern: Code, error: any Error) -> Bool {
            (error as? TransportError)?.code == pattern
        }
    }

    /// The kind of failure.
    public let code: Code
    /// Whether any byte of the request went out. When false, a retry cannot cause the
    /// statement to run twice.
    public let requestSent: Bool
    /// libcurl's `CURLcode`, when the error came from libcurl.
    public let curlCode: Int?
    /// What went wrong.
    public let message: String

    /// Creates an error.
    public init(code: Code, requestSent: Bool, curlCode: Int? = nil, message: String) {
        self.code = code
        self.requestSent = requestSent
        self.curlCode = curlCode
        self.message = message
    }

    /// The code, message, curl code and whether the request was sent.
    public var description: String {
        let curl = curlCode.map { ", curl code \($0)" } ?? ""
        return "TransportError.\(code)(\(message)\(curl), request \(requestSent ? "sent" : "not sent"))"
    }

    static func responseTooLarge(limit: Int) -> TransportError {
        TransportError(code: .responseTooLarge, requestSent: true, message: "response body exceeds \(limit) bytes")
    }
}
