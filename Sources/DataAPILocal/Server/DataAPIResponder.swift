import DataAPIClient
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Turns HTTP requests into operations and errors into AWS's error responses.
///
/// Requests reach it past the front door (``FrontDoorHandler``), which already refused what
/// their headers give away. It reads the body within the size limit and the shared budget of
/// buffered request bytes, checks the signature over it, and has the operation run (which first
/// checks that the credential scope's region is the resource's).
struct DataAPIResponder: HTTPResponder {
    typealias Context = BasicRequestContext
    let api: LocalDataAPI
    let configuration: DataAPILocalConfiguration
    let verifier: SigV4Verifier?
    let gate: FrontDoorGate
    /// The request metrics, when ``DataAPILocalConfiguration/exposesMetrics`` is on.
    let metrics: LocalServerMetrics?

    init(api: LocalDataAPI, configuration: DataAPILocalConfiguration, gate: FrontDoorGate,
         metrics: LocalServerMetrics? = nil) {
        self.api = api
        self.configuration = configuration
        self.verifier = SigV4Verifier(configuration.authentication)
        self.gate = gate
        self.metrics = metrics
    }

    /// Requests with a body larger than this are served from the cooperative pool rather than
    /// the connection's event loop (``EventLoopExecutor``): decoding a large batch keeps a
    /// thread busy long enough that two of them on one loop would wait for each other while
    /// the pool has a thread free.
    static let eventLoopBodyLimit = 64 * 1024

    func respond(to request: Request, context: BasicRequestContext) async throws -> Response {
        if let declared = Self.declaredLength(request), declared > Self.eventLoopBodyLimit {
            return await withTaskExecutorPreference(globalConcurrentExecutor) { await respondHere(to: request) }
        }
        return await respondHere(to: request)
    }

    /// The body's `Content-Length`, when the request declares one.
    private static func declaredLength(_ request: Request) -> Int? {
        request.headers[.contentLength].flatMap { Int($0) }
    }

    private func respondHere(to request: Request) async -> Response {
        guard let metrics else { return await answer(request).response }
        if request.method == .get && request.uri.path == LocalServerMetrics.path {
            return await Self.metricsResponse(metrics, openTransactions: api.openTransactionCount)
        }
        let started = ContinuousClock.now
        let (response, error) = await answer(request)
        metrics.record(path: request.uri.path, duration: .now - started, error: error)
        return response
    }

    /// The response to a Data API request, and the error it answers when it is one.
    private func answer(_ request: Request) async -> (response: Response, error: (any Error)?) {
        let requestId = UUID().uuidString.lowercased()
        var bodyRead = false
        do {
            guard request.method == .post else {
                throw DataAPIError(code: "UnknownOperationException", message: "Only POST is supported.",
                                   httpStatus: 404)
            }
            let (body, reserved) = try await readBody(request)
            defer { gate.release(reserved) }
            bodyRead = true
            let uri = request.uri.string
            var signedRegion: String?
            if let verifier {
                var headers: [(name: String, value: String)] = request.headers.map { ($0.name.canonicalName, $0.value) }
                if let authority = request.head.authority { headers.append(("host", authority)) }
                signedRegion = try verifier.verify(method: "POST", uri: uri, headers: headers, body: body).region
            }
            let out = try await api.handle(path: request.uri.path, body: body, signedRegion: signedRegion)
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            headers[HTTPField.Name("x-amzn-RequestId")!] = requestId
            return (Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: out))), nil)
        } catch {
            if !(error is DataAPIError) {
                api.logger.error("internal error", metadata: [
                    "path": "\(request.uri.path)", "error": "\(String(reflecting: error))", "request": "\(requestId)",
                ])
            }
            // A body left unread is not drained: the connection closes after the answer.
            return (Self.errorResponse(error, requestId: requestId, closing: !bodyRead), error)
        }
    }

    /// `GET /metrics`: Prometheus's text exposition format.
    static func metricsResponse(_ metrics: LocalServerMetrics, openTransactions: Int) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
        let text = metrics.render(openTransactions: openTransactions)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: text)))
    }

    /// The body, read within ``DataAPILocalConfiguration/Limits/maxRequestBytes`` and reserved
    /// from the gate's buffered-bytes budget (its whole `Content-Length` before the first byte
    /// is read; a body without one as it arrives). The caller releases `reserved` when done.
    private func readBody(_ request: Request) async throws -> (bytes: [UInt8], reserved: Int) {
        let limit = configuration.limits.maxRequestBytes
        var reserved = 0
        func reserve(upTo total: Int) throws {
            guard total <= limit else { throw DataAPIError.service(.badRequest, FrontDoorPolicy.tooLarge(limit)) }
            guard total > reserved else { return }
            guard gate.reserve(total - reserved) else {
                throw DataAPIError.throttled("The server already holds its limit of \(gate.maxBufferedBytes) bytes "
                                             + "of request bodies (maxBufferedRequestBytes); retry later.")
            }
            reserved = total
        }
        do {
            var bytes: [UInt8] = []
            if let declared = Self.declaredLength(request) {
                try reserve(upTo: declared)
                bytes.reserveCapacity(declared)
            }
            for try await chunk in request.body {
                try reserve(upTo: bytes.count + chunk.readableBytes)
                bytes.append(contentsOf: chunk.readableBytesView)
            }
            return (bytes, reserved)
        } catch let error as DataAPIError {
            gate.release(reserved)
            throw error
        } catch {
            // The client went away mid-body, or sent a malformed one; not the server's fault.
            gate.release(reserved)
            throw DataAPIError.service(.badRequest, "The request body could not be read: \(error).")
        }
    }

    /// `error` as AWS's error response; with `closing`, one that ends the connection.
    static func errorResponse(_ error: any Error, requestId: String, closing: Bool = false) -> Response {
        let parts = AWSErrorResponse(error, requestId: requestId, closing: closing)
        var headers = HTTPFields()
        for (name, value) in parts.headers { headers.append(HTTPField(name: HTTPField.Name(name)!, value: value)) }
        return Response(status: .init(code: parts.status), headers: headers,
                        body: .init(byteBuffer: ByteBuffer(bytes: parts.body)))
    }
}
