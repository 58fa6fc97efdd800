import ArgumentParser
import DataAPIClient
import Foundation
import Logging

@main
struct DataAPICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data-api",
        abstract: "Call the Amazon RDS Data API from the command line.",
        subcommands: [Execute.self, Begin.self, Commit.self, Rollback.self])
}

/// Where and as whom to call.
struct ConnectionOptions: ParsableArguments {
    @Option(help: "The cluster ARN.")
    var resourceArn = "arn:aws:rds:us-east-1:123456789012:cluster:dummy"
    @Option(help: "The Secrets Manager secret ARN.")
    var secretArn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:dummy"
    @Option(help: "The region (default: from the resource ARN, AWS_REGION, or the profile).")
    var region: String?
    @Option(help: "An endpoint URL to use instead of AWS's (for example a local Data API).")
    var endpointUrl: String?
    @Flag(help: "Use the FIPS endpoint.")
    var fips = false
    @Flag(help: "Print the signed HTTP request instead of sending it. Without credentials in the environment or profile it signs with AWS's documented example keys.")
    var dryRun = false
    @Flag(help: "Log each call at debug level to standard error.")
    var verbose = false

    func makeClient() async -> DataAPIClient {
        var logger = Logger(label: "data-api")
        logger.logLevel = verbose ? .debug : .warning
        var provider: (any AWSCredentialProvider)?
        if dryRun {
            let env = ProcessInfo.processInfo.environment
            let local = CredentialProviderChain([EnvironmentCredentialProvider(environment: env), ProfileCredentialProvider(environment: env)])
            if (try? await local.credentials()) == nil {
                provider = StaticCredentialProvider(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
            }
        }
        return DataAPIClient(configuration: .init(region: region, endpoint: endpointUrl, useFIPS: fips),
                             credentialProvider: provider, logger: logger)
    }

    func run<Op: DataAPIOperation & Encodable>(_ op: Op) async throws where Op.Response: Encodable {
        let client = await makeClient()
        if dryRun {
            let r = try await client.signedRequest(for: op)
            print("\(r.method) \(r.url)")
            for (k, v) in r.headers { print("\(k): \(v)") }
            print("")
            print(String(decoding: r.body, as: UTF8.self))
            return
        }
        let response = try await client.send(op)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(response), as: UTF8.self))
    }
}

struct Execute: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run one SQL statement (ExecuteStatement).",
        discussion: """
        Parameters are --param name=value (a string), or name:TYPE=value with TYPE one of \
        long, double, bool, null, blob (base64), or a type hint: json, uuid, timestamp, date, time, decimal.
        """)
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "The SQL statement.") var sql: String
    @Option(name: .customLong("param"), help: "A named parameter, name[:type]=value.") var params: [String] = []
    @Option(help: "The database name.") var database: String?
    @Option(help: "The transaction to run in.") var transactionId: String?
    @Flag(help: "Include column metadata.") var includeResultMetadata = false
    @Flag(help: "Return records as JSON text (formattedRecords).") var json = false

    func run() async throws {
        let parameters = try params.map(Self.parse)
        try await connection.run(ExecuteStatementRequest(
            resourceArn: connection.resourceArn, secretArn: connection.secretArn, sql: sql, database: database,
            parameters: parameters.isEmpty ? nil : parameters, transactionId: transactionId,
            includeResultMetadata: includeResultMetadata ? true : nil, formatRecordsAs: json ? .json : nil))
    }

    static func parse(_ text: String) throws -> SqlParameter {
        guard let eq = text.firstIndex(of: "=") else { throw ValidationError("--param '\(text)' needs name=value") }
        let left = text[..<eq], value = String(text[text.index(after: eq)...])
        let parts = left.split(separator: ":", maxSplits: 1)
        let name = String(parts[0]), type = parts.count > 1 ? parts[1].lowercased() : "string"
        func bad() -> ValidationError { ValidationError("--param \(name): '\(value)' is not a valid \(type)") }
        switch type {
        case "string": return .init(name: name, value: .stringValue(value))
        case "long": guard let v = Int64(value) else { throw bad() }; return .init(name: name, value: .longValue(v))
        case "double": guard let v = Double(value) else { throw bad() }; return .init(name: name, value: .doubleValue(v))
        case "bool": guard let v = Bool(value) else { throw bad() }; return .init(name: name, value: .booleanValue(v))
        case "null": return .init(name: name, value: .null)
        case "blob": guard let v = Data(base64Encoded: value) else { throw bad() }; return .init(name: name, value: .blobValue(v))
        default:
            guard let hint = TypeHint(rawValue: type.uppercased()) else {
                throw ValidationError("--param \(name): unknown type '\(type)'")
            }
            return .init(name: name, value: .stringValue(value), typeHint: hint)
        }
    }
}

struct Begin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Start a transaction (BeginTransaction).")
    @OptionGroup var connection: ConnectionOptions
    @Option(help: "The database name.") var database: String?
    func run() async throws {
        try await connection.run(BeginTransactionRequest(resourceArn: connection.resourceArn, secretArn: connection.secretArn, database: database))
    }
}

struct Commit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Commit a transaction (CommitTransaction).")
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "The transaction ID.") var transactionId: String
    func run() async throws {
        try await connection.run(CommitTransactionRequest(resourceArn: connection.resourceArn, secretArn: connection.secretArn, transactionId: transactionId))
    }
}

struct Rollback: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Roll back a transaction (RollbackTransaction).")
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "The transaction ID.") var transactionId: String
    func run() async throws {
        try await connection.run(RollbackTransactionRequest(resourceArn: connection.resourceArn, secretArn: connection.secretArn, transactionId: transactionId))
    }
}
