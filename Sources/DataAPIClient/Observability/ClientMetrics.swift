import CoreMetrics
import Synchronization

/// The client's metric handles, made once per client: one set per operation, and the
/// failure and retry counters by error code, made the first time each code is seen.
final class ClientMetrics: Sendable {
    /// The handles of one operation.
    struct Operation: Sendable {
        let calls: Counter
        let requestBytes: Counter
        let responseBytes: Counter
        let succeeded: CoreMetrics.Timer
        let failed: CoreMetrics.Timer

        init(_ name: String, factory: any MetricsFactory) {
            let dims = [("operation", name)]
            calls = Counter(label: Label.calls, dimensions: dims, factory: factory)
            requestBytes = Counter(label: Label.requestBytes, dimensions: dims, factory: factory)
            responseBytes = Counter(label: Label.responseBytes, dimensions: dims, factory: factory)
            succeeded = CoreMetrics.Timer(label: Label.duration, dimensions: dims + [("outcome", "success")],
                                          factory: factory)
            failed = CoreMetrics.Timer(label: Label.duration, dimensions: dims + [("outcome", "failure")],
                                       factory: factory)
        }
    }

    /// The metric names (Prometheus style: `snake_case`, `_total` for counters, base units).
    enum Label {
        static let calls = "data_api_client_calls_total"
        static let failures = "data_api_client_failures_total"
        static let retries = "data_api_client_retries_total"
        static let requestBytes = "data_api_client_request_bytes_total"
        static let responseBytes = "data_api_client_response_bytes_total"
        static let duration = "data_api_client_call_duration_seconds"
    }

    /// The operations of the `rds-data` API, whose handles are made up front.
    static let operations = [
        "ExecuteStatement", "BatchExecuteStatement", "BeginTransaction", "CommitTransaction",
        "RollbackTransaction", "ExecuteSql",
    ]

    private let factory: any MetricsFactory
    private let known: [String: Operation]
    /// Handles of operations outside ``operations`` (a custom `DataAPIOperation`).
    private let others = Mutex<[String: Operation]>([:])
    /// Failure and retry counters by `operation` and error code, made on first use.
    private let byCode = Mutex<[CodeKey: Counter]>([:])

    private struct CodeKey: Hashable {
        var label: String
        var operation: String
        var code: String
    }

    init(factory: any MetricsFactory) {
        self.factory = factory
        var known: [String: Operation] = [:]
        for name in Self.operations { known[name] = Operation(name, factory: factory) }
        self.known = known
    }

    func operation(_ name: String) -> Operation {
        if let hit = known[name] { return hit }
        return others.value(for: name) { Operation(name, factory: factory) }
    }

    func failure(operation: String, code: String) {
        counter(Label.failures, operation: operation, dimension: "error_code", code: code).increment()
    }

    func retry(operation: String, reason: String) {
        counter(Label.retries, operation: operation, dimension: "reason", code: reason).increment()
    }

    private func counter(_ label: String, operation: String, dimension: String, code: String) -> Counter {
        let key = CodeKey(label: label, operation: operation, code: code)
        return byCode.value(for: key) {
            Counter(label: label, dimensions: [("operation", operation), (dimension, code)], factory: factory)
        }
    }
}
