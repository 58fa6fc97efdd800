import DataAPIClient

/// The errors the front door answers with, beyond the Data API model's own.
extension DataAPIError.Code {
    /// Smithy's restJson1 answer to a request whose `Content-Type` is not the protocol's
    /// (`application/json`): HTTP 415 with this error type (AWS protocol tests,
    /// `malformed-content-type.smithy`).
    static let unsupportedMediaType: Self = "UnsupportedMediaTypeException"
}

extension DataAPIError {
    /// 429 `ThrottlingException`: the server is at one of its capacity limits (connections,
    /// buffered request bytes). Clients retry it, and it is safe to: nothing ran.
    static func throttled(_ message: String) -> DataAPIError {
        DataAPIError(code: .throttling, message: message, httpStatus: 429)
    }

    /// 415 `UnsupportedMediaTypeException`: the request body is not declared `application/json`.
    static func unsupportedMediaType(_ message: String) -> DataAPIError {
        DataAPIError(code: .unsupportedMediaType, message: message, httpStatus: 415)
    }
}
