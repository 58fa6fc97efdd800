import DataAPIClient
import Foundation

/// What the front door refuses from a request's head alone, before a byte of its body is read:
/// a method other than `POST`, a `Content-Length` over the request limit, and a missing,
/// malformed, stale or foreign signature (when SigV4 is on).
struct FrontDoorPolicy: Sendable {
    let maxRequestBytes: Int
    let verifier: SigV4Verifier?

    init(configuration: DataAPILocalConfiguration) {
        maxRequestBytes = configuration.limits.maxRequestBytes
        verifier = SigV4Verifier(configuration.authentication)
    }

    /// Nil when the request may go on to have its body read; else the error to answer it with.
    func check(method: String, headers: [(name: String, value: String)], now: Date = Date()) -> DataAPIError? {
        func values(_ name: String) -> [String] { headers.filter { $0.name.lowercased() == name }.map(\.value) }
        guard method == "POST" else {
            return DataAPIError(code: "UnknownOperationException", message: "Only POST is supported.", httpStatus: 404)
        }
        if let length = values("content-length").first.flatMap({ Int($0) }), length > maxRequestBytes {
            return .service(.badRequest, Self.tooLarge(maxRequestBytes))
        }
        if let verifier {
            do { _ = try verifier.checkHeaders(headers, now: now) } catch { return error }
        }
        return nil
    }

    static func tooLarge(_ limit: Int) -> String { "Request size exceeds the limit of \(limit) bytes." }
}
