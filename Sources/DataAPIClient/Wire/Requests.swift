import Foundation

/// A Data API operation: its name, HTTP path, and request and response shapes.
public protocol DataAPIOperation: Sendable {
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
    public static var isIdempotent: Bool { false }
}

/// Runs one SQL statement (`POST /Execute`).
public struct ExecuteStatementRequest: DataAPIOperation, Hashable, Codable {
    public typealias Response = ExecuteStatementResponse
    public static let operationName = "ExecuteStatement"
    public static let requestPath = "/Execute"

    public var resourceArn: String
    public var secretArn: String
    public var sql: String
    public var database: String?
    /// Not supported by the service for Aurora Serverless v2 and provisioned clusters.
    public var schema: String?
    public var parameters: [SqlParameter]?
    public var transactionId: String?
    public var includeResultMetadata: Bool?
    public var continueAfterTimeout: Bool?
    public var resultSetOptions: ResultSetOptions?
    public var formatRecordsAs: RecordsFormatType?

    public init(
        resourceArn: String, secretArn: String, sql: String, database: String? = nil,
        schema: String? = nil, parameters: [SqlParameter]? = nil, transactionId: String? = nil,
        includeResultMetadata: Bool? = nil, continueAfterTimeout: Bool? = nil,
        resultSetOptions: ResultSetOptions? = nil, formatRecordsAs: RecordsFormatType? = nil
    ) {
        self.resourceArn = resourceArn; self.secretArn = secretArn; self.sql = sql
        self.database = database; self.schema = schema; self.parameters = parameters
        self.transactionId = transactionId; self.includeResultMetadata = includeResultMetadata
        self.continueAfterTimeout = continueAfterTimeout; self.resultSetOptions = resultSetOptions
        self.formatRecordsAs = formatRecordsAs
    }

    public var targetResourceArn: String { resourceArn }
    public var loggedSQL: String? { sql }
}

/// The result of `ExecuteStatement`.
public struct ExecuteStatementResponse: Sendable, Hashable, Codable {
    public var records: [[Field]]?
    public var columnMetadata: [ColumnMetadata]?
    public var numberOfRecordsUpdated: Int64?
    public var generatedFields: [Field]?
    /// The records as JSON text when `formatRecordsAs` is `JSON`.
    public var formattedRecords: String?

    public init(
        records: [[Field]]? = nil, columnMetadata: [ColumnMetadata]? = nil,
        numberOfRecordsUpdated: Int64? = nil, generatedFields: [Field]? = nil,
        formattedRecords: String? = nil
    ) {
        self.records = records; self.columnMetadata = columnMetadata
        self.numberOfRecordsUpdated = numberOfRecordsUpdated
        self.generatedFields = generatedFields; self.formattedRecords = formattedRecords
    }
}

/// Runs one SQL statement once per parameter set (`POST /BatchExecute`).
public struct BatchExecuteStatementRequest: DataAPIOperation, Hashable, Codable {
    public typealias Response = BatchExecuteStatementResponse
    public static let operationName = "BatchExecuteStatement"
    public static let requestPath = "/BatchExecute"

    public var resourceArn: String
    public var secretArn: String
    public var sql: String
    public var database: String?
    public var schema: String?
    public var parameterSets: [[SqlParameter]]?
    public var transactionId: String?

    public init(
        resourceArn: String, secretArn: String, sql: String, database: String? = nil,
        schema: String? = nil, parameterSets: [[SqlParameter]]? = nil, transactionId: String? = nil
    ) {
        self.resourceArn = resourceArn; self.secretArn = secretArn; self.sql = sql
        self.database = database; self.schema = schema; self.parameterSets = parameterSets
        self.transactionId = transactionId
    }

    public var targetResourceArn: String { resourceArn }
    public var loggedSQL: String? { sql }
}

/// The result of `BatchExecuteStatement`: one entry per parameter set.
public struct BatchExecuteStatementResponse: Sendable, Hashable, Codable {
    public var updateResults: [UpdateResult]?
    public init(updateResults: [UpdateResult]? = nil) { self.updateResults = updateResults }
}

/// Starts a transaction (`POST /BeginTransaction`).
public struct BeginTransactionRequest: DataAPIOperation, Hashable, Codable {
    public typealias Response = BeginTransactionResponse
    public static let operationName = "BeginTransaction"
    public static let requestPath = "/BeginTransaction"
    public static var isIdempotent: Bool { true }

    public var resourceArn: String
    public var secretArn: String
    public var database: String?
    public var schema: String?

    public init(resourceArn: String, secretArn: String, database: String? = nil, schema: String? = nil) {
        self.resourceArn = resourceArn; self.secretArn = secretArn
        self.database = database; self.schema = schema
    }

    public var targetResourceArn: String { resourceArn }
    public var loggedSQL: String? { nil }
}

/// The result of `BeginTransaction`.
public struct BeginTransactionResponse: Sendable, Hashable, Codable {
    public var transactionId: String?
    public init(transactionId: String? = nil) { self.transactionId = transactionId }
}

/// Commits a transaction (`POST /CommitTransaction`).
public struct CommitTransactionRequest: DataAPIOperation, Hashable, Codable {
    public typealias Response = CommitTransactionResponse
    public static let operationName = "CommitTransaction"
    public static let requestPath = "/CommitTransaction"

    public var resourceArn: String
    public var secretArn: String
    public var transactionId: String

    public init(resourceArn: String, secretArn: String, transactionId: String) {
        self.resourceArn = resourceArn; self.secretArn = secretArn; self.transactionId = transactionId
    }

    public var targetResourceArn: String { resourceArn }
    public var loggedSQL: String? { nil }
}

/// The result of `CommitTransaction` (`Transaction Committed`).
public struct CommitTransactionResponse: Sendable, Hashable, Codable {
    public var transactionStatus: String?
    public init(transactionStatus: String? = nil) { self.transactionStatus = transactionStatus }
}

/// Rolls back a transaction (`POST /RollbackTransaction`).
public struct RollbackTransactionRequest: DataAPIOperation, Hashable, Codable {
    public typealias Response = RollbackTransactionResponse
    public static let operationName = "RollbackTransaction"
    public static let requestPath = "/RollbackTransaction"

    public var resourceArn: String
    public var secretArn: String
    public var transactionId: String

    public init(resourceArn: String, secretArn: String, transactionId: String) {
        self.resourceArn = resourceArn; self.secretArn = secretArn; self.transactionId = transactionId
    }

    public var targetResourceArn: String { resourceArn }
    public var loggedSQL: String? { nil }
}

/// The result of `RollbackTransaction` (`Rollback Complete`).
public struct RollbackTransactionResponse: Sendable, Hashable, Codable {
    public var transactionStatus: String?
    public init(transactionStatus: String? = nil) { self.transactionStatus = transactionStatus }
}

/// The deprecated v1 operation (`POST /ExecuteSql`); Aurora Serverless v2 does not support it.
public struct ExecuteSqlRequest: DataAPIOperation, Hashable, Codable {
    public typealias Response = ExecuteSqlResponse
    public static let operationName = "ExecuteSql"
    public static let requestPath = "/ExecuteSql"

    public var dbClusterOrInstanceArn: String
    public var awsSecretStoreArn: String
    /// One or more SQL statements separated by semicolons.
    public var sqlStatements: String
    public var database: String?
    public var schema: String?

    public init(
        dbClusterOrInstanceArn: String, awsSecretStoreArn: String, sqlStatements: String,
        database: String? = nil, schema: String? = nil
    ) {
        self.dbClusterOrInstanceArn = dbClusterOrInstanceArn
        self.awsSecretStoreArn = awsSecretStoreArn
        self.sqlStatements = sqlStatements
        self.database = database; self.schema = schema
    }

    public var targetResourceArn: String { dbClusterOrInstanceArn }
    public var loggedSQL: String? { sqlStatements }
}

/// The result of `ExecuteSql`.
public struct ExecuteSqlResponse: Sendable, Hashable, Codable {
    public var sqlStatementResults: [SqlStatementResult]?
    public init(sqlStatementResults: [SqlStatementResult]? = nil) {
        self.sqlStatementResults = sqlStatementResults
    }
}
