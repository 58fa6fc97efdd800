import CoreMetrics
import DataAPIClient
import Synchronization

/// The executor's metric handles, made once per ``Database`` (every dimension carries the
/// engine): statements by kind, their durations, rows, batch-insert calls, stream pages and
/// transactions by outcome; failures by kind and error code, made the first time each is seen.
final class ExecutorMetrics: Sendable {
    /// The metric names (Prometheus style, as the client's).
    enum Label {
        static let statements = "data_api_statements_total"
        static let statementFailures = "data_api_statement_failures_total"
        static let statementDuration = "data_api_statement_duration_seconds"
        static let rowsReturned = "data_api_rows_returned_total"
        static let rowsWritten = "data_api_rows_written_total"
        static let batchCalls = "data_api_batch_calls_total"
        static let streamPages = "data_api_stream_pages_total"
        static let transactions = "data_api_transactions_total"
    }

    /// A transaction's end.
    enum Outcome: Int, CaseIterable {
        /// `notStarted`: BEGIN itself failed, so there was no transaction to roll back.
        case commit, rollback, unknown, notStarted
        var name: String {
            switch self {
            case .commit: "commit"
            case .rollback: "rollback"
            case .unknown: "unknown"
            case .notStarted: "not_started"
            }
        }
    }

    private let factory: any MetricsFactory
    private let engine: String
    /// Indexed by `StatementKind.Kind.rawValue`.
    private let statements: [Counter]
    private let durations: [CoreMetrics.Timer]
    let rowsReturned: Counter
    let rowsWritten: Counter
    let batchCalls: Counter
    let streamPages: Counter
    /// Indexed by `Outcome.rawValue`.
    private let transactions: [Counter]
    private let failures = Mutex<[FailureKey: Counter]>([:])

    private struct FailureKey: Hashable {
        var kind: StatementKind.Kind
        var code: String
    }

    init(factory: any MetricsFactory, engine: String) {
        self.factory = factory
        self.engine = engine
        let e = ("engine", engine)
        statements = StatementKind.Kind.allCases.map {
            Counter(label: Label.statements, dimensions: [("kind", $0.name), e], factory: factory)
        }
        durations = StatementKind.Kind.allCases.map {
            CoreMetrics.Timer(label: Label.statementDuration, dimensions: [("kind", $0.name), e], factory: factory)
        }
        rowsReturned = Counter(label: Label.rowsReturned, dimensions: [e], factory: factory)
        rowsWritten = Counter(label: Label.rowsWritten, dimensions: [e], factory: factory)
        batchCalls = Counter(label: Label.batchCalls, dimensions: [e], factory: factory)
        streamPages = Counter(label: Label.streamPages, dimensions: [e], factory: factory)
        transactions = Outcome.allCases.map {
            Counter(label: Label.transactions, dimensions: [("outcome", $0.name), e], factory: factory)
        }
    }

    /// A statement finished (successfully or not) after `nanoseconds`.
    func statement(_ kind: StatementKind.Kind, nanoseconds: Int64) {
        statements[kind.rawValue].increment()
        durations[kind.rawValue].recordNanoseconds(nanoseconds)
    }

    func rows(returned: Int, written: Int) {
        if returned > 0 { rowsReturned.increment(by: returned) }
        if written > 0 { rowsWritten.increment(by: written) }
    }

    func failure(_ kind: StatementKind.Kind, code: String) {
        let key = FailureKey(kind: kind, code: code)
        failures.value(for: key) {
            Counter(label: Label.statementFailures,
                    dimensions: [("kind", kind.name), ("engine", engine), ("error_code", code)],
                    factory: factory)
        }.increment()
    }

    func transaction(_ outcome: Outcome) { transactions[outcome.rawValue].increment() }
}
