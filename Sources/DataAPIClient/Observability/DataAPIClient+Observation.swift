import CoreMetrics
import Tracing

extension DataAPIClient {
    /// One call with its metrics and its span: the retry loop runs inside, and reports each
    /// attempt's bytes, answer and retry to `probe`. The span's parent is the caller's
    /// `ServiceContext.current`, read here on the calling task before the request goes to the
    /// transport's thread; the span ends here too, after the answer came back to this task.
    func observed<Op: DataAPIOperation & Encodable>(
        _ operation: Op, retryPolicy: RetryPolicy, observation: ClientObservation
    ) async throws -> Op.Response {
        let name = Op.operationName
        let handles = observation.metrics?.operation(name)
        var span: (any Span)?
        if let tracer = observation.tracer {
            let started = tracer.startSpan("RDSData.\(name)", context: ServiceContext.current ?? .topLevel,
                                           ofKind: .client)
            started.updateAttributes { a in
                a["rpc.system"] = "aws-api"
                a["rpc.service"] = "RDSData"
                a["rpc.method"] = name
                if let database = Self.database(of: operation) { a["db.namespace"] = database }
                if let sql = operation.loggedSQL { a["db.query.text"] = sql }
            }
            span = started
        }
        let probe = CallProbe(operation: name, metrics: observation.metrics, span: span)
        let started = ContinuousClock.now
        do {
            let response: Op.Response
            if let span {
                response = try await ServiceContext.$current.withValue(span.context) {
                    try await self.attempts(operation, retryPolicy: retryPolicy, probe: probe)
                }
            } else {
                response = try await attempts(operation, retryPolicy: retryPolicy, probe: probe)
            }
            if let handles {
                probe.record(handles)
                handles.succeeded.recordNanoseconds((ContinuousClock.now - started).nanoseconds)
            }
            if let span {
                probe.annotate(span)
                if let rows = (response as? ExecuteStatementResponse)?.records?.count {
                    span.attributes["db.response.returned_rows"] = rows
                }
                span.end()
            }
            return response
        } catch {
            let code = ClientObservation.errorType(error)
            if let handles {
                probe.record(handles)
                handles.failed.recordNanoseconds((ContinuousClock.now - started).nanoseconds)
                observation.metrics?.failure(operation: name, code: code)
            }
            if let span {
                probe.annotate(span)
                span.updateAttributes { a in
                    a["error.type"] = code
                    if let e = error as? DataAPIError {
                        a["http.response.status_code"] = e.httpStatus
                        if let id = e.requestId { a["aws.request_id"] = id }
                        if let state = e.sqlState { a["db.response.status_code"] = state }
                    }
                }
                // The status message is the error's type only: a database message may quote data.
                span.setStatus(SpanStatus(code: .error, message: code))
                span.end()
            }
            throw error
        }
    }

    /// The `database` parameter of the operations that have one.
    static func database(of operation: some DataAPIOperation) -> String? {
        switch operation {
        case let r as ExecuteStatementRequest: r.database
        case let r as BatchExecuteStatementRequest: r.database
        case let r as EncodedBatchExecuteStatementRequest: r.request.database
        case let r as BeginTransactionRequest: r.database
        case let r as ExecuteSqlRequest: r.database
        default: nil
        }
    }
}

/// What one observed call saw over its attempts, filled in by the retry loop on the calling
/// task (never on the transport's thread).
final class CallProbe {
    let operation: String
    let metrics: ClientMetrics?
    let span: (any Span)?
    private(set) var attempts = 0
    private var requestBytes = 0
    private var responseBytes = 0
    private var status: Int?
    private var requestId: String?

    init(operation: String, metrics: ClientMetrics?, span: (any Span)?) {
        self.operation = operation
        self.metrics = metrics
        self.span = span
    }

    /// An attempt is about to send `bytes` of body.
    func sending(_ bytes: Int) {
        attempts += 1
        requestBytes += bytes
    }

    /// An attempt's answer arrived (any status).
    func received(_ response: HTTPResponse) {
        responseBytes += response.body.count
        status = response.status
        if span != nil { requestId = response.header("x-amzn-RequestId") ?? response.header("x-amz-request-id") }
    }

    /// The loop is about to retry after `error`.
    func retrying(after error: any Error, delay: Duration) {
        let reason = ClientObservation.errorType(error)
        metrics?.retry(operation: operation, reason: reason)
        span?.addEvent(SpanEvent(name: "retry", attributes: [
            "error.type": .string(reason), "http.request.resend_count": .int64(Int64(attempts)),
            "data_api.retry.delay_ms": .int64(Int64(delay.milliseconds)),
        ]))
    }

    func record(_ handles: ClientMetrics.Operation) {
        handles.calls.increment()
        if requestBytes > 0 { handles.requestBytes.increment(by: requestBytes) }
        if responseBytes > 0 { handles.responseBytes.increment(by: responseBytes) }
    }

    func annotate(_ span: any Span) {
        let attempts = attempts, status = status, requestId = requestId
        span.updateAttributes { a in
            if let status { a["http.response.status_code"] = status }
            if let requestId { a["aws.request_id"] = requestId }
            if attempts > 1 { a["http.request.resend_count"] = attempts - 1 }
        }
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (s, atto) = components
        return s * 1_000_000_000 + atto / 1_000_000_000
    }
}
