import DataAPIClient
import Tracing

/// A ``Database``'s metrics and tracer, taken from its client's
/// ``DataAPIClientConfiguration/observability``; nil in ``DatabaseCore`` when both are off.
final class ExecutorObservation: Sendable {
    /// `db.system.name`: `postgresql` or `mysql`.
    let system: String
    /// `db.namespace`: the configured database, when one is.
    let namespace: String?
    let tracer: (any Tracer)?
    let metrics: ExecutorMetrics?

    init?(client: DataAPIClient, configuration: DatabaseConfiguration) {
        let observation = client.observation
        guard observation.factory != nil || observation.tracer != nil else { return nil }
        system = configuration.engine.rawValue
        namespace = configuration.database
        tracer = observation.tracer
        metrics = observation.factory.map { ExecutorMetrics(factory: $0, engine: configuration.engine.rawValue) }
    }

    /// A span named as OpenTelemetry's database conventions ask (`{db.operation.name} {db.namespace}`),
    /// child of the caller's current span, with the attributes every executor span carries.
    func startSpan(operation: String, sql: String?) -> (any Span)? {
        guard let tracer else { return nil }
        let name = namespace.map { operation + " " + $0 } ?? operation
        let span = tracer.startSpan(name, context: ServiceContext.current ?? .topLevel, ofKind: .internal)
        span.updateAttributes { a in
            a["db.system.name"] = system
            if let namespace { a["db.namespace"] = namespace }
            a["db.operation.name"] = operation
            if let sql { a["db.query.text"] = sql }
        }
        return span
    }

    /// Marks `span` failed with `error`'s low-cardinality type, never its message (a database
    /// message may quote the data).
    static func fail(_ span: any Span, type: String, error: any Error) {
        span.updateAttributes { a in
            a["error.type"] = type
            if let state = (error as? QueryError)?.sqlState { a["db.response.status_code"] = state }
        }
        span.setStatus(SpanStatus(code: .error, message: type))
    }

    /// The `error_code` of a failure: the service's exception name, the client's or
    /// transport's error kind, else `QueryError.<code>`, `RowDecodingError`, `cancelled`.
    static func errorType(_ error: any Error) -> String {
        guard let q = error as? QueryError else {
            if error is RowDecodingError { return "RowDecodingError" }
            return ClientObservation.errorType(error)
        }
        if let service = q.dataAPIError { return ClientObservation.serviceErrorType(service) }
        switch q.underlying {
        case let u as TransportError: return ClientObservation.errorType(u)
        case let u as DataAPIClientError: return ClientObservation.errorType(u)
        case let u as CredentialError: return ClientObservation.errorType(u)
        case is CancellationError: return "cancelled"
        default: return "QueryError.\(q.code)"
        }
    }
}
