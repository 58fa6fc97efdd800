import DataAPIClient
import Foundation

/// Who to connect as and to which database: what a cluster ARN and a secret resolve to.
public struct SessionTarget: Sendable, Hashable {
    public var database: String?
    public var user: String
    public var password: String
    public init(database: String?, user: String, password: String) {
        self.database = database; self.user = user; self.password = password
    }
}

/// A value bound to a placeholder, after the service's rules were applied.
public enum BoundValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case long(Int64)
    case double(Double)
    /// A plain string: bound as varchar, never coerced to another type by the database.
    case string(String)
    case blob(Data)
    /// A string the client marked with a type hint; already checked against the hint's format.
    case typed(TypeHint, String)
}

/// A statement ready for an engine: SQL with engine placeholders, and values in placeholder order.
public struct EngineStatement: Sendable {
    public var sql: String
    public var binds: [BoundValue]
    /// Whether the statement starts like a query (SELECT, WITH, VALUES, …).
    public var looksLikeQuery: Bool
}

/// How results are presented and limited.
public struct ResultOptions: Sendable {
    public var includeMetadata = false
    public var decimalAsNumber = false
    public var longAsString = false
    /// Service limits: the whole result, and one row.
    public var maxResultBytes = 1 << 20
    public var maxRowBytes = 64 * 1024
}

/// What one statement produced.
public struct StatementResult: Sendable {
    /// Result columns; empty when the statement returns no result set.
    public var columns: [ColumnMetadata]
    /// Rows when the statement returned a result set, else nil.
    public var rows: [[Field]]?
    public var updateCount: Int64
    public var generatedFields: [Field]
}

/// A database connection held by one autocommit call or one transaction.
public protocol DatabaseSession: Sendable {
    /// The server's id for the connection (`StatementTimeoutException.dbConnectionId`).
    var connectionId: Int64 { get }
    func execute(_ statement: EngineStatement, options: ResultOptions) async throws -> StatementResult
    func begin() async throws
    func commit() async throws
    func rollback() async throws
    /// Disables or restores the engine's own statement timeout for the next statement.
    func setStatementTimeout(_ timeout: Duration?) async throws
    func close() async
}

/// A database behind the local Data API (PostgreSQL, MySQL).
public protocol LocalDatabaseEngine: Sendable {
    var name: String { get }
    var scanner: NamedParameterScanner { get }
    /// Runs `body` on a pooled connection in autocommit mode.
    func withSession<T: Sendable>(_ target: SessionTarget, _ body: @Sendable (any DatabaseSession) async throws -> T) async throws -> T
    /// A connection of its own, for a transaction.
    func openSession(_ target: SessionTarget) async throws -> any DatabaseSession
    /// Asks the server to cancel whatever the connection is running.
    func cancel(connectionId: Int64, target: SessionTarget) async
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
