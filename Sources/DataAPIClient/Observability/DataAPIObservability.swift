import CoreMetrics
import Tracing

/// Where a ``DataAPIClient`` (and every `Database` that uses it) sends metrics and spans.
///
/// ```swift
/// let client = DataAPIClient(configuration: .init(
///     observability: .init(metricsFactory: prometheus, tracer: otelTracer)))
/// ```
///
/// Either one left nil is taken from the global system when the client is created:
/// `MetricsSystem.factory` (`MetricsSystem.bootstrap`) and `InstrumentationSystem.tracer`
/// (`InstrumentationSystem.bootstrap`). With no backend bootstrapped those are the no-op ones,
/// and the client then skips all metric and span work: no handle is touched, no span is
/// started, no clock is read for them.
///
/// Metric names and span attributes are listed in `Docs/Observability.md`. Dimensions and
/// attributes carry only low-cardinality values (operation, outcome, error code, engine) and
/// SQL text with its `:name` placeholders; never parameter values, ARNs or transaction ids.
public struct DataAPIObservability: Sendable {
    /// The metrics backend; nil takes `MetricsSystem.factory` when the client is created.
    public var metricsFactory: (any MetricsFactory)?
    /// The tracer; nil takes `InstrumentationSystem.tracer` when the client is created.
    public var tracer: (any Tracer)?

    /// Metrics to `metricsFactory` and spans to `tracer`, each the global one when nil.
    public init(metricsFactory: (any MetricsFactory)? = nil, tracer: (any Tracer)? = nil) {
        self.metricsFactory = metricsFactory
        self.tracer = tracer
    }

    /// No metrics and no spans, whatever is bootstrapped globally.
    public static var disabled: DataAPIObservability {
        DataAPIObservability(metricsFactory: NOOPMetricsHandler.instance, tracer: NoOpTracer())
    }
}

/// A client's observability, resolved once when it is created: nil members mean off.
package final class ClientObservation: Sendable {
    /// The metrics backend, or nil for the no-op one.
    package let factory: (any MetricsFactory)?
    /// The tracer, or nil for `NoOpTracer`.
    package let tracer: (any Tracer)?
    /// The client's cached metric handles, when metrics are on.
    let metrics: ClientMetrics?

    init(_ settings: DataAPIObservability) {
        let factory = settings.metricsFactory ?? MetricsSystem.factory
        let tracer = settings.tracer ?? InstrumentationSystem.tracer
        self.factory = factory is NOOPMetricsHandler ? nil : factory
        self.tracer = tracer is NoOpTracer ? nil : tracer
        metrics = self.factory.map(ClientMetrics.init)
        isActive = self.factory != nil || self.tracer != nil
    }

    /// Whether anything is recorded at all: the one check a call makes when nothing is.
    let isActive: Bool

    /// The low-cardinality name of a failure, for the `error_code` dimension and `error.type`:
    /// the AWS exception name (`DatabaseErrorException`), the transport's failure kind
    /// (`TransportError.timedOut`), the client's (`DataAPIClientError.invalidResponse`),
    /// `CredentialError.noneFound`, `cancelled`, or the error's type name.
    package static func errorType(_ error: any Error) -> String {
        switch error {
        case let e as DataAPIError: return serviceErrorType(e)
        case let e as TransportError: return "TransportError." + e.code.description
        case let e as DataAPIClientError: return "DataAPIClientError." + e.code.description
        case let e as CredentialError: return "CredentialError." + e.code.description
        case is CancellationError: return "cancelled"
        default: return String(describing: type(of: error))
        }
    }

    /// The exception names an error dimension may carry: the model's, throttling and
    /// validation. A name the endpoint made up (a proxy's, a custom endpoint's) becomes
    /// `OtherServiceError.<status class>` (`OtherServiceError.5xx`), so that no server-chosen
    /// string opens new time series.
    static let knownServiceCodes: Set<String> = Set(DataAPIError.Code.modeled.map(\.code.rawValue))
        .union([DataAPIError.Code.throttling.rawValue, DataAPIError.Code.validation.rawValue])

    /// A service error's name for the `error_code` dimension (see ``knownServiceCodes``).
    package static func serviceErrorType(_ error: DataAPIError) -> String {
        if knownServiceCodes.contains(error.code.rawValue) { return error.code.rawValue }
        if error.code.isThrottling { return DataAPIError.Code.throttling.rawValue }
        return "OtherServiceError.\(error.httpStatus / 100)xx"
    }
}
