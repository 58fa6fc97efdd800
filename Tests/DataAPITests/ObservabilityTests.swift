import DataAPI
import DataAPIClient
import DataAPILocal
import DataAPILocalTestSupport
import DataAPISQL
import Foundation
import InMemoryTracing
import MetricsTestKit
import Testing
import Tracing

/// A row whose name is a value no span attribute or metric dimension may carry.
struct ObservedItem: Table, Equatable {
    var id: Int64
    var name: String
    static let tableName = "exec_observed_items"
    static let id = Column<ObservedItem, Int64>(CodingKeys.id).primaryKey()
    static let name = Column<ObservedItem, String>(CodingKeys.name, type: .varchar(100)).unique()
    static let columns = [id.schema, name.schema]
}

/// Metrics (swift-metrics' `TestMetrics`) and spans (`InMemoryTracer`) of a `Database` on the
/// local server, injected through the client's configuration (no global bootstrap, so the
/// suites running beside this one record nothing here).
@Suite(.serialized) struct ObservabilityTests {
    /// Appears only as a bound parameter value.
    static let secret = "s3cret-value-9f2c"

    struct Observed {
        let db: Database
        let metrics: TestMetrics
        let tracer: InMemoryTracer
        let namespace: String
    }

    /// A fresh table through an unobserved handle, then an observed handle on the same server.
    static func observed(_ engine: DatabaseEngine, rows: [ObservedItem] = []) async throws -> Observed {
        let plain = try await ExecutorFixture.shared.database(engine)
        try await plain.drop(ObservedItem.self, ifExists: true)
        try await plain.create(ObservedItem.self)
        if !rows.isEmpty { try await plain.insert(contentsOf: rows) }
        let namespace = engine == .mySQL ? try await SharedDatabases.shared.mariaDB().database : "postgres"
        let metrics = TestMetrics()
        let tracer = InMemoryTracer()
        let endpoint = try await ExecutorFixture.shared.standardServer(engine).endpoint
        let client = DataAPIClient(
            configuration: .init(region: "us-east-1", endpoint: endpoint, retryPolicy: .none, environment: [:],
                                 observability: .init(metricsFactory: metrics, tracer: tracer)),
            credentialProvider: StaticCredentialProvider(
                accessKeyId: DataAPILocalConfiguration.defaultAccessKeyId,
                secretAccessKey: DataAPILocalConfiguration.defaultSecretAccessKey))
        let configuration = DatabaseConfiguration(
            resourceArn: DataAPILocalConfiguration.defaultClusterArn,
            secretArn: DataAPILocalConfiguration.defaultSecretArn,
            database: namespace, engine: engine)
        return Observed(db: Database(configuration: configuration, client: client), metrics: metrics, tracer: tracer,
                        namespace: namespace)
    }

    // MARK: Span helpers

    static func string(_ span: FinishedInMemorySpan, _ key: String) -> String? {
        if case .string(let s)? = span.attributes.get(key) { return s }
        return nil
    }

    static func int(_ span: FinishedInMemorySpan, _ key: String) -> Int64? {
        if case .int64(let n)? = span.attributes.get(key) { return n }
        if case .int32(let n)? = span.attributes.get(key) { return Int64(n) }
        return nil
    }

    static func spans(_ tracer: InMemoryTracer, named name: String) -> [FinishedInMemorySpan] {
        tracer.finishedSpans.filter { $0.operationName == name }
    }

    static func one(_ tracer: InMemoryTracer, named name: String,
                    sourceLocation: SourceLocation = #_sourceLocation) throws -> FinishedInMemorySpan {
        let found = spans(tracer, named: name)
        #expect(found.count == 1, "spans named \(name): \(tracer.finishedSpans.map(\.operationName))",
                sourceLocation: sourceLocation)
        return try #require(found.first, sourceLocation: sourceLocation)
    }

    static func child(of parent: FinishedInMemorySpan, named name: String, in tracer: InMemoryTracer,
                      sourceLocation: SourceLocation = #_sourceLocation) throws -> FinishedInMemorySpan {
        let found = tracer.finishedSpans.filter { $0.operationName == name && $0.parentSpanID == parent.spanID }
        let all = tracer.finishedSpans.map { ($0.operationName, $0.parentSpanID ?? "-", $0.spanID) }
        #expect(found.count == 1, "children \(name) of \(parent.operationName): \(all)", sourceLocation: sourceLocation)
        let span = try #require(found.first, sourceLocation: sourceLocation)
        #expect(span.traceID == parent.traceID, sourceLocation: sourceLocation)
        return span
    }

    /// The attributes every executor span carries.
    static func expectDatabaseSpan(_ span: FinishedInMemorySpan, _ o: Observed, engine: DatabaseEngine,
                                   operation: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(span.kind == .internal, sourceLocation: sourceLocation)
        #expect(string(span, "db.system.name") == engine.rawValue, sourceLocation: sourceLocation)
        #expect(string(span, "db.namespace") == o.namespace, sourceLocation: sourceLocation)
        #expect(string(span, "db.operation.name") == operation, sourceLocation: sourceLocation)
    }

    /// The attributes every Data API call's span carries.
    static func expectCallSpan(_ span: FinishedInMemorySpan, operation: String, status: Int64 = 200,
                               sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(span.kind == .client, sourceLocation: sourceLocation)
        #expect(string(span, "rpc.system") == "aws-api", sourceLocation: sourceLocation)
        #expect(string(span, "rpc.method") == operation, sourceLocation: sourceLocation)
        #expect(int(span, "http.response.status_code") == status, sourceLocation: sourceLocation)
        #expect(!(string(span, "aws.request_id") ?? "").isEmpty, sourceLocation: sourceLocation)
    }

    /// No attribute, status message, event or metric dimension anywhere contains `value`,
    /// and no attribute names an ARN.
    static func expectNowhere(_ value: String, _ o: Observed, sourceLocation: SourceLocation = #_sourceLocation) {
        for span in o.tracer.finishedSpans {
            var texts = [span.operationName, span.status?.message ?? ""]
            span.attributes.forEach { key, attribute in texts.append("\(key)=\(attribute)") }
            for event in span.events { event.attributes.forEach { texts.append("\($0)=\($1)") } }
            for text in texts {
                #expect(!text.contains(value), "\(span.operationName): \(text)", sourceLocation: sourceLocation)
                #expect(!text.contains("arn:aws"), "\(span.operationName): \(text)", sourceLocation: sourceLocation)
            }
        }
        let dimensions = o.metrics.counters.flatMap(\.dimensions) + o.metrics.timers.flatMap(\.dimensions)
            + o.metrics.recorders.flatMap(\.dimensions)
        #expect(!dimensions.isEmpty, sourceLocation: sourceLocation)
        for (key, dimension) in dimensions {
            #expect(!dimension.contains(value) && !dimension.contains("arn:aws"), "\(key)=\(dimension)",
                    sourceLocation: sourceLocation)
        }
    }

    static func counter(_ o: Observed, _ label: String, _ dimensions: [(String, String)]) -> Int64 {
        o.metrics.counterTotal(label: label, dimensions: dimensions)
    }

    // MARK: Tests

    @Test(arguments: DatabaseEngine.allCases)
    func selectNestsUnderTheCallersSpan(_ engine: DatabaseEngine) async throws {
        let o = try await Self.observed(engine, rows: [ObservedItem(id: 1, name: Self.secret),
                                                      ObservedItem(id: 2, name: "other")])
        let rows = try await o.tracer.withSpan("request") { _ in
            try await o.db.fetchAll(ObservedItem.select().where(ObservedItem.name.eq(Self.secret)))
        }
        #expect(rows == [ObservedItem(id: 1, name: Self.secret)])

        let root = try Self.one(o.tracer, named: "request")
        let statement = try Self.child(of: root, named: "SELECT \(o.namespace)", in: o.tracer)
        Self.expectDatabaseSpan(statement, o, engine: engine, operation: "SELECT")
        let text = try #require(Self.string(statement, "db.query.text"))
        #expect(text.contains(":p1") && text.hasPrefix("SELECT"), "\(text)")
        #expect(Self.int(statement, "db.response.returned_rows") == 1)
        #expect(statement.status?.code != .error)

        let call = try Self.child(of: statement, named: "RDSData.ExecuteStatement", in: o.tracer)
        Self.expectCallSpan(call, operation: "ExecuteStatement")
        #expect(Self.string(call, "db.query.text") == text)
        #expect(Self.string(call, "db.namespace") == o.namespace)
        #expect(Self.int(call, "db.response.returned_rows") == 1)
        #expect(o.tracer.finishedSpans.count == 3)

        let op = [("operation", "ExecuteStatement")]
        #expect(Self.counter(o, "data_api_client_calls_total", op) == 1)
        #expect(Self.counter(o, "data_api_client_request_bytes_total", op) > 100)
        #expect(Self.counter(o, "data_api_client_response_bytes_total", op) > 10)
        #expect(o.metrics.counters(label: "data_api_client_failures_total").isEmpty)
        let latency = try o.metrics.expectTimer("data_api_client_call_duration_seconds", op + [("outcome", "success")])
        #expect(latency.values.count == 1 && latency.values[0] > 0)
        let e = ("engine", engine.rawValue)
        #expect(Self.counter(o, "data_api_statements_total", [("kind", "select"), e]) == 1)
        #expect(Self.counter(o, "data_api_rows_returned_total", [e]) == 1)
        #expect(Self.counter(o, "data_api_rows_written_total", [e]) == 0)
        Self.expectNowhere(Self.secret, o)
    }

    @Test func transactionCommitIsTheParentOfItsCalls() async throws {
        let o = try await Self.observed(.postgreSQL)
        try await o.db.transaction { tx in
            try await tx.execute(ObservedItem.insert(ObservedItem(id: 7, name: Self.secret)))
            #expect(try await tx.fetchAll(ObservedItem.select()).count == 1)
        }
        let tx = try Self.one(o.tracer, named: "TRANSACTION \(o.namespace)")
        Self.expectDatabaseSpan(tx, o, engine: .postgreSQL, operation: "TRANSACTION")
        #expect(tx.parentSpanID == nil)
        #expect(Self.string(tx, "data_api.transaction.outcome") == "commit")
        Self.expectCallSpan(try Self.child(of: tx, named: "RDSData.BeginTransaction", in: o.tracer),
                            operation: "BeginTransaction")
        let insert = try Self.child(of: tx, named: "INSERT \(o.namespace)", in: o.tracer)
        let insertCall = try Self.child(of: insert, named: "RDSData.ExecuteStatement", in: o.tracer)
        Self.expectCallSpan(insertCall, operation: "ExecuteStatement")
        let select = try Self.child(of: tx, named: "SELECT \(o.namespace)", in: o.tracer)
        #expect(Self.int(select, "db.response.returned_rows") == 1)
        Self.expectCallSpan(try Self.child(of: tx, named: "RDSData.CommitTransaction", in: o.tracer),
                            operation: "CommitTransaction")
        #expect(Self.spans(o.tracer, named: "RDSData.RollbackTransaction").isEmpty)
        #expect(o.tracer.finishedSpans.count == 7)

        let e = ("engine", "postgresql")
        #expect(Self.counter(o, "data_api_transactions_total", [("outcome", "commit"), e]) == 1)
        #expect(Self.counter(o, "data_api_transactions_total", [("outcome", "rollback"), e]) == 0)
        #expect(Self.counter(o, "data_api_statements_total", [("kind", "insert"), e]) == 1)
        #expect(Self.counter(o, "data_api_rows_written_total", [e]) == 1)
        for operation in ["BeginTransaction", "CommitTransaction"] {
            #expect(Self.counter(o, "data_api_client_calls_total", [("operation", operation)]) == 1)
        }
        #expect(Self.counter(o, "data_api_client_calls_total", [("operation", "ExecuteStatement")]) == 2)
        Self.expectNowhere(Self.secret, o)
    }

    struct Refusal: Error {}

    /// BEGIN itself failing leaves no transaction to roll back: the outcome says so.
    @Test func aFailedBeginIsNotCountedAsARollback() async throws {
        let o = try await Self.observed(.postgreSQL)
        let unknownSecret = DatabaseConfiguration(
            resourceArn: DataAPILocalConfiguration.defaultClusterArn,
            secretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:not-there-AbCdEf",
            database: o.namespace, engine: .postgreSQL)
        let db = Database(configuration: unknownSecret, client: o.db.client)
        await #expect(throws: (any Error).self) {
            try await db.transaction { tx in try await tx.execute(ObservedItem.insert(ObservedItem(id: 9, name: "x"))) }
        }
        let tx = try Self.one(o.tracer, named: "TRANSACTION \(o.namespace)")
        #expect(Self.string(tx, "data_api.transaction.outcome") == "not_started")
        #expect(tx.status?.code == .error)
        let e = ("engine", "postgresql")
        #expect(Self.counter(o, "data_api_transactions_total", [("outcome", "not_started"), e]) == 1)
        #expect(Self.counter(o, "data_api_transactions_total", [("outcome", "rollback"), e]) == 0)
        #expect(Self.counter(o, "data_api_client_calls_total", [("operation", "RollbackTransaction")]) == 0)
    }

    @Test func transactionRollbackIsTheParentOfItsRollback() async throws {
        let o = try await Self.observed(.postgreSQL)
        await #expect(throws: Refusal.self) {
            try await o.db.transaction { tx in
                try await tx.execute(ObservedItem.insert(ObservedItem(id: 8, name: Self.secret)))
                throw Refusal()
            }
        }
        let tx = try Self.one(o.tracer, named: "TRANSACTION \(o.namespace)")
        #expect(Self.string(tx, "data_api.transaction.outcome") == "rollback")
        #expect(tx.status?.code == .error)
        #expect(Self.string(tx, "error.type") == "Refusal")
        _ = try Self.child(of: tx, named: "RDSData.BeginTransaction", in: o.tracer)
        _ = try Self.child(of: tx, named: "INSERT \(o.namespace)", in: o.tracer)
        Self.expectCallSpan(try Self.child(of: tx, named: "RDSData.RollbackTransaction", in: o.tracer),
                            operation: "RollbackTransaction")
        #expect(Self.spans(o.tracer, named: "RDSData.CommitTransaction").isEmpty)

        let e = ("engine", "postgresql")
        #expect(Self.counter(o, "data_api_transactions_total", [("outcome", "rollback"), e]) == 1)
        #expect(Self.counter(o, "data_api_transactions_total", [("outcome", "commit"), e]) == 0)
        #expect(Self.counter(o, "data_api_client_calls_total", [("operation", "RollbackTransaction")]) == 1)
        #expect(Self.counter(o, "data_api_client_calls_total", [("operation", "CommitTransaction")]) == 0)
        #expect(try await ExecutorFixture.shared.database(.postgreSQL).fetchAll(ObservedItem.select()).isEmpty)
        Self.expectNowhere(Self.secret, o)
    }

    @Test(arguments: DatabaseEngine.allCases)
    func batchInsertIsTheParentOfItsCalls(_ engine: DatabaseEngine) async throws {
        let o = try await Self.observed(engine)
        let items = (1...3).map { ObservedItem(id: Int64($0), name: Self.secret + "-\($0)") }
        #expect(try await o.db.insert(contentsOf: items) == 3)

        let batch = try Self.one(o.tracer, named: "BATCH INSERT \(o.namespace)")
        Self.expectDatabaseSpan(batch, o, engine: engine, operation: "BATCH INSERT")
        #expect(Self.int(batch, "db.operation.batch.size") == 3)
        #expect(Self.int(batch, "data_api.batch.calls") == 1)
        #expect(Self.string(batch, "db.query.text")?.hasPrefix("INSERT") == true)
        let e = ("engine", engine.rawValue)
        switch engine {
        case .postgreSQL:
            // One INSERT … SELECT FROM json_array_elements(:p1): atomic alone, no transaction.
            let insert = try Self.child(of: batch, named: "INSERT \(o.namespace)", in: o.tracer)
            Self.expectCallSpan(try Self.child(of: insert, named: "RDSData.ExecuteStatement", in: o.tracer),
                                operation: "ExecuteStatement")
            #expect(Self.spans(o.tracer, named: "TRANSACTION \(o.namespace)").isEmpty)
        case .mySQL:
            // BatchExecuteStatement in a transaction of its own, all under the batch's span.
            let tx = try Self.child(of: batch, named: "TRANSACTION \(o.namespace)", in: o.tracer)
            let insert = try Self.child(of: tx, named: "INSERT \(o.namespace)", in: o.tracer)
            Self.expectCallSpan(try Self.child(of: insert, named: "RDSData.BatchExecuteStatement", in: o.tracer),
                                operation: "BatchExecuteStatement")
            _ = try Self.child(of: tx, named: "RDSData.CommitTransaction", in: o.tracer)
            #expect(Self.counter(o, "data_api_transactions_total", [("outcome", "commit"), e]) == 1)
        }
        #expect(Self.counter(o, "data_api_batch_calls_total", [e]) == 1)
        #expect(Self.counter(o, "data_api_rows_written_total", [e]) == 3)
        #expect(Self.counter(o, "data_api_statements_total", [("kind", "insert"), e]) == 1)
        Self.expectNowhere(Self.secret, o)
    }

    @Test(arguments: DatabaseEngine.allCases)
    func failingStatementMarksBothSpans(_ engine: DatabaseEngine) async throws {
        let o = try await Self.observed(engine, rows: [ObservedItem(id: 1, name: Self.secret)])
        // A unique violation, whose database message may quote the duplicate value.
        let error = await expectQueryError(.database) {
            try await o.db.execute(ObservedItem.insert(ObservedItem(id: 2, name: Self.secret)))
        }
        #expect(error?.dataAPIError?.code == .databaseError)

        let statement = try Self.one(o.tracer, named: "INSERT \(o.namespace)")
        Self.expectDatabaseSpan(statement, o, engine: engine, operation: "INSERT")
        #expect(statement.status?.code == .error)
        #expect(Self.string(statement, "error.type") == "DatabaseErrorException")
        let call = try Self.child(of: statement, named: "RDSData.ExecuteStatement", in: o.tracer)
        Self.expectCallSpan(call, operation: "ExecuteStatement", status: 400)
        #expect(call.status?.code == .error)
        #expect(Self.string(call, "error.type") == "DatabaseErrorException")
        if engine == .postgreSQL {
            #expect(Self.string(statement, "db.response.status_code") == "23505")
            #expect(Self.string(call, "db.response.status_code") == "23505")
        }

        let failures = [("operation", "ExecuteStatement"), ("error_code", "DatabaseErrorException")]
        #expect(Self.counter(o, "data_api_client_failures_total", failures) == 1)
        #expect(Self.counter(o, "data_api_client_calls_total", [("operation", "ExecuteStatement")]) == 1)
        let latency = try o.metrics.expectTimer("data_api_client_call_duration_seconds",
                                                [("operation", "ExecuteStatement"), ("outcome", "failure")])
        #expect(latency.values.count == 1)
        let e = ("engine", engine.rawValue)
        #expect(Self.counter(o, "data_api_statement_failures_total",
                             [("kind", "insert"), e, ("error_code", "DatabaseErrorException")]) == 1)
        #expect(Self.counter(o, "data_api_rows_written_total", [e]) == 0)
        Self.expectNowhere(Self.secret, o)
    }

    @Test func streamCountsItsPages() async throws {
        let o = try await Self.observed(.postgreSQL, rows: (1...5).map { ObservedItem(id: Int64($0), name: "n\($0)") })
        var seen = 0
        for try await _ in o.db.stream(ObservedItem.select()) { seen += 1 }
        #expect(seen == 5)
        let pages = Self.counter(o, "data_api_stream_pages_total", [("engine", "postgresql")])
        #expect(pages >= 1)
        #expect(Self.counter(o, "data_api_statements_total", [("kind", "select"), ("engine", "postgresql")]) == pages)
    }

    @Test func disabledObservabilityRecordsNothing() async throws {
        let client = DataAPIClient(configuration: .init(region: "us-east-1", environment: [:],
                                                        observability: .disabled))
        #expect(client.observation.factory == nil && client.observation.tracer == nil)
        // With nothing bootstrapped globally, the defaults are the no-op ones too.
        let defaults = DataAPIClient(configuration: .init(region: "us-east-1", environment: [:]))
        #expect(defaults.observation.tracer == nil)
    }
}
