import DataAPIClient
import Foundation
import Logging
import Synchronization

/// The MySQL engine (MySQL or MariaDB through MariaDB Connector/C): a pool per (database,
/// user) for autocommit calls, and a connection of its own for each transaction. Every
/// connector call runs on its connection's own thread.
///
/// Sessions run in UTC with MySQL 8's default `sql_mode`, as Aurora MySQL 3 does, and count
/// matched rather than changed rows, as MySQL Connector/J does.
public final class MySQLEngine: LocalDatabaseEngine {
    public let host: String
    public let port: Int
    /// The database used when a request names none; nil connects without one.
    public let defaultDatabase: String?
    public let statementTimeout: Duration
    public var name: String { "mysql" }
    public let scanner = NamedParameterScanner(rules: .mySQL, style: .questionMark)
    /// Connections per pool.
    public let maximumConnections: Int
    let logger: Logger

    private let pools = Mutex<[SessionTarget: MySQLPool]>([:])
    /// Whether the server is MariaDB (`max_statement_time`) rather than MySQL (`max_execution_time`).
    private let mariaDB = Mutex<Bool?>(nil)

    public init(host: String, port: Int, defaultDatabase: String? = nil, statementTimeout: Duration = .seconds(45),
                maximumConnections: Int = 16, logger: Logger = Logger(label: "data-api-local.mysql")) {
        self.host = host; self.port = port; self.defaultDatabase = defaultDatabase
        self.statementTimeout = statementTimeout; self.maximumConnections = maximumConnections; self.logger = logger
    }

    static let sqlMode = "ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION"

    /// MySQL 8's default `sql_mode`; on MariaDB also `TIME_ROUND_FRACTIONAL`, so that fractional
    /// seconds a column cannot hold are rounded, as MySQL 8 does, rather than truncated.
    static func sqlModeStatement(mariaDB: Bool) -> String {
        "SET SESSION sql_mode = '\(sqlMode)\(mariaDB ? ",TIME_ROUND_FRACTIONAL" : "")'"
    }

    /// The statement that sets the server's own statement timeout (zero turns it off).
    func timeoutStatement(_ timeout: Duration, mariaDB: Bool) -> String {
        let ms = timeout.wholeMilliseconds
        return mariaDB ? "SET SESSION max_statement_time = \(Double(ms) / 1000)" : "SET SESSION max_execution_time = \(ms)"
    }

    func connect(_ target: SessionTarget) async throws -> MySQLConnection {
        do {
            let flavor = mariaDB.withLock { $0 }
            var setup = ["SET time_zone = '+00:00'"]
            if let flavor { setup += [Self.sqlModeStatement(mariaDB: flavor), timeoutStatement(statementTimeout, mariaDB: flavor)] }
            let c = try await MySQLConnection.connect(host: host, port: port, user: target.user, password: target.password,
                                                      database: target.database ?? defaultDatabase, setup: setup)
            if flavor == nil {
                let version = try await c.execute("SELECT VERSION()", binds: [], maxBytes: 1 << 16)
                var isMaria = false
                if case .bytes(let b)? = version.rows.first?.first { isMaria = String(decoding: b, as: UTF8.self).contains("MariaDB") }
                mariaDB.withLock { $0 = isMaria }
                try await c.run([Self.sqlModeStatement(mariaDB: isMaria), timeoutStatement(statementTimeout, mariaDB: isMaria)])
            }
            return c
        } catch let e as MySQLServerError {
            throw MySQLErrors.map(e)
        }
    }

    var isMariaDB: Bool { mariaDB.withLock { $0 } ?? true }

    private func pool(_ target: SessionTarget) async throws -> MySQLPool {
        if let p = pools.withLock({ $0[target] }) { return p }
        // A new target is checked with one connection first: a wrong password fails at once.
        let first = try await connect(target)
        return pools.withLock { pools in
            if let p = pools[target] {
                Task { await first.close() }
                return p
            }
            let p = MySQLPool(maximum: maximumConnections, first: first)
            pools[target] = p
            return p
        }
    }

    public func withSession<T: Sendable>(_ target: SessionTarget, _ body: @Sendable (any DatabaseSession) async throws -> T) async throws -> T {
        let pool = try await pool(target)
        let connection = try await pool.acquire { try await self.connect(target) }
        let session = MySQLSession(connection: connection, engine: self)
        do {
            let result = try await body(session)
            await pool.release(connection)
            return result
        } catch {
            await pool.release(connection)
            throw error
        }
    }

    public func openSession(_ target: SessionTarget) async throws -> any DatabaseSession {
        MySQLSession(connection: try await connect(target), engine: self, owned: true)
    }

    public func cancel(connectionId: Int64, target: SessionTarget) async {
        guard let c = try? await connect(target) else { return }
        try? await c.run(["KILL QUERY \(connectionId)"])
        await c.close()
    }

    public func shutdown() async {
        let all = pools.withLock { p -> [MySQLPool] in defer { p.removeAll() }; return Array(p.values) }
        for p in all { await p.closeAll() }
    }
}

/// A bounded set of connections; callers wait when all are in use.
final class MySQLPool: Sendable {
    private struct State {
        var idle: [MySQLConnection] = []
        var open = 0
        /// Resumed with a connection to use, or nil: "a slot is free, open one".
        var waiters: [CheckedContinuation<MySQLConnection?, Never>] = []
    }
    private let state: Mutex<State>
    let maximum: Int

    init(maximum: Int, first: MySQLConnection) {
        self.maximum = maximum
        state = Mutex(State(idle: [first], open: 1))
    }

    func acquire(open: @Sendable () async throws -> MySQLConnection) async throws -> MySQLConnection {
        enum Next { case use(MySQLConnection), create, wait }
        let next: Next = state.withLock { s in
            if let c = s.idle.popLast() { return .use(c) }
            if s.open < maximum { s.open += 1; return .create }
            return .wait
        }
        switch next {
        case .use(let c): return c
        case .create: return try await create(open)
        case .wait:
            let handed = await withCheckedContinuation { (cont: CheckedContinuation<MySQLConnection?, Never>) in
                state.withLock { $0.waiters.append(cont) }
            }
            if let handed { return handed }
            return try await create(open)
        }
    }

    /// Opens a connection in a slot already counted in `open`.
    private func create(_ open: @Sendable () async throws -> MySQLConnection) async throws -> MySQLConnection {
        do { return try await open() } catch {
            freeSlot()
            throw error
        }
    }

    private func freeSlot() {
        let waiter = state.withLock { s -> CheckedContinuation<MySQLConnection?, Never>? in
            if !s.waiters.isEmpty { return s.waiters.removeFirst() }
            s.open -= 1
            return nil
        }
        waiter?.resume(returning: nil)
    }

    func release(_ connection: MySQLConnection) async {
        if connection.isBroken {
            await connection.close()
            freeSlot()
            return
        }
        let waiter = state.withLock { s -> CheckedContinuation<MySQLConnection?, Never>? in
            if !s.waiters.isEmpty { return s.waiters.removeFirst() }
            s.idle.append(connection)
            return nil
        }
        waiter?.resume(returning: connection)
    }

    func closeAll() async {
        let idle = state.withLock { s -> [MySQLConnection] in
            defer { s.idle.removeAll() }
            return s.idle
        }
        for c in idle { await c.close() }
    }
}

/// One MySQL connection serving Data API calls.
final class MySQLSession: DatabaseSession {
    let connection: MySQLConnection
    let engine: MySQLEngine
    let owned: Bool
    /// Whether the server's statement timeout is off (for a `continueAfterTimeout` statement).
    private let timeoutOff = Mutex(false)

    init(connection: MySQLConnection, engine: MySQLEngine, owned: Bool = false) {
        self.connection = connection; self.engine = engine; self.owned = owned
    }

    var connectionId: Int64 { connection.threadId }

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
        return try await Deadline.run(limit, expired: {
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
        try await run([engine.timeoutStatement(timeout ?? engine.statementTimeout, mariaDB: engine.isMariaDB)])
        timeoutOff.withLock { $0 = timeout == .zero }
    }

    func close() async {
        if owned { await connection.close() }
    }

    func execute(_ statement: EngineStatement, options: ResultOptions) async throws -> StatementResult {
        for case .typed(let hint, let text) in statement.binds { try MySQLTemporalCheck.check(hint, text) }
        let raw: MySQLRawResult
        let (connection, maxBytes) = (self.connection, options.maxResultBytes)
        do {
            raw = try await guarded { try await connection.execute(statement.sql, binds: statement.binds, maxBytes: maxBytes) }
        } catch let e as MySQLServerError {
            throw MySQLErrors.map(e, connectionId: connectionId)
        }
        guard let columns = raw.columns else {
            let generated: [Field] = raw.insertId > 0 && raw.insertId <= UInt64(Int64.max) ? [.longValue(Int64(raw.insertId))] : []
            return StatementResult(columns: [], rows: nil, updateCount: raw.affectedRows, generatedFields: generated)
        }
        let types = columns.map(MySQLColumnType.of)
        var rows: [[Field]] = []
        rows.reserveCapacity(raw.rows.count)
        for (cells, rowBytes) in zip(raw.rows, raw.rowBytes) {
            if rowBytes > options.maxRowBytes {
                throw DataAPIError.service(.unsupportedResult, "Packet for query is too large: a result row is \(rowBytes) bytes, the limit is \(options.maxRowBytes).")
            }
            var fields: [Field] = []
            fields.reserveCapacity(cells.count)
            for (i, cell) in cells.enumerated() {
                fields.append(try MySQLValueRenderer.field(cell, type: types[i], column: columns[i], options: options))
            }
            rows.append(fields)
        }
        if raw.exceededLimit {
            throw DataAPIError.service(.unsupportedResult, "Database response exceeded size limit of \(options.maxResultBytes) bytes.")
        }
        let metadata = columns.enumerated().map { i, c in
            options.includeMetadata ? MySQLValueRenderer.metadata(c, type: types[i]) : ColumnMetadata(name: c.name, label: c.name)
        }
        return StatementResult(columns: metadata, rows: rows, updateCount: 0, generatedFields: [])
    }
}

/// MySQL errors as `DatabaseErrorException` carrying the server's message, error number and
/// SQLSTATE; the server's statement timeout as `StatementTimeoutException`.
enum MySQLErrors {
    static func map(_ e: MySQLServerError, connectionId: Int64? = nil) -> DataAPIError {
        // 1969: MariaDB's max_statement_time; 3024: MySQL's max_execution_time.
        if e.code == 1969 || e.code == 3024 {
            var error = DataAPIError.service(.statementTimeout, "Request timed out")
            error.dbConnectionId = connectionId
            return error
        }
        if e.code == 2002 || e.code == 2003 || e.code == 2006 || e.code == 2013 {
            return .service(.databaseUnavailable, "")
        }
        return .service(.databaseError, "\(e.message); Error code: \(e.code); SQLState: \(e.sqlState)")
    }
}

/// MySQL reads a mistyped date string as a warning and a zero date; the service binds typed
/// values (setDate, setTimestamp), so an impossible calendar value is an error, reported as
/// MySQL reports it in strict mode.
enum MySQLTemporalCheck {
    static func check(_ hint: TypeHint, _ text: String) throws {
        let label: String
        let valid: Bool
        switch hint {
        case .date: label = "DATE"; valid = date(text.prefix(10))
        case .timestamp: label = "DATETIME"; valid = date(text.prefix(10)) && time(text.dropFirst(11), maxHours: 23)
        case .time: label = "TIME"; valid = time(Substring(text), maxHours: 838)
        default: return
        }
        guard valid else {
            throw DataAPIError.service(.databaseError, "Incorrect \(label) value: '\(text)'; Error code: 1292; SQLState: 22007")
        }
    }

    static func date(_ s: Substring) -> Bool {
        let parts = s.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]) else { return false }
        let (y, m, d) = (parts[0], parts[1], parts[2])
        let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        return (1...days).contains(d)
    }

    static func time(_ s: Substring, maxHours: Int) -> Bool {
        let whole = s.split(separator: ".").first ?? ""
        let parts = whole.split(separator: ":").compactMap { Int($0) }
        guard parts.count == 3 else { return false }
        return (0...maxHours).contains(abs(parts[0])) && (0..<60).contains(parts[1]) && (0..<60).contains(parts[2])
    }
}
