import DataAPIClient
import Foundation
import Logging

extension Database {
    /// The environment variables ``fromEnvironment(_:client:logger:)`` reads.
    public enum EnvironmentVariable {
        /// The cluster ARN (required), as the DB-API driver aurora-data-api names it.
        public static let clusterArn = "AURORA_CLUSTER_ARN"
        /// The secret ARN (required).
        public static let secretArn = "AURORA_SECRET_ARN"
        /// The database name (optional; the secret's default database when unset).
        public static let database = "AURORA_DATABASE"
        /// The engine: `postgresql` (the default) or `mysql`.
        public static let engine = "AURORA_ENGINE"
    }

    /// A database configured by the environment: `AURORA_CLUSTER_ARN`, `AURORA_SECRET_ARN`,
    /// and optionally `AURORA_DATABASE` and `AURORA_ENGINE` (`postgresql` or `mysql`). The
    /// client's own settings keep coming from the environment too: `AWS_REGION`,
    /// `AWS_ENDPOINT_URL_RDS_DATA`, `AWS_PROFILE` and the credential chain.
    ///
    /// - Throws: ``DatabaseConfigurationError`` naming the variable that is missing or wrong.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment,
                                       client: DataAPIClient? = nil,
                                       logger: Logger = Logger(label: "swift-data-api")) throws -> Database {
        func required(_ name: String) throws -> String {
            guard let v = environment[name], !v.isEmpty else { throw DatabaseConfigurationError.missing(name) }
            return v
        }
        let resource = try required(EnvironmentVariable.clusterArn)
        let secret = try required(EnvironmentVariable.secretArn)
        try DatabaseConfigurationError.checkResourceArn(resource, part: EnvironmentVariable.clusterArn)
        try DatabaseConfigurationError.checkSecretArn(secret, part: EnvironmentVariable.secretArn)
        var engine = DatabaseEngine.postgreSQL
        if let name = environment[EnvironmentVariable.engine], !name.isEmpty {
            guard let e = DatabaseEngine(name: name) else {
                throw DatabaseConfigurationError.invalid(
                    EnvironmentVariable.engine, "'\(name)' is not postgresql or mysql")
            }
            engine = e
        }
        let database = environment[EnvironmentVariable.database].flatMap { $0.isEmpty ? nil : $0 }
        let configuration = DatabaseConfiguration(
            resourceArn: resource, secretArn: secret, database: database, engine: engine)
        let client = client ?? DataAPIClient(configuration: .init(environment: environment))
        return Database(configuration: configuration, client: client, logger: logger)
    }
}
