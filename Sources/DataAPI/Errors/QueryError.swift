import DataAPIClient
import DataAPISQL

/// A statement or transaction that failed. It carries the statement's SQL (never its
/// parameter values) and the underlying error: the service's `DataAPIError` for
/// database errors, a `TransportError` when the network failed, a `SQLRenderError` when
/// the statement could not be rendered.
///
/// ```swift
/// do { try await db.insert(user) }
/// catch let e as QueryError where e.sqlState == "23505" { … }   // unique violation
/// ```
public struct QueryError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, by kind.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        /// The code's name.
        public var description: String { name }

        /// The service answered with an error (``dataAPIError`` has it: SQLSTATE, message).
        public static let database = Code(name: "database")
        /// The network failed; ``mayHaveRun`` says whether the statement may have reached the database.
        public static let transport = Code(name: "transport")
        /// The client could not make or read the call (credentials, region, a malformed response).
        public static let client = Code(name: "client")
        /// The statement could not be rendered (``renderError`` says why); nothing was sent.
        public static let invalidStatement = Code(name: "invalidStatement")
        /// The transaction is over: the database or the service ended it (an expired or
        /// terminated transaction), it already committed or rolled back, or its commit failed
        /// and it was rolled back instead. Nothing was run, and nothing was committed.
        public static let transactionEnded = Code(name: "transactionEnded")
        /// An earlier error aborted the transaction (PostgreSQL ignores further statements
        /// until it ends; a MySQL deadlock rolled it back). Nothing was run; the transaction
        /// is rolled back when its closure ends.
        public static let transactionAborted = Code(name: "transactionAborted")
        /// The commit was sent but no answer came back: the transaction may or may not have
        /// committed. Check before retrying.
        public static let commitOutcomeUnknown = Code(name: "commitOutcomeUnknown")
        /// A statement expected a row and the result had none.
        public static let noRows = Code(name: "noRows")
        /// The result does not have the shape the statement declares.
        public static let unexpectedResult = Code(name: "unexpectedResult")
        /// A request, a row or a result is over one of the Data API's limits (``message``
        /// names it): a row too large to insert (nothing was sent), a result row over
        /// 64 KB, a page over 1 MiB that could not be recovered.
        public static let limitExceeded = Code(name: "limitExceeded")

        /// Whether `error` is a ``QueryError`` with this code:
        /// `catch QueryError.Code.noRows { … }`.
        public static func ~= (pattern: Code, error: any Error) -> Bool {
            (error as? QueryError)?.code == pattern
        }
    }

    /// What went wrong, by kind.
    public let code: Code
    /// What happened, in words.
    public let message: String
    /// The statement's SQL, when there was one; parameter values are never included.
    public let sql: String?
    /// The error underneath, if any.
    public let underlying: (any Error & Sendable)?

    /// An error of `code` for the statement `sql`.
    public init(code: Code, message: String, sql: String?, underlying: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
        self.underlying = underlying
    }

    /// The service's error, for ``Code/database`` (and for transaction errors it caused).
    public var dataAPIError: DataAPIError? {
        if let e = underlying as? DataAPIError { return e }
        return (underlying as? QueryError)?.dataAPIError
    }
    /// The five-character SQLSTATE of a database error (`23505`).
    public var sqlState: String? { dataAPIError?.sqlState }
    /// MySQL's error number of a database error (`1062`).
    public var databaseErrorCode: Int? { dataAPIError?.databaseErrorCode }
    /// The rendering error, for ``Code/invalidStatement``.
    public var renderError: SQLRenderError? { underlying as? SQLRenderError }
    /// Whether the statement may have run although the call failed (a network failure
    /// after the request was sent, or an unknown commit outcome).
    public var mayHaveRun: Bool {
        if code == .commitOutcomeUnknown { return true }
        if let t = underlying as? TransportError { return t.requestSent }
        return false
    }

    /// The code, the message, the underlying error and the SQL; never parameter values.
    public var description: String {
        var s = "QueryError.\(code): \(message)"
        if let underlying, !(underlying is QueryError) { s += " (\(underlying))" }
        if let sql { s += " SQL: \(sql)" }
        return s
    }

    /// Wraps what a call threw; cancellation and errors already typed pass through.
    static func wrap(_ error: any Error, sql: String?) -> any Error {
        switch error {
        case is CancellationError, is QueryError, is RowDecodingError: return error
        case let e as DataAPIError:
            return QueryError(
                code: .database, message: e.message.isEmpty ? "\(e.code)" : e.message, sql: sql, underlying: e)
        case let e as TransportError: return QueryError(code: .transport, message: "\(e)", sql: sql, underlying: e)
        case let e as SQLRenderError:
            return QueryError(code: .invalidStatement, message: "\(e)", sql: sql, underlying: e)
        case let e as DataAPIClientError: return QueryError(code: .client, message: e.message, sql: sql, underlying: e)
        case let e as CredentialError: return QueryError(code: .client, message: "\(e)", sql: sql, underlying: e)
        default: return QueryError(code: .client, message: "\(error)", sql: sql, underlying: error)
        }
    }
}
