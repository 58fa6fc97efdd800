import DataAPIClient
import Foundation
import Synchronization

/// One MySQL connection serving Data API calls.
final class MySQLSession: DatabaseSession {
    let connection: MySQLConnection
    let engine: MySQLEngine
    let owned: Bool
    /// Whether the server's statement timeout is off (for a `continueAfterTimeout` statement).
    private let timeoutOff = Mutex(false)
    /// Set when an autocommit call's statement may have changed the session (``resetIfChanged()``).
    private let sessionChanged = Mutex(false)

    /// The database the connection was made with (nil: none).
    let database: String?

    init(connection: MySQLConnection, engine: MySQLEngine, database: String?, owned: Bool = false) {
        self.connection = connection
        self.engine = engine
        self.database = database
        self.owned = owned
    }

    var connectionId: Int64 { connection.threadId }

    /// The thread id came with the handshake: nothing to load.
    func loadConnectionId() async throws {}

    func run(_ statements: [String]) async throws {
        let connection = self.connection
        do { try await guarded { try await connection.run(statements) } } catch let e as MySQLServerError {
            throw MySQLErrors.map(e, connectionId: connectionId)
        }
    }

    /// Bounds a call by the statement timeout plus a grace (none while the timeout is off):
    /// one that gets no answer (a hung server or network) answers `DatabaseUnavailableException`
    /// and its connection is given up.
    private func guarded<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        let limit = Deadline.forStatement(timeout: engine.statementTimeout, timeoutOff: timeoutOff.withLock { $0 })
        let connection = self.connection
        return try await Deadline.run(
            limit,
            expired: {
                connection.abort()
                return DataAPIError.service(.databaseUnavailable, "The database did not answer in time.")
            }, operation)
    }

    // A transaction is autocommit off, as a JDBC connection runs one: DDL commits implicitly
    // and the next statement opens a new transaction on the same connection.
    func begin() async throws { try await run(["SET autocommit = 0"]) }
    func commit() async throws { try await run(["COMMIT", "SET autocommit = 1"]) }
    func rollback() async throws { try await run(["ROLLBACK", "SET autocommit = 1"]) }

    func setStatementTimeout(_ timeout: Duration?) async throws {
        // Turned off for one call (`continueAfterTimeout`): should turning it back on fail, the
        // reset puts it back before the connection serves another call.
        if timeout == .zero { sessionChanged.withLock { $0 = true } }
        try await run([engine.timeoutStatement(timeout ?? engine.statementTimeout, mariaDB: engine.isMariaDB)])
        timeoutOff.withLock { $0 = timeout == .zero }
    }

    func close() async {
        if owned { await connection.close() }
    }

    /// After an autocommit call whose statement may have changed the session
    /// (``SessionStateText/mySQL``), resets the connection before the pool hands it to another
    /// call, as the service resets its pooled connections (`COM_RESET_CONNECTION`), and sets
    /// the session's time zone, `sql_mode` and statement timeout again, within 5 s. A
    /// connection that cannot be reset is closed by the pool.
    func resetIfChanged() async {
        guard !owned, sessionChanged.withLock({ $0 }), !connection.isBroken else { return }
        let (connection, setup, database) = (self.connection, engine.resetSetup, self.database)
        let reset = try? await Deadline.run(.seconds(5), expired: { connection.abort(); return CancellationError() }) {
            await connection.reset(setup: setup, database: database)
        }
        if reset != true { connection.abort() }
    }

    func execute(_ statement: EngineStatement, options: ResultOptions) async throws -> StatementResult {
        // Once a statement may have changed the session, later ones (a batch runs its text once
        // per parameter set) are not read.
        if !owned && !sessionChanged.withLock({ $0 }) && SessionStateText.mySQL.mayChange(statement.sql) {
            sessionChanged.withLock { $0 = true }
        }
        for case .typed(let hint, let text) in statement.binds { try MySQLTemporalCheck.check(hint, text) }
        let raw: MySQLRawResult
        let (connection, maxBytes) = (self.connection, options.maxResultBytes)
        do {
            raw = try await guarded {
                try await connection.execute(statement.sql, binds: statement.binds, maxBytes: maxBytes)
            }
        } catch let e as MySQLServerError {
            throw MySQLErrors.map(e, connectionId: connectionId)
        }
        guard let columns = raw.columns else {
            let generated: [Field] =
                raw.insertId > 0 && raw.insertId <= UInt64(Int64.max) ? [.longValue(Int64(raw.insertId))] : []
            return StatementResult(columns: [], rows: nil, updateCount: raw.affectedRows, generatedFields: generated)
        }
        let types = columns.map(MySQLColumnType.of)
        var rows: [[Field]] = []
        rows.reserveCapacity(raw.rows.count)
        for (cells, rowBytes) in zip(raw.rows, raw.rowBytes) {
            if rowBytes > options.maxRowBytes {
                throw DataAPIError.service(.unsupportedResult, "Packet for query is too large: a result row is "
                                           + "\(rowBytes) bytes, the limit is \(options.maxRowBytes).")
            }
            var fields: [Field] = []
            fields.reserveCapacity(cells.count)
            for (i, cell) in cells.enumerated() {
                fields.append(try MySQLValueRenderer.field(cell, type: types[i], column: columns[i], options: options))
            }
            rows.append(fields)
        }
        if raw.exceededLimit {
            throw DataAPIError.service(
                .unsupportedResult, "Database response exceeded size limit of \(options.maxResultBytes) bytes.")
        }
        let metadata = columns.enumerated().map { i, c in
            options.includeMetadata
                ? MySQLValueRenderer.metadata(c, type: types[i]) : ColumnMetadata(name: c.name, label: c.name)
        }
        return StatementResult(columns: metadata, rows: rows, updateCount: 0, generatedFields: [])
    }
}
