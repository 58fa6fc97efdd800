import DataAPIClient
import Foundation
import Logging
import Synchronization

/// The Data API's operations, independent of HTTP: validation, parameter binding,
/// transactions, limits and faults, over any ``LocalDatabaseEngine``.
public final class LocalDataAPI: Sendable {
    public let configuration: DataAPILocalConfiguration
    let transactions: TransactionRegistry
    let logger: Logger
    private let firstCall = Mutex<ContinuousClock.Instant?>(nil)
    private let requestCounter = Atomic<Int>(0)
    /// Autocommit calls holding a pooled connection now, so that a shutdown can cancel them.
    let running = RunningSessions()

    public init(configuration: DataAPILocalConfiguration, logger: Logger = Logger(label: "data-api-local")) {
        self.configuration = configuration
        self.logger = logger
        self.transactions = TransactionRegistry(idleTimeout: configuration.limits.transactionIdleTimeout,
                                                lifetime: configuration.limits.transactionLifetime,
                                                maxOpen: configuration.limits.maxOpenTransactions)
    }

    /// Open transactions (for tests and diagnostics).
    public var openTransactionCount: Int { get async { await transactions.count } }

    /// Expires idle and over-age transactions; the server calls it every second.
    public func reapTransactions() async { await transactions.reap() }

    /// The first step of stopping: later calls are refused with `ServiceUnavailableError`, and
    /// every statement running now, in autocommit calls and in transactions, is cancelled in
    /// the database (PostgreSQL's cancel request, MySQL's `KILL QUERY`), so that its caller
    /// gets an answer at once.
    public func beginShutdown() async {
        await running.close()
        await transactions.cancelRunning()
    }

    /// Rolls back and closes every open transaction.
    public func shutdown() async { await transactions.closeAll() }

    /// Handles one operation by its HTTP path; returns the JSON response body or throws a `DataAPIError`.
    public func handle(path: String, body: [UInt8]) async throws -> [UInt8] {
        if running.isClosed { throw DataAPIError.service(.serviceUnavailable, "The server is shutting down.") }
        try await injectFaults()
        switch path {
        case "/Execute": return try encode(try await executeStatement(decode(ExecuteStatementRequest.self, body)))
        case "/BatchExecute": return try encode(try await batchExecute(decode(BatchExecuteStatementRequest.self, body)))
        case "/BeginTransaction": return try encode(try await beginTransaction(decode(BeginTransactionRequest.self, body)))
        case "/CommitTransaction": return try encode(try await endTransaction(decode(CommitTransactionRequest.self, body), commit: true))
        case "/RollbackTransaction":
            let r = try decode(RollbackTransactionRequest.self, body)
            return try encode(try await endTransaction(CommitTransactionRequest(resourceArn: r.resourceArn, secretArn: r.secretArn, transactionId: r.transactionId), commit: false))
        case "/ExecuteSql": return try encode(try await executeSql(decode(ExecuteSqlRequest.self, body)))
        default: throw DataAPIError(code: "UnknownOperationException", message: "Unknown operation \(path)", httpStatus: 404)
        }
    }

    // MARK: Decoding and validation

    func decode<T: Decodable>(_ type: T.Type, _ body: [UInt8]) throws -> T {
        guard body.first(where: { $0 != 32 && $0 != 9 && $0 != 10 && $0 != 13 }) == UInt8(ascii: "{") else {
            throw DataAPIError.service(.badRequest, "The request body is not a JSON object.")
        }
        do { return try JSONDecoder().decode(T.self, from: Data(body)) } catch let DecodingError.dataCorrupted(context) where context.codingPath.isEmpty {
            throw DataAPIError.service(.badRequest, "The request body is not a JSON object: \(context.debugDescription)")
        } catch let DecodingError.keyNotFound(key, context) where context.codingPath.isEmpty {
            throw validation("Value null at '\(key.stringValue)' failed to satisfy constraint: Member must not be null")
        } catch let DecodingError.keyNotFound(key, context) {
            throw DataAPIError.service(.badRequest, "Missing member '\(key.stringValue)' at '\(Self.path(context.codingPath))'.")
        } catch let DecodingError.typeMismatch(type, context) {
            throw DataAPIError.service(.badRequest, "Member '\(Self.path(context.codingPath))' has the wrong type; expected \(type).")
        } catch let DecodingError.dataCorrupted(context) {
            throw DataAPIError.service(.badRequest, "Invalid member '\(Self.path(context.codingPath))': \(context.debugDescription)")
        } catch let DecodingError.valueNotFound(_, context) {
            throw DataAPIError.service(.badRequest, "Member '\(Self.path(context.codingPath))' must not be null.")
        } catch {
            throw DataAPIError.service(.badRequest, "Invalid request: \(error)")
        }
    }

    static func path(_ p: [CodingKey]) -> String {
        p.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined().trimmingCharacters(in: CharacterSet(charactersIn: "."))
    }

    func validation(_ message: String) -> DataAPIError {
        .service(.validation, "1 validation error detected: \(message)")
    }

    func checkLength(_ value: String?, _ member: String, min: Int = 0, max: Int) throws {
        guard let value else { return }
        if value.utf8.contains(0) { throw validation("Value at '\(member)' must not contain a NUL character (U+0000).") }
        // The service counts characters as Java does: UTF-16 code units ("\r\n" is two).
        let n = value.utf16.count
        if n > max { throw validation("Value at '\(member)' failed to satisfy constraint: Member must have length less than or equal to \(max)") }
        if n < min { throw validation("Value at '\(member)' failed to satisfy constraint: Member must have length greater than or equal to \(min)") }
    }

    func checkCommon(resourceArn: String, secretArn: String, database: String?, schema: String?, transactionId: String?) throws {
        try checkLength(resourceArn, "resourceArn", min: 11, max: 100)
        try checkLength(secretArn, "secretArn", min: 11, max: 100)
        try checkLength(database, "database", max: 64)
        try checkLength(schema, "schema", max: 64)
        try checkLength(transactionId, "transactionId", max: 192)
        if schema != nil { throw DataAPIError.service(.validation, "The schema parameter isn't supported") }
    }

    func checkSQL(_ sql: String) throws {
        if sql.utf8.contains(0) { throw validation("Value at 'sql' must not contain a NUL character (U+0000).") }
        // UTF-16 code units, as the service counts a Java string's length.
        if sql.utf16.count > configuration.limits.maxSQLCharacters {
            throw validation("Value at 'sql' failed to satisfy constraint: Member must have length less than or equal to \(configuration.limits.maxSQLCharacters)")
        }
    }

    /// The cluster's engine and what the secret resolves to.
    func resolve(resourceArn: String, secretArn: String, database: String?) throws -> (any LocalDatabaseEngine, SessionTarget) {
        guard let cluster = configuration.clusters[resourceArn] else {
            let id = resourceArn.split(separator: ":").last.map(String.init) ?? resourceArn
            throw DataAPIError.service(.httpEndpointNotEnabled, "HttpEndpoint isn't enabled for cluster \(id)")
        }
        guard let secret = configuration.secrets[secretArn] else {
            throw DataAPIError.service(.secretsError, "Error fetching secret \(secretArn) : Secrets Manager can't find the specified secret.")
        }
        return (cluster.engine, SessionTarget(database: database ?? cluster.defaultDatabase, user: secret.username, password: secret.password))
    }

    // MARK: Faults

    func injectFaults() async throws {
        let faults = configuration.faults
        if faults.latency > .zero { try await Task.sleep(for: faults.latency) }
        if faults.serverErrorRate > 0, Double.random(in: 0..<1) < faults.serverErrorRate {
            let n = requestCounter.add(1, ordering: .relaxed).newValue
            throw n % 2 == 0 ? DataAPIError.service(.serviceUnavailable, "") : DataAPIError.service(.internalServerError, "")
        }
        if let resume = faults.autoPauseResume {
            let now = ContinuousClock.now
            let first = firstCall.withLock { f in
                if f == nil { f = now }
                return f!
            }
            if now - first < resume {
                throw DataAPIError.service(.databaseResuming, "The Aurora DB instance db-LOCAL is resuming after being auto-paused. Please wait a few seconds and try again.")
            }
        }
    }

    // MARK: Statements

    /// Scans the SQL and binds the request's parameters in placeholder order.
    func prepare(sql: String, parameters: [SqlParameter]?, engine: any LocalDatabaseEngine) throws -> EngineStatement {
        let scan = engine.scanner.scan(sql)
        if scan.hasMultipleStatements { throw DataAPIError.service(.validation, "Multistatements aren't supported.") }
        var byName: [String: SqlParameter] = [:]
        for p in parameters ?? [] {
            if case .arrayValue = p.value { throw DataAPIError.service(.badRequest, "Array parameters are not supported.") }
            if let name = p.name, byName[name] == nil { byName[name] = p }
        }
        var binds: [BoundValue] = []
        for name in scan.bindOrder {
            guard let p = byName[name] else {
                throw DataAPIError.service(.badRequest, "No value specified for parameter '\(name)'.")
            }
            binds.append(try ParameterBinding.bind(p))
        }
        return EngineStatement(sql: scan.sql, binds: binds, looksLikeQuery: Self.looksLikeQuery(sql))
    }

    /// Whether the first keyword, after comments and parentheses, starts a query.
    static func looksLikeQuery(_ sql: String) -> Bool {
        var s = Substring(sql)
        while true {
            s = s.drop { $0.isWhitespace || $0 == "(" }
            if s.hasPrefix("--") { s = s.drop { $0 != "\n" }; continue }
            if s.hasPrefix("/*"), let end = s.range(of: "*/") { s = s[end.upperBound...]; continue }
            break
        }
        let word = s.prefix { $0.isLetter }.uppercased()
        return ["SELECT", "WITH", "VALUES", "TABLE", "SHOW", "EXPLAIN", "FETCH"].contains(word)
    }

    func options(_ r: ExecuteStatementRequest) -> ResultOptions {
        var o = ResultOptions()
        o.includeMetadata = r.includeResultMetadata ?? false
        o.decimalAsNumber = r.resultSetOptions?.decimalReturnType == .doubleOrLong
        o.longAsString = r.resultSetOptions?.longReturnType == .string
        o.maxResultBytes = configuration.limits.maxResultBytes
        o.maxRowBytes = configuration.limits.maxRowBytes
        return o
    }

    /// Whether a failed call ends its transaction. As on Data API v2, an ordinary SQL error
    /// does not (PostgreSQL then refuses statements with 25P02 until the transaction ends;
    /// MySQL goes on); a result over the size limits, a lost database connection or an
    /// internal failure does.
    static func endsTransaction(_ error: any Error) -> Bool {
        guard let e = error as? DataAPIError else { return true }
        return e.code == .unsupportedResult || e.code == .databaseUnavailable || e.code == .internalServerError
    }

    func executeStatement(_ r: ExecuteStatementRequest) async throws -> ExecuteStatementResponse {
        try checkCommon(resourceArn: r.resourceArn, secretArn: r.secretArn, database: r.database, schema: r.schema, transactionId: r.transactionId)
        try checkSQL(r.sql)
        let (engine, target) = try resolve(resourceArn: r.resourceArn, secretArn: r.secretArn, database: r.database)
        let statement = try prepare(sql: r.sql, parameters: r.parameters, engine: engine)
        var resultOptions = options(r)
        if r.formatRecordsAs == .json { resultOptions.includeMetadata = false }
        let options = resultOptions
        logger.debug("execute", metadata: ["sql": "\(r.sql)", "transaction": "\(r.transactionId ?? "-")"])
        let continueAfterTimeout = r.continueAfterTimeout ?? false
        let timeout = configuration.limits.statementTimeout
        let result: StatementResult
        if let id = r.transactionId, !id.isEmpty {
            let entry = try await transactions.acquire(id, resourceArn: r.resourceArn)
            do {
                result = try await run(statement, options: options, on: entry.session, timeout: timeout, continueAfterTimeout: continueAfterTimeout) {
                    await self.transactions.release(id, failed: false)
                }
                await transactions.release(id, failed: false)
            } catch let e as DataAPIError where e.code == .statementTimeout && continueAfterTimeout {
                throw e  // the statement still runs; the transaction stays busy until it ends
            } catch {
                await transactions.release(id, failed: Self.endsTransaction(error))
                throw error
            }
        } else {
            if continueAfterTimeout {
                result = try await runDetached(statement, options: options, engine: engine, target: target, timeout: timeout)
            } else {
                result = try await running.withSession(engine, target) { session in
                    try await session.execute(statement, options: options)
                }
            }
        }
        return try response(result, format: r.formatRecordsAs ?? .none)
    }

    /// Runs a statement in a transaction's session. With `continueAfterTimeout` the
    /// engine's own timeout is off, the caller gets `StatementTimeoutException` after the
    /// service timeout, and the statement keeps running (`onLateFinish` runs when it ends).
    func run(_ statement: EngineStatement, options: ResultOptions, on session: any DatabaseSession, timeout: Duration,
             continueAfterTimeout: Bool, onLateFinish: @escaping @Sendable () async -> Void) async throws -> StatementResult {
        guard continueAfterTimeout else { return try await session.execute(statement, options: options) }
        try await session.setStatementTimeout(.zero)
        let work = Task { () throws -> StatementResult in
            try await Self.executeRestoringTimeout(statement, options: options, on: session)
        }
        return try await Self.race(work, timeout: timeout, connectionId: { session.connectionId }) { await onLateFinish() }
    }

    /// An autocommit statement with `continueAfterTimeout`: it holds its pooled connection
    /// until it finishes, even after the caller got the timeout error.
    func runDetached(_ statement: EngineStatement, options: ResultOptions, engine: any LocalDatabaseEngine, target: SessionTarget,
                     timeout: Duration) async throws -> StatementResult {
        let connection = Mutex<Int64>(0)
        let work = Task { () throws -> StatementResult in
            try await running.withSession(engine, target) { session in
                try await session.setStatementTimeout(.zero)
                try await (session as? PostgresSession)?.loadConnectionId()
                connection.withLock { $0 = session.connectionId }
                return try await Self.executeRestoringTimeout(statement, options: options, on: session)
            }
        }
        return try await Self.race(work, timeout: timeout, connectionId: { connection.withLock { $0 } }) {}
    }

    /// Runs the statement, then puts the engine's statement timeout back before the session
    /// is used again (a pooled connection goes back to the pool right after).
    static func executeRestoringTimeout(_ statement: EngineStatement, options: ResultOptions, on session: any DatabaseSession) async throws -> StatementResult {
        let result: StatementResult
        do { result = try await session.execute(statement, options: options) } catch {
            try? await session.setStatementTimeout(nil)
            throw error
        }
        try? await session.setStatementTimeout(nil)
        return result
    }

    /// The statement's result, or `StatementTimeoutException` once `timeout` passes while the
    /// statement keeps running (`late` runs when it finally ends).
    static func race(_ work: Task<StatementResult, Error>, timeout: Duration, connectionId: @escaping @Sendable () -> Int64?,
                     late: @escaping @Sendable () async -> Void) async throws -> StatementResult {
        let once = ResumeOnce<StatementResult>()
        return try await withCheckedThrowingContinuation { cont in
            once.set(cont)
            Task {
                let result = await work.result
                if !once.resume(with: result) { await late() }
            }
            Task {
                try? await Task.sleep(for: timeout)
                var e = DataAPIError.service(.statementTimeout, "Request timed out")
                e.dbConnectionId = connectionId()
                _ = once.resume(with: .failure(e))
            }
        }
    }

    func response(_ result: StatementResult, format: RecordsFormatType) throws -> ExecuteStatementResponse {
        guard let rows = result.rows else {
            return ExecuteStatementResponse(numberOfRecordsUpdated: result.updateCount, generatedFields: result.generatedFields)
        }
        if format == .json {
            let text = try FormattedRecords.json(rows: rows, labels: result.columns.map { $0.label ?? $0.name ?? "" })
            if text.utf8.count > configuration.limits.maxFormattedJSONBytes {
                throw DataAPIError.service(.badRequest, "The JSON result exceeds the \(configuration.limits.maxFormattedJSONBytes) byte limit.")
            }
            return ExecuteStatementResponse(numberOfRecordsUpdated: result.updateCount, formattedRecords: text)
        }
        let hasMetadata = result.columns.contains { $0.type != nil }
        return ExecuteStatementResponse(records: rows, columnMetadata: hasMetadata ? result.columns : nil,
                                        numberOfRecordsUpdated: result.updateCount)
    }

    func batchExecute(_ r: BatchExecuteStatementRequest) async throws -> BatchExecuteStatementResponse {
        try checkCommon(resourceArn: r.resourceArn, secretArn: r.secretArn, database: r.database, schema: r.schema, transactionId: r.transactionId)
        try checkSQL(r.sql)
        let (engine, target) = try resolve(resourceArn: r.resourceArn, secretArn: r.secretArn, database: r.database)
        let sets = r.parameterSets ?? []
        let statements = try sets.map { try prepare(sql: r.sql, parameters: $0, engine: engine) }
        if statements.isEmpty {
            _ = try prepare(sql: r.sql, parameters: nil, engine: engine).sql  // still reject multi-statements
            return BatchExecuteStatementResponse(updateResults: [])
        }
        var options = ResultOptions()
        options.maxResultBytes = configuration.limits.maxResultBytes
        options.maxRowBytes = configuration.limits.maxRowBytes
        let opts = options
        @Sendable func runAll(_ session: any DatabaseSession) async throws -> [UpdateResult] {
            var results: [UpdateResult] = []
            for s in statements { results.append(UpdateResult(generatedFields: try await session.execute(s, options: opts).generatedFields)) }
            return results
        }
        if let id = r.transactionId, !id.isEmpty {
            let entry = try await transactions.acquire(id, resourceArn: r.resourceArn)
            do {
                let results = try await runAll(entry.session)
                await transactions.release(id, failed: false)
                return BatchExecuteStatementResponse(updateResults: results)
            } catch {
                await transactions.release(id, failed: Self.endsTransaction(error))
                throw error
            }
        }
        // Autocommit: the whole batch commits or none of it does.
        let results = try await running.withSession(engine, target) { session in
            try await session.begin()
            do {
                let results = try await runAll(session)
                try await session.commit()
                return results
            } catch {
                try? await session.rollback()
                throw error
            }
        }
        return BatchExecuteStatementResponse(updateResults: results)
    }

    func beginTransaction(_ r: BeginTransactionRequest) async throws -> BeginTransactionResponse {
        try checkCommon(resourceArn: r.resourceArn, secretArn: r.secretArn, database: r.database, schema: r.schema, transactionId: nil)
        let (engine, target) = try resolve(resourceArn: r.resourceArn, secretArn: r.secretArn, database: r.database)
        try await transactions.reserve()
        let session: any DatabaseSession
        do { session = try await engine.openSession(target) } catch {
            await transactions.unreserve()
            throw error
        }
        do { try await session.begin() } catch {
            await transactions.unreserve()
            await session.close()
            throw error
        }
        let id = await transactions.add(session, engine: engine, target: target, resourceArn: r.resourceArn)
        return BeginTransactionResponse(transactionId: id)
    }

    func endTransaction(_ r: CommitTransactionRequest, commit: Bool) async throws -> CommitTransactionResponse {
        try checkCommon(resourceArn: r.resourceArn, secretArn: r.secretArn, database: nil, schema: nil, transactionId: r.transactionId)
        _ = try resolve(resourceArn: r.resourceArn, secretArn: r.secretArn, database: nil)
        let entry = try await transactions.take(r.transactionId, resourceArn: r.resourceArn)
        defer { Task { await entry.session.close() } }
        if commit {
            try await entry.session.commit()
            return CommitTransactionResponse(transactionStatus: "Transaction Committed")
        }
        try await entry.session.rollback()
        return CommitTransactionResponse(transactionStatus: "Rollback Complete")
    }

    func executeSql(_ r: ExecuteSqlRequest) async throws -> ExecuteSqlResponse {
        if configuration.strictV2 {
            throw DataAPIError.service(.badRequest, "This API is deprecated and not available. Use ExecuteStatement API instead")
        }
        try checkCommon(resourceArn: r.dbClusterOrInstanceArn, secretArn: r.awsSecretStoreArn, database: r.database, schema: nil, transactionId: nil)
        let (engine, target) = try resolve(resourceArn: r.dbClusterOrInstanceArn, secretArn: r.awsSecretStoreArn, database: r.database)
        let pieces = SQLSplitter.split(r.sqlStatements, scanner: engine.scanner)
        var options = ResultOptions()
        options.includeMetadata = true
        options.maxResultBytes = configuration.limits.maxResultBytes
        options.maxRowBytes = configuration.limits.maxRowBytes
        let opts = options
        let results = try await running.withSession(engine, target) { session in
            var out: [SqlStatementResult] = []
            for sql in pieces {
                let result = try await session.execute(EngineStatement(sql: sql, binds: [], looksLikeQuery: Self.looksLikeQuery(sql)), options: opts)
                var frame: ResultFrame?
                if let rows = result.rows {
                    frame = ResultFrame(resultSetMetadata: ResultSetMetadata(columnCount: Int64(result.columns.count), columnMetadata: result.columns),
                                        records: rows.map { ExecuteSqlRecord(values: $0.map(V1Values.value)) })
                }
                out.append(SqlStatementResult(resultFrame: frame, numberOfRecordsUpdated: result.updateCount))
            }
            return out
        }
        return ExecuteSqlResponse(sqlStatementResults: results)
    }

    func encode<T: Encodable>(_ value: T) throws -> [UInt8] { Array(try WireJSON.encoder.encode(value)) }
}

/// A continuation resumed by whichever of several tasks finishes first.
final class ResumeOnce<T: Sendable>: Sendable {
    private let state = Mutex<(CheckedContinuation<T, Error>?, Bool)>((nil, false))
    func set(_ c: CheckedContinuation<T, Error>) { state.withLock { $0.0 = c } }
    /// Resumes if nothing did yet; returns whether this call resumed.
    func resume(with result: Result<T, Error>) -> Bool {
        let c: CheckedContinuation<T, Error>? = state.withLock { s in
            if s.1 { return nil }
            s.1 = true
            defer { s.0 = nil }
            return s.0
        }
        c?.resume(with: result)
        return c != nil
    }
}
