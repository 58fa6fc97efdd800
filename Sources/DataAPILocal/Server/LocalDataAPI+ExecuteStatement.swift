import DataAPIClient
import Foundation
import Synchronization

/// `ExecuteStatement`: binding, running in autocommit or in a transaction, the
/// `continueAfterTimeout` race, and the response's shape.
extension LocalDataAPI {
    /// Scans the SQL and binds the request's parameters in placeholder order.
    func prepare(sql: String, parameters: [SqlParameter]?, engine: any LocalDatabaseEngine) throws -> EngineStatement {
        let scan = engine.scanner.scan(sql)
        if scan.hasMultipleStatements { throw DataAPIError.service(.validation, "Multistatements aren't supported.") }
        var byName: [String: SqlParameter] = [:]
        for p in parameters ?? [] {
            if case .arrayValue = p.value {
                throw DataAPIError.service(.badRequest, "Array parameters are not supported.")
            }
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
        try checkCommon(
            resourceArn: r.resourceArn, secretArn: r.secretArn, database: r.database, schema: r.schema,
            transactionId: r.transactionId)
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
            let entry = try transactions.acquire(id, resourceArn: r.resourceArn)
            do {
                result = try await run(
                    statement, options: options, on: entry.session, timeout: timeout,
                    continueAfterTimeout: continueAfterTimeout
                ) {
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
                result = try await runDetached(
                    statement, options: options, engine: engine, target: target, timeout: timeout)
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
    func run(
        _ statement: EngineStatement, options: ResultOptions, on session: any DatabaseSession, timeout: Duration,
        continueAfterTimeout: Bool, onLateFinish: @escaping @Sendable () async -> Void
    ) async throws -> StatementResult {
        guard continueAfterTimeout else { return try await session.execute(statement, options: options) }
        try await session.setStatementTimeout(.zero)
        let work = Task { () throws -> StatementResult in
            try await Self.executeRestoringTimeout(statement, options: options, on: session)
        }
        return try await Self.race(work, timeout: timeout, connectionId: { session.connectionId }) {
            await onLateFinish()
        }
    }

    /// An autocommit statement with `continueAfterTimeout`: it holds its pooled connection
    /// until it finishes, even after the caller got the timeout error.
    func runDetached(
        _ statement: EngineStatement, options: ResultOptions, engine: any LocalDatabaseEngine, target: SessionTarget,
        timeout: Duration
    ) async throws -> StatementResult {
        let connection = Mutex<Int64>(0)
        let work = Task { () throws -> StatementResult in
            try await running.withSession(engine, target) { session in
                try await session.setStatementTimeout(.zero)
                try await session.loadConnectionId()
                connection.withLock { $0 = session.connectionId }
                return try await Self.executeRestoringTimeout(statement, options: options, on: session)
            }
        }
        return try await Self.race(work, timeout: timeout, connectionId: { connection.withLock { $0 } }) {}
    }

    /// Runs the statement, then puts the engine's statement timeout back before the session
    /// is used again (a pooled connection goes back to the pool right after).
    static func executeRestoringTimeout(
        _ statement: EngineStatement, options: ResultOptions, on session: any DatabaseSession
    ) async throws -> StatementResult {
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
    static func race(
        _ work: Task<StatementResult, Error>, timeout: Duration, connectionId: @escaping @Sendable () -> Int64?,
        late: @escaping @Sendable () async -> Void
    ) async throws -> StatementResult {
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
            return ExecuteStatementResponse(
                numberOfRecordsUpdated: result.updateCount, generatedFields: result.generatedFields)
        }
        if format == .json {
            let text = try FormattedRecords.json(rows: rows, labels: result.columns.map { $0.label ?? $0.name ?? "" })
            if text.utf8.count > configuration.limits.maxFormattedJSONBytes {
                throw DataAPIError.service(
                    .badRequest, "The JSON result exceeds the \(configuration.limits.maxFormattedJSONBytes) byte limit."
                )
            }
            return ExecuteStatementResponse(numberOfRecordsUpdated: result.updateCount, formattedRecords: text)
        }
        let hasMetadata = result.columns.contains { $0.type != nil }
        return ExecuteStatementResponse(
            records: rows, columnMetadata: hasMetadata ? result.columns : nil,
            numberOfRecordsUpdated: result.updateCount)
    }
}
