import DataAPIClient
import DataAPISQL

/// What runs statements: a ``Database`` or a ``Transaction``. Every method is available on
/// both, so code written against `some DatabaseExecutor` runs inside or outside a
/// transaction.
public protocol DatabaseExecutor: Sendable {
    /// The database and, inside a transaction, the transaction this executor runs in.
    var executionContext: ExecutionContext { get }
}

/// The database and transaction an executor runs in; opaque to users.
public struct ExecutionContext: Sendable {
    let core: DatabaseCore
    let transaction: TransactionState?
    /// How many savepoints deep this executor runs (0: the transaction itself).
    var savepointLevel = 0
}

extension DatabaseExecutor {
    /// The SQL dialect statements render in.
    public var dialect: SQLDialect { executionContext.core.dialect }
    /// The database's engine.
    public var engine: DatabaseEngine { executionContext.core.configuration.engine }
}
