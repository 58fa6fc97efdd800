import DataAPIClient
import Foundation

/// Who to connect as and to which database: what a cluster ARN and a secret resolve to.
public struct SessionTarget: Sendable, Hashable {
    /// The database; nil uses the cluster's or the engine's default.
    public var database: String?
    /// The database user.
    public var user: String
    /// The user's password.
    public var password: String
    /// A target of `user` in `database`.
    public init(database: String?, user: String, password: String) {
        self.database = database
        self.user = user
        self.password = password
    }
}

/// A value bound to a placeholder, after the service's rules were applied.
public enum BoundValue: Sendable, Hashable {
    /// SQL `NULL`.
    case null
    /// A boolean.
    case bool(Bool)
    /// A 64-bit integer.
    case long(Int64)
    /// A double.
    case double(Double)
    /// A plain string: bound as varchar, never coerced to another type by the database.
    case string(String)
    /// Bytes.
    case blob(Data)
    /// A string the client marked with a type hint; already checked against the hint's format.
    case typed(TypeHint, String)
}

/// A statement ready for an engine: SQL with engine placeholders, and values in placeholder order.
public struct EngineStatement: Sendable {
    /// The SQL, with the engine's placeholders (`$1` or `?`).
    public var sql: String
    /// The values, in placeholder order.
    public var binds: [BoundValue]
    /// Whether the statement starts like a query (SELECT, WITH, VALUES, …).
    public var looksLikeQuery: Bool
}

/// How results are presented and limited.
public struct ResultOptions: Sendable {
    /// Return full column metadata (`includeResultMetadata`).
    public var includeMetadata = false
    /// Return decimals as numbers rather than strings (`decimalReturnType: DOUBLE_OR_LONG`).
    public var decimalAsNumber = false
    /// Return 64-bit integers as strings (`longReturnType: STRING`).
    public var longAsString = false
    /// Service limits: the whole result, and one row.
    public var maxResultBytes = 1 << 20
    /// One row's size limit.
    public var maxRowBytes = 64 * 1024
}

/// What one statement produced.
public struct StatementResult: Sendable {
    /// Result columns; empty when the statement returns no result set.
    public var columns: [ColumnMetadata]
    /// Rows when the statement returned a result set, else nil.
    public var rows: [[Field]]?
    /// Rows the statement changed (`numberOfRecordsUpdated`).
    public var updateCount: Int64
    /// Values the database generated (MySQL's `LAST_INSERT_ID()`).
    public var generatedFields: [Field]
}

/// A database connection held by one autocommit call or one transaction.
public protocol DatabaseSession: Sendable {
    /// The server's id for the connection (`StatementTimeoutException.dbConnectionId`).
    var connectionId: Int64 { get }
    /// Makes ``connectionId`` known before a statement runs, so that a timeout can report it
    /// and a shutdown can cancel the statement (PostgreSQL asks the server for its backend
    /// process id once; MySQL's thread id comes with the handshake).
    func loadConnectionId() async throws
    /// Runs one statement and returns its rows or its update count, within `options`' limits.
    func execute(_ statement: EngineStatement, options: ResultOptions) async throws -> StatementResult
    /// Starts a transaction on this connection.
    func begin() async throws
    /// Commits the transaction.
    func commit() async throws
    /// Rolls the transaction back.
    func rollback() async throws
    /// Disables or restores the engine's own statement timeout for the next statement.
    func setStatementTimeout(_ timeout: Duration?) async throws
    /// Gives the connection up: a transaction's is closed, or reset and kept for the next
    /// transaction; an autocommit call's goes back to its pool with the call.
    func close() async
    /// Whether the connection had served an earlier transaction and the database closed it
    /// while it was idle: a `BEGIN` that failed on it is tried once more on another connection.
    var wasStale: Bool { get }
    /// Says that a cancel request is about to be sent for the connection (a shutdown, a
    /// transaction past its lifetime): it must not serve anyone else afterwards, where the
    /// request could arrive late and cancel someone else's statement.
    func willBeCancelled()
}

extension DatabaseSession {
    /// Sessions whose connections never serve two transactions are never stale.
    public var wasStale: Bool { false }
    /// Sessions whose connections are closed after their transaction need no mark.
    public func willBeCancelled() {}
}

/// A database behind the local Data API (PostgreSQL, MySQL).
public protocol LocalDatabaseEngine: Sendable {
    /// The engine's name (`postgresql`, `mysql`), for logs.
    var name: String { get }
    /// Finds and rewrites `:name` placeholders by the engine's quoting rules.
    var scanner: NamedParameterScanner { get }
    /// Runs `body` on a pooled connection in autocommit mode.
    func withSession<T: Sendable>(
        _ target: SessionTarget, _ body: @Sendable (any DatabaseSession) async throws -> T
    ) async throws -> T
    /// A connection of its own, for a transaction.
    func openSession(_ target: SessionTarget) async throws -> any DatabaseSession
    /// Asks the server to cancel whatever the connection is running.
    func cancel(connectionId: Int64, target: SessionTarget) async
    /// Closes every connection the engine holds.
    func shutdown() async
}

extension DataAPIError {
    /// An error with the HTTP status the model gives its exception.
    static func service(_ code: Code, _ message: String) -> DataAPIError {
        let status = Code.modeled.first { $0.code == code }?.status ?? 400
        return DataAPIError(code: code, message: message, httpStatus: status)
    }
}

extension Duration {
    /// Whole milliseconds, rounded down.
    var wholeMilliseconds: Int64 {
        let (s, atto) = components
        return s * 1000 + atto / 1_000_000_000_000_000
    }
}
