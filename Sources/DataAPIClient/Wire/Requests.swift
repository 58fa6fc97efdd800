#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A Data API operation: its name, HTTP path, and request and response shapes.
public protocol DataAPIOperation: Sendable {
    /// The response shape the operation decodes.
    associatedtype Response: Decodable & Sendable
    /// The operation name as AWS spells it (`ExecuteStatement`).
    static var operationName: String { get }
    /// The fixed HTTP path (`/Execute`).
    static var requestPath: String { get }
    /// The cluster ARN this request addresses; used to pick the region.
    var targetResourceArn: String { get }
    /// The SQL text, for trace logging only.
    var loggedSQL: String? { get }
    /// Whether running the call twice is harmless, so that it may be retried after a failure
    /// that could have come after it ran (see ``RetryPolicy``). Only `BeginTransaction` is:
    /// a second transaction that nobody uses holds nothing and ends after the service's idle
    /// timeout.
    static var isIdempotent: Bool { get }
}

extension DataAPIOperation {
    /// `false`: an operation is not harmless to repeat unless it says so.
    public static var isIdempotent: Bool { false }
}

/// Runs one SQL statement (`POST /Execute`).
public struct ExecuteStatementRequest: DataAPIOperation, Hashable, Codable {
    /// The response shape this operation decodes.
    public typealias Response = ExecuteStatementResponse
    /// The operation name as AWS spells it, used in logs and errors.
    public static let operationName = "ExecuteStatement"
    /// The HTTP path the request is posted to.
    public static let requestPath = "/Execute"

    /// The ARN of the Aurora cluster.
    public var resourceArn: String
    /// The ARN of the Secrets Manager secret that holds the database user's credentials.
    public var secretArn: String
    /// The SQL statement, with `:name` placeholders for ``parameters``.
    public var sql: String
    /// The database to connect to; the secret's default when `nil`.
    public var database: String?
    /// Not supported by the service for Aurora Serverless v2 and provisioned clusters.
    public var schema: String?
    /// The values bound to the statement's `:name` placeholders.
    public var parameters: [SqlParameter]?
    /// The transaction to run in, from `BeginTransaction`; `nil` runs and commits on its own.
    public var transactionId: String?
    /// Whether the response includes ``ExecuteStatementResponse/columnMetadata``.
    public var includeResultMetadata: Bool?
    /// Whether a DDL statement keeps running after the call times out.
    public var continueAfterTimeout: Bool?
    /// How decimal and long columns come back.
    public var resultSetOptions: ResultSetOptions?
    /// `JSON` returns the records as JSON text in ``ExecuteStatementResponse/formattedRecords``.
    public var formatRecordsAs: RecordsFormatType?

    /// Creates a request; the optional members default to unset, as the service defaults them.
    public init(
        resourceArn: String, secretArn: String, sql: String, database: String? = nil,
        schema: String? = nil, parameters: [SqlParameter]? = nil, transactionId: String? = nil,
        includeResultMetadata: Bool? = nil, continueAfterTimeout: Bool? = nil,
        resultSetOptions: ResultSetOptions? = nil, formatRecordsAs: RecordsFormatType? = nil
    ) {
        self.resourceArn = resourceArn
        self.secretArn = secretArn
        self.sql = sql
        self.database = database
        self.schema = schema
        self.parameters = parameters
        self.transactionId = transactionId
        self.includeResultMetadata = includeResultMetadata
        self.continueAfterTimeout = continueAfterTimeout
        self.resultSetOptions = resultSetOptions
        self.formatRecordsAs = formatRecordsAs
    }

    /// The cluster ARN, which picks the region.
    public var targetResourceArn: String { resourceArn }
    /// The SQL text for trace logging, if the operation has any.
    public var loggedSQL: String? { sql }
}

/// The result of `ExecuteStatement`.
public struct ExecuteStatementResponse: Sendable, Hashable, Codable {
    /// The result rows, one ``Field`` per column; `nil` for statements that return none.
    public var records: [[Field]]?
    /// The result columns' metadata, when the request asked for it.
    public var columnMetadata: [ColumnMetadata]?
    /// The number of rows the statement changed.
    public var numberOfRecordsUpdated: Int64?
    /// Values the database generated for the statement (MySQL's auto-increment key).
    public var generatedFields: [Field]?
    /// The records as JSON text when `formatRecordsAs` is `JSON`.
    public var formattedRecords: String?

    /// Creates a value with the given members; each defaults to unset.
    public init(
        records: [[Field]]? = nil, columnMetadata: [ColumnMetadata]? = nil,
        numberOfRecordsUpdated: Int64? = nil, generatedFields: [Field]? = nil,
        formattedRecords: String? = nil
    ) {
        self.records = records
        self.columnMetadata = columnMetadata
        self.numberOfRecordsUpdated = numberOfRecordsUpdated
        self.generatedFields = generatedFields
        self.formattedRecords = formattedRecords
    }
}

/// Runs one SQL statement once per parameter set (`POST /BatchExecute`).
public struct BatchExecuteStatementRequest: DataAPIOperation, Hashable, Codable {
    /// The response shape this operation decodes.
    public typealias Response = BatchExecuteStatementResponse
    /// The operation name as AWS spells it, used in logs and errors.
    public static let operationName = "BatchExecuteStatement"
    /// The HTTP path the request is posted to.
    public static let requestPath = "/BatchExecute"

    /// The ARN of the Aurora cluster.
    public var resourceArn: String
    /// The ARN of the Secrets Manager secret that holds the database user's credentials.
    public var secretArn: String
    /// The SQL statement, run once per entry of ``parameterSets``.
    public var sql: String
    /// The database to connect to; the secret's default when `nil`.
    public var database: String?
    /// Not supported by the service for Aurora Serverless v2 and provisioned clusters.
    public var schema: String?
    /// One list of parameters per run of the statement.
    public var parameterSets: [[SqlParameter]]?
    /// The transaction to run in, from `BeginTransaction`; `nil` runs and commits on its own.
    public var transactionId: String?

    /// Creates a request; the optional members default to unset.
    public init(
        resourceArn: String, secretArn: String, sql: String, database: String? = nil,
        schema: String? = nil, parameterSets: [[SqlParameter]]? = nil, transactionId: String? = nil
    ) {
        self.resourceArn = resourceArn
        self.secretArn = secretArn
        self.sql = sql
        self.database = database
        self.schema = schema
        self.parameterSets = parameterSets
        self.transactionId = transactionId
    }

    /// The cluster ARN, which picks the region.
    public var targetResourceArn: String { resourceArn }
    /// The SQL text for trace logging, if the operation has any.
    public var loggedSQL: String? { sql }
}

/// The result of `BatchExecuteStatement`: one entry per parameter set.
public struct BatchExecuteStatementResponse: Sendable, Hashable, Codable {
    /// One result per parameter set, in order.
    public var updateResults: [UpdateResult]?
    /// Creates a value with the given members; each defaults to unset.
    public init(updateResults: [UpdateResult]? = nil) { self.updateResults = updateResults }
}

/// Starts a transaction (`POST /BeginTransaction`).
public struct BeginTransactionRequest: DataAPIOperation, Hashable, Codable {
    /// The response shape this operation decodes.
    public typealias Response = BeginTransactionResponse
    /// The operation name as AWS spells it, used in logs and errors.
    public static let operationName = "BeginTransaction"
    /// The HTTP path the request is posted to.
    public static let requestPath = "/BeginTransaction"
    /// `true`: an unused second transaction holds nothing and ends after the idle timeout.
    public static var isIdempotent: Bool { true }

    /// The ARN of the Aurora cluster.
    public var resourceArn: String
    /// The ARN of the Secrets Manager secret that holds the database user's credentials.
    public var secretArn: String
    /// The database to connect to; the secret's default when `nil`.
    public var database: String?
    /// Not supported by the service for Aurora Serverless v2 and provisioned clusters.
    public var schema: String?

    /// Creates a request; `database` defaults to the secret's database.
    public init(resourceArn: String, secretArn: String, database: String? = nil, schema: String? = nil) {
        self.resourceArn = resourceArn
        self.secretArn = secretArn
        self.database = database
        self.schema = schema
    }

    /// The cluster ARN, which picks the region.
    public var targetResourceArn: String { resourceArn }
    /// The SQL text for trace logging, if the operation has any.
    public var loggedSQL: String? { nil }
}

/// The result of `BeginTransaction`.
public struct BeginTransactionResponse: Sendable, Hashable, Codable {
    /// The new transaction's identifier, to pass to later calls.
    public var transactionId: String?
    /// Creates a value with the given members; each defaults to unset.
    public init(transactionId: String? = nil) { self.transactionId = transactionId }
}

/// Commits a transaction (`POST /CommitTransaction`).
public struct CommitTransactionRequest: DataAPIOperation, Hashable, Codable {
    /// The response shape this operation decodes.
    public typealias Response = CommitTransactionResponse
    /// The operation name as AWS spells it, used in logs and errors.
    public static let operationName = "CommitTransaction"
    /// The HTTP path the request is posted to.
    public static let requestPath = "/CommitTransaction"

    /// The ARN of the Aurora cluster.
    public var resourceArn: String
    /// The ARN of the Secrets Manager secret that holds the database user's credentials.
    public var secretArn: String
    /// The transaction to commit, from `BeginTransaction`.
    public var transactionId: String

    /// Creates a request for the given transaction.
    public init(resourceArn: String, secretArn: String, transactionId: String) {
        self.resourceArn = resourceArn
        self.secretArn = secretArn
        self.transactionId = transactionId
    }

    /// The cluster ARN, which picks the region.
    public var targetResourceArn: String { resourceArn }
    /// The SQL text for trace logging, if the operation has any.
    public var loggedSQL: String? { nil }
}

/// The result of `CommitTransaction` (`Transaction Committed`).
public struct CommitTransactionResponse: Sendable, Hashable, Codable {
    /// The service's status text.
    public var transactionStatus: String?
    /// Creates a value with the given members; each defaults to unset.
    public init(transactionStatus: String? = nil) { self.transactionStatus = transactionStatus }
}

/// Rolls back a transaction (`POST /RollbackTransaction`).
public struct RollbackTransactionRequest: DataAPIOperation, Hashable, Codable {
    /// The response shape this operation decodes.
    public typealias Response = RollbackTransactionResponse
    /// The operation name as AWS spells it, used in logs and errors.
    public static let operationName = "RollbackTransaction"
    /// The HTTP path the request is posted to.
    public static let requestPath = "/RollbackTransaction"

    /// The ARN of the Aurora cluster.
    public var resourceArn: String
    /// The ARN of the Secrets Manager secret that holds the database user's credentials.
    public var secretArn: String
    /// The transaction to roll back, from `BeginTransaction`.
    public var transactionId: String

    /// Creates a request for the given transaction.
    public init(resourceArn: String, secretArn: String, transactionId: String) {
        self.resourceArn = resourceArn
        self.secretArn = secretArn
        self.transactionId = transactionId
    }

    /// The cluster ARN, which picks the region.
    public var targetResourceArn: String { resourceArn }
    /// The SQL text for trace logging, if the operation has any.
    public var loggedSQL: String? { nil }
}

/// The result of `RollbackTransaction` (`Rollback Complete`).
public struct RollbackTransactionResponse: Sendable, Hashable, Codable {
    /// The service's status text.
    public var transactionStatus: String?
    /// Creates a value with the given members; each defaults to unset.
    public init(transactionStatus: String? = nil) { self.transactionStatus = transactionStatus }
}

/// The deprecated v1 operation (`POST /ExecuteSql`); Aurora Serverless v2 does not support it.
public struct ExecuteSqlRequest: DataAPIOperation, Hashable, Codable {
    /// The response shape this operation decodes.
    public typealias Response = ExecuteSqlResponse
    /// The operation name as AWS spells it, used in logs and errors.
    public static let operationName = "ExecuteSql"
    /// The HTTP path the request is posted to.
    public static let requestPath = "/ExecuteSql"

    /// The ARN of the cluster.
    public var dbClusterOrInstanceArn: String
    /// The ARN of the secret that holds the database user's credentials.
    public var awsSecretStoreArn: String
    /// One or more SQL statements separated by semicolons.
    public var sqlStatements: String
    /// The database to connect to; the secret's default when `nil`.
    public var database: String?
    /// Not supported by the service for Aurora Serverless v2 and provisioned clusters.
    public var schema: String?

    /// Creates a request; `database` and `schema` default to unset.
    public init(
        dbClusterOrInstanceArn: String, awsSecretStoreArn: String, sqlStatements: String,
        database: String? = nil, schema: String? = nil
    ) {
        self.dbClusterOrInstanceArn = dbClusterOrInstanceArn
        self.awsSecretStoreArn = awsSecretStoreArn
        self.sqlStatements = sqlStatements
        self.database = database
        self.schema = schema
    }

    /// The cluster ARN, which picks the region.
    public var targetResourceArn: String { dbClusterOrInstanceArn }
    /// The SQL text for trace logging, if the operation has any.
    public var loggedSQL: String? { sqlStatements }
}

/// The result of `ExecuteSql`.
public struct ExecuteSqlResponse: Sendable, Hashable, Codable {
    /// One result per statement, in order.
    public var sqlStatementResults: [SqlStatementResult]?
    /// Creates a value with the given members; each defaults to unset.
    public init(sqlStatementResults: [SqlStatementResult]? = nil) {
        self.sqlStatementResults = sqlStatementResults
    }
}
