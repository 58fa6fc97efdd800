import CoreMetrics
import DataAPIClient
import Prometheus

/// The local server's own request metrics (``DataAPILocalConfiguration/exposesMetrics``), kept
/// in a Prometheus registry of this server's own (no global `MetricsSystem` bootstrap, so
/// that servers in one process count apart) and served as Prometheus text at `GET /metrics`.
///
/// Every dimension has few values: the operation (from the request's path, `unknown` for any
/// other) and the AWS exception code. No SQL, ARN, transaction id or host is ever a label.
final class LocalServerMetrics: Sendable {
    /// The path `GET` serves the metrics at.
    static let path = "/metrics"

    private let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    private let openTransactions: CoreMetrics.Gauge

    init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
            .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500),
            .seconds(5), .seconds(10), .seconds(30), .seconds(60),
        ]
        self.factory = factory
        openTransactions = CoreMetrics.Gauge(label: "data_api_local_open_transactions", factory: factory)
    }

    /// The operation a Data API path names, or `unknown`.
    static func operation(forPath path: String) -> String {
        switch path {
        case "/Execute": "ExecuteStatement"
        case "/BatchExecute": "BatchExecuteStatement"
        case "/BeginTransaction": "BeginTransaction"
        case "/CommitTransaction": "CommitTransaction"
        case "/RollbackTransaction": "RollbackTransaction"
        case "/ExecuteSql": "ExecuteSql"
        default: "unknown"
        }
    }

    /// Counts one answered request to `path` that took `duration`; `error` is what it was
    /// answered with when it failed (anything but a `DataAPIError` counts as
    /// `InternalServerErrorException`, as it is answered).
    func record(path: String, duration: Duration, error: (any Error)?) {
        let operation = [("operation", Self.operation(forPath: path))]
        CoreMetrics.Counter(label: "data_api_local_requests_total", dimensions: operation, factory: factory).increment()
        CoreMetrics.Timer(label: "data_api_local_request_duration_seconds", dimensions: operation, factory: factory)
            .recordNanoseconds(duration.wholeNanoseconds)
        if let error {
            let code = (error as? DataAPIError)?.code.rawValue ?? DataAPIError.Code.internalServerError.rawValue
            CoreMetrics.Counter(label: "data_api_local_errors_total", dimensions: operation + [("code", code)],
                                factory: factory).increment()
        }
    }

    /// Every metric in Prometheus's text format, the open-transaction gauge set to `openTransactions` first.
    func render(openTransactions count: Int) -> [UInt8] {
        openTransactions.record(count)
        var out: [UInt8] = []
        registry.emit(into: &out)
        return out
    }
}

extension Duration {
    /// Whole nanoseconds, saturating at `Int64.max`.
    var wholeNanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        return product + attoseconds / 1_000_000_000
    }
}
