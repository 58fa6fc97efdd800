import ArgumentParser
import DataAPILocal
import Foundation
import Logging

/// `postgres://user:password@host:port/database` or `mysql://…`.
struct DatabaseURL {
    var isMySQL: Bool
    var host: String
    var port: Int
    var user: String
    var password: String
    var database: String?

    init(_ text: String) throws {
        guard let c = URLComponents(string: text), let scheme = c.scheme,
              ["postgres", "postgresql", "mysql", "mariadb"].contains(scheme), let host = c.host else {
            throw ValidationError("a database URL must look like postgres://user:password@host:port/database "
                                  + "or mysql://user:password@host:port/database")
        }
        isMySQL = scheme == "mysql" || scheme == "mariadb"
        self.host = host
        port = c.port ?? (isMySQL ? 3306 : 5432)
        user = c.user ?? (isMySQL ? "root" : "postgres")
        password = c.password ?? ""
        let db = c.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        database = db.isEmpty ? (isMySQL ? nil : "postgres") : db
    }

    func engine(statementTimeout: Duration, logger: Logger) -> any LocalDatabaseEngine {
        if isMySQL {
            return MySQLEngine(host: host, port: port, defaultDatabase: database, statementTimeout: statementTimeout,
                               logger: logger)
        }
        return PostgresEngine(host: host, port: port, defaultDatabase: database ?? "postgres",
                              statementTimeout: statementTimeout, logger: logger)
    }
}
