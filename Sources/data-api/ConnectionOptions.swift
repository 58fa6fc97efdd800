import ArgumentParser
import DataAPI
import DataAPILocal
import Foundation
import Logging

/// Where and as whom to call, resolved in the library's order: flags, then the environment
/// (`AURORA_CLUSTER_ARN`, `AURORA_SECRET_ARN`, `AURORA_DATABASE`, `AURORA_ENGINE`,
/// `AWS_ENDPOINT_URL_RDS_DATA`, `AWS_PROFILE`, `AWS_REGION`), then `--url`. `--local` starts
/// an embedded local Data API instead.
struct ConnectionOptions: ParsableArguments {
    @Option(
        name: [.customLong("resource-arn"), .customLong("cluster-arn")],
        help: "The cluster ARN (else AURORA_CLUSTER_ARN, else --url).")
    var resourceArn: String?
    @Option(help: "The Secrets Manager secret ARN (else AURORA_SECRET_ARN, else --url).")
    var secretArn: String?
    @Option(help: "The database name (else AURORA_DATABASE, else --url's path; the secret's default when none).")
    var database: String?
    @Option(help: "The engine, postgresql or mysql (else AURORA_ENGINE, else --url's scheme; default postgresql).")
    var engine: String?
    @Option(help: "The region (default: the resource ARN's, AWS_REGION, or the profile's).")
    var region: String?
    @Option(help: "An endpoint URL instead of AWS's, for example a local Data API (else AWS_ENDPOINT_URL_RDS_DATA).")
    var endpointUrl: String?
    @Option(help: "The AWS profile for credentials, region and endpoint (else AWS_PROFILE).")
    var profile: String?
    @Option(
        help: ArgumentHelp("One URL: postgresql+auroradataapi://REGION/DATABASE?resource_arn=…&secret_arn=… "
            + "(mysql+auroradataapi:// for MySQL); flags and the environment override its parts."))
    var url: String?
    @Option(
        help: ArgumentHelp(
            "Start an embedded local Data API on an ephemeral database, removed on exit: --local, or --local mysql.",
            valueName: "postgresql|mysql"))
    var local: String?
    @Flag(help: "Use the FIPS endpoint.")
    var fips = false
    @Flag(help: "Log each call at debug level to standard error.")
    var verbose = false

    func validate() throws {
        if let local {
            guard DatabaseEngine(name: local) != nil else {
                throw ValidationError("--local takes postgresql or mysql, not '\(local)'")
            }
            if resourceArn != nil || secretArn != nil || url != nil || endpointUrl != nil {
                throw ValidationError(
                    "--local runs against its own server: "
                        + "leave out --resource-arn, --secret-arn, --url and --endpoint-url")
            }
        }
        if let engine, DatabaseEngine(name: engine) == nil {
            throw ValidationError("--engine takes postgresql or mysql, not '\(engine)'")
        }
    }

    var logger: Logger {
        var logger = Logger(label: "data-api")
        logger.logLevel = verbose ? .debug : .warning
        return logger
    }

    /// The configuration and client these options name; starts the embedded server for `--local`.
    /// - Parameter exampleArns: without a cluster named anywhere, use the example ARNs (for `--dry-run`).
    func connect(environment env: [String: String] = ProcessInfo.processInfo.environment,
                 exampleArns: Bool = false) async throws -> Connection {
        if let local {
            let engine = DatabaseEngine(name: local)!
            var serverLogger = Logger(label: "data-api-local")
            serverLogger.logLevel = verbose ? .info : .warning
            let server = engine == .mySQL
                ? try await DataAPILocalServer.startWithEphemeralMySQL(logger: serverLogger)
                : try await DataAPILocalServer.startWithEphemeralPostgres(logger: serverLogger)
            let configuration = DatabaseConfiguration(resourceArn: DataAPILocalConfiguration.defaultClusterArn,
                                                      secretArn: DataAPILocalConfiguration.defaultSecretArn,
                                                      database: database, engine: engine)
            return Connection(
                configuration: configuration, client: server.makeClient(retryPolicy: .none), server: server,
                logger: logger)
        }
        func value(_ flag: String?, _ variable: String) -> String? {
            flag ?? env[variable].flatMap { $0.isEmpty ? nil : $0 }
        }
        let fromURL = try url.map { try DatabaseConfiguration(url: $0) }
        let endpoint = value(endpointUrl, "AWS_ENDPOINT_URL_RDS_DATA") ?? fromURL?.endpoint
        let loopback = Self.isLoopback(endpoint ?? env["AWS_ENDPOINT_URL"])
        var resource = value(resourceArn, Database.EnvironmentVariable.clusterArn) ?? fromURL?.resourceArn
        var secret = value(secretArn, Database.EnvironmentVariable.secretArn) ?? fromURL?.secretArn
        if loopback || exampleArns {
            // A local Data API: its default cluster and secret unless told otherwise.
            resource = resource ?? DataAPILocalConfiguration.defaultClusterArn
            secret = secret ?? DataAPILocalConfiguration.defaultSecretArn
        }
        guard let resource, let secret else {
            throw ValidationError("""
                no cluster named: give --resource-arn and --secret-arn, set AURORA_CLUSTER_ARN and AURORA_SECRET_ARN, \
                or give --url; --local tries things out on an ephemeral local database
                """)
        }
        let engineName = value(engine, Database.EnvironmentVariable.engine)
        guard let engine = engineName.map({ DatabaseEngine(name: $0) }) ?? fromURL?.engine ?? .postgreSQL else {
            throw ValidationError(
                "\(Database.EnvironmentVariable.engine)='\(engineName ?? "")' is not postgresql or mysql")
        }
        let configuration = DatabaseConfiguration(
            resourceArn: resource, secretArn: secret,
            database: value(database, Database.EnvironmentVariable.database) ?? fromURL?.database,
            engine: engine, region: region ?? fromURL?.region, endpoint: endpoint,
            timeZone: fromURL?.timeZone ?? TimeZone(identifier: "UTC")!)
        var clientEnvironment = env
        if let profile { clientEnvironment["AWS_PROFILE"] = profile }
        let clientConfiguration = DataAPIClientConfiguration(
            region: configuration.region, endpoint: endpoint, useFIPS: fips,
            profile: profile, environment: clientEnvironment)
        let credentials = loopback ? await Self.localCredentials(clientEnvironment) : nil
        let client = DataAPIClient(configuration: clientConfiguration, credentialProvider: credentials, logger: logger)
        return Connection(configuration: configuration, client: client, server: nil, logger: logger)
    }

    /// Whether `endpoint` is on this machine (a `data-api-local`).
    static func isLoopback(_ endpoint: String?) -> Bool {
        guard let endpoint, let host = URL(string: endpoint)?.host?.lowercased() else { return false }
        return ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host)
    }

    /// For a local endpoint: the environment's or the profile's keys, else `data-api-local`'s
    /// default keys (AWS's documentation example keys), without asking EC2 or ECS.
    static func localCredentials(_ env: [String: String]) async -> any AWSCredentialProvider {
        let chain = CredentialProviderChain([
            EnvironmentCredentialProvider(environment: env), ProfileCredentialProvider(environment: env),
        ])
        if (try? await chain.credentials()) != nil { return chain }
        return StaticCredentialProvider(accessKeyId: DataAPILocalConfiguration.defaultAccessKeyId,
                                        secretAccessKey: DataAPILocalConfiguration.defaultSecretAccessKey)
    }
}

/// A resolved connection: what to call, the client to call it with, and the embedded server
/// to stop afterwards, if one was started.
struct Connection: Sendable {
    let configuration: DatabaseConfiguration
    let client: DataAPIClient
    let server: DataAPILocalServer?
    let logger: Logger

    var database: Database { Database(configuration: configuration, client: client, logger: logger) }

    /// Stops the embedded server (and removes its database).
    func close() async { await server?.stop() }

    /// Runs `body`, then closes the connection whatever happened.
    func using<T>(_ body: (Connection) async throws -> T) async throws -> T {
        do {
            let value = try await body(self)
            await close()
            return value
        } catch {
            await close()
            throw error
        }
    }
}
