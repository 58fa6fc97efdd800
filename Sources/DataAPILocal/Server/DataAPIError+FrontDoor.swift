import DataAPIClient

/// The errors the front door answers with, beyond the Data API model's own.
extension DataAPIError {
    /// 429 `ThrottlingException`: the server is at one of its capacity limits (connections,
    /// buffered request bytes). Clients retry it, and it is safe to: nothing ran.
    static func throttled(_ message: String) -> DataAPIError {
        DataAPIError(code: .throttling, message: message, httpStatus: 429)
    }
}
