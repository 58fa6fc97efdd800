import DataAPIClient
import Foundation

/// An error as AWS's rest-json services send it: the status, `x-amzn-ErrorType` and
/// `x-amzn-RequestId` headers, and a `{"code": …, "message": …}` body. Both the responder and
/// the front door (which answers before Hummingbird sees a request) build their errors here.
struct AWSErrorResponse: Sendable {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    /// `error` as a response; anything but a ``DataAPIError`` is an `InternalServerErrorException`.
    /// With `closing`, the response says `Connection: close`.
    init(_ error: any Error, requestId: String, closing: Bool = false) {
        let e = error as? DataAPIError ?? DataAPIError.service(.internalServerError, "")
        var object: [String: Any] = ["code": e.code.rawValue]
        if !e.message.isEmpty { object["message"] = e.message }
        if let id = e.dbConnectionId { object["dbConnectionId"] = id }
        let options: JSONSerialization.WritingOptions = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: options)) ?? Data("{}".utf8)
        status = e.httpStatus
        headers = [
            ("Content-Type", "application/json"),
            ("x-amzn-RequestId", requestId),
            ("x-amzn-ErrorType", "\(e.code.rawValue):http://internal.amazon.com/coral/com.amazon.rdsdataservice/"),
        ]
        if closing { headers.append(("Connection", "close")) }
        body = Array(data)
    }
}
