import DataAPIClient

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
