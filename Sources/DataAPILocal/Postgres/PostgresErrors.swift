import DataAPIClient
import PostgresNIO

/// PostgreSQL errors as the service reports them: `DatabaseErrorException` with
/// `ERROR: <message>[\n  Detail: …][\n  Hint: …][\n  Position: N]; SQLState: NNNNN`, and
/// `StatementTimeoutException` for `statement_timeout` cancellations.
enum PostgresErrors {
    static func map(_ error: PSQLError, engine: PostgresEngine, connectionId: Int64? = nil) -> DataAPIError {
        guard let server = error.serverInfo, let message = server[.message] else {
            switch error.code {
            case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown:
                return .service(.databaseUnavailable, "")
            default:
                return .service(.databaseError, "\(error.code)")
            }
        }
        let state = server[.sqlState] ?? "XX000"
        if state == "57014" && message.contains("statement timeout") {
            var e = DataAPIError.service(.statementTimeout, "Request timed out")
            e.dbConnectionId = connectionId
            return e
        }
        var text = "\(server[.severity] ?? "ERROR"): \(message)"
        if let detail = server[.detail] { text += "\n  Detail: \(detail)" }
        if let hint = server[.hint] { text += "\n  Hint: \(hint)" }
        if let position = server[.position] { text += "\n  Position: \(position)" }
        text += "; SQLState: \(state)"
        return .service(.databaseError, text)
    }
}
