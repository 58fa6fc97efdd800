import DataAPISQL

/// The database engine behind an Aurora cluster: it picks the SQL dialect statements render in.
public enum DatabaseEngine: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Aurora PostgreSQL.
    case postgreSQL = "postgresql"
    /// Aurora MySQL (and MariaDB behind `data-api-local`).
    case mySQL = "mysql"

    /// The dialect builder statements render in.
    public var dialect: SQLDialect {
        switch self {
        case .postgreSQL: .postgreSQL
        case .mySQL: .mySQL
        }
    }

    /// The engine a configuration names: `postgresql`, `postgres`, `pg`, `aurora-postgresql`,
    /// `mysql`, `aurora-mysql` or `mariadb`, in any case.
    public init?(name: String) {
        switch name.lowercased() {
        case "postgresql", "postgres", "pg", "aurora-postgresql": self = .postgreSQL
        case "mysql", "aurora-mysql", "mariadb", "aurora": self = .mySQL
        default: return nil
        }
    }

    /// `postgresql` or `mysql`.
    public var description: String { rawValue }
}
