import DataAPIClient
import Foundation

/// What the front door refuses from a request's head alone, before a byte of its body is read:
/// a `Host` the server does not answer to, a method other than `POST`, a `Content-Length` over
/// the request limit, a missing, malformed, stale or foreign signature (when SigV4 is on), and
/// a body not declared `application/json` (always, so that no web page's form can run SQL).
package struct FrontDoorPolicy: Sendable {
    let hosts: HostAllowList
    let maxRequestBytes: Int
    package let verifier: SigV4Verifier?
    /// Whether `GET /metrics` is served (unsigned, like any Prometheus scrape; the `Host` check still applies).
    let servesMetrics: Bool

    package init(configuration: DataAPILocalConfiguration) {
        hosts = HostAllowList(allowed: configuration.allowedHosts, boundHost: configuration.host)
        servesMetrics = configuration.exposesMetrics
        maxRequestBytes = configuration.limits.maxRequestBytes
        verifier = SigV4Verifier(configuration.authentication)
    }

    /// Nil when the request may go on to have its body read; else the error to answer it with.
    package func check(method: String, uri: String = "", headers: [(name: String, value: String)],
               now: Date = Date()) -> DataAPIError? {
        func values(_ name: String) -> [String] { HeaderName.values(name, in: headers) }
        if let error = hosts.check(values("host")) { return error }
        if servesMetrics && method == "GET" && uri == LocalServerMetrics.path { return nil }
        guard method == "POST" else {
            return DataAPIError(code: "UnknownOperationException", message: "Only POST is supported.", httpStatus: 404)
        }
        if let length = values("content-length").first.flatMap({ Int($0) }), length > maxRequestBytes {
            return .service(.badRequest, Self.tooLarge(maxRequestBytes))
        }
        if let verifier {
            do { _ = try verifier.checkHeaders(headers, now: now) } catch { return error }
        }
        return Self.checkContentType(values("content-type"))
    }

    static func tooLarge(_ limit: Int) -> String { "Request size exceeds the limit of \(limit) bytes." }

    /// The Data API's rest-json protocol sends `Content-Type: application/json` (botocore adds no
    /// parameters); any parameters are accepted, any other media type or none is refused.
    static func checkContentType(_ values: [String]) -> DataAPIError? {
        guard values.count == 1, let value = values.first else {
            return .unsupportedMediaType(values.isEmpty ? "The request has no Content-Type; send application/json."
                                         : "The request has more than one Content-Type header.")
        }
        // The media type: the text before any `;`, without spaces and tabs around it.
        var mediaType = value.utf8.prefix { $0 != UInt8(ascii: ";") }
        let blank: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        while let first = mediaType.first, blank(first) { mediaType = mediaType.dropFirst() }
        while let last = mediaType.last, blank(last) { mediaType = mediaType.dropLast() }
        guard HeaderName.matches(mediaType, "application/json") else {
            return .unsupportedMediaType("Content-Type '\(value)' is not supported; send application/json.")
        }
        return nil
    }
}
