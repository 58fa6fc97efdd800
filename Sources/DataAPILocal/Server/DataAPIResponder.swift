import DataAPIClient
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Turns HTTP requests into operations and errors into AWS's error responses.
struct DataAPIResponder: HTTPResponder {
    typealias Context = BasicRequestContext
    let api: LocalDataAPI
    let configuration: DataAPILocalConfiguration
    let verifier: SigV4Verifier?

    init(api: LocalDataAPI, configuration: DataAPILocalConfiguration) {
        self.api = api
        self.configuration = configuration
        if case .sigV4(let id, let secret, let skew) = configuration.authentication {
            verifier = SigV4Verifier(accessKeyId: id, secretAccessKey: secret, maxClockSkew: skew)
        } else {
            verifier = nil
        }
    }

    func respond(to request: Request, context: BasicRequestContext) async throws -> Response {
        let requestId = UUID().uuidString.lowercased()
        do {
            guard request.method == .post else {
                throw DataAPIError(code: "UnknownOperationException", message: "Only POST is supported.", httpStatus: 404)
            }
            let limit = configuration.limits.maxRequestBytes
            let buffer: ByteBuffer
            do { buffer = try await request.body.collect(upTo: limit) } catch {
                throw DataAPIError.service(.badRequest, "Request size exceeds the limit of \(limit) bytes.")
            }
            let body = Array(buffer.readableBytesView)
            let uri = request.uri.string
            if let verifier {
                var headers: [(name: String, value: String)] = request.headers.map { ($0.name.canonicalName, $0.value) }
                if let authority = request.head.authority, !headers.contains(where: { $0.name == "host" }) { headers.append(("host", authority)) }
                if let error = verifier.verify(method: "POST", uri: uri, headers: headers, body: body) { throw error }
            }
            let out = try await api.handle(path: request.uri.path, body: body)
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            headers[HTTPField.Name("x-amzn-RequestId")!] = requestId
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: out)))
        } catch {
            if !(error is DataAPIError) {
                api.logger.error("internal error", metadata: ["path": "\(request.uri.path)", "error": "\(String(reflecting: error))", "request": "\(requestId)"])
            }
            return Self.errorResponse(error, requestId: requestId)
        }
    }

    static func errorResponse(_ error: Error, requestId: String) -> Response {
        let e = error as? DataAPIError ?? DataAPIError.service(.internalServerError, "")
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[HTTPField.Name("x-amzn-RequestId")!] = requestId
        headers[HTTPField.Name("x-amzn-ErrorType")!] = "\(e.code.rawValue):http://internal.amazon.com/coral/com.amazon.rdsdataservice/"
        var object: [String: Any] = ["code": e.code.rawValue]
        if !e.message.isEmpty { object["message"] = e.message }
        if let id = e.dbConnectionId { object["dbConnectionId"] = id }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return Response(status: .init(code: e.httpStatus), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
