import ArgumentParser
import DataAPI
import Foundation

/// What the commands that make one Data API call share: the connection and `--dry-run`.
struct CallOptions: ParsableArguments {
    @OptionGroup var connection: ConnectionOptions
    @Flag(
        help: ArgumentHelp(
            "Print the signed HTTP request instead of sending it. Without credentials in the environment "
                + "or profile it signs with AWS's documented example keys."))
    var dryRun = false

    /// Sends `make`'s operation (or prints it signed) and prints the response as JSON.
    func run<Op: DataAPIOperation & Encodable>(_ make: (DatabaseConfiguration) -> Op) async throws
    where Op.Response: Encodable {
        let connection = try await connection.connect(exampleArns: dryRun)
        try await connection.using { c in
            let op = make(c.configuration)
            if dryRun {
                let env = ProcessInfo.processInfo.environment
                let chain = CredentialProviderChain([
                    EnvironmentCredentialProvider(environment: env), ProfileCredentialProvider(environment: env),
                ])
                var client = c.client
                if (try? await client.credentialProvider.credentials()) == nil, (try? await chain.credentials()) == nil
                {
                    client = DataAPIClient(configuration: c.client.configuration,
                        credentialProvider: StaticCredentialProvider(
                            accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
                                           logger: c.logger)
                }
                let r = try await client.signedRequest(for: op)
                print("\(r.method) \(r.url)")
                for (k, v) in r.headers { print("\(k): \(v)") }
                print("")
                print(String(decoding: r.body, as: UTF8.self))
                return
            }
            let response = try await c.client.send(op)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(response), as: UTF8.self))
        }
    }
}

struct Execute: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run one SQL statement (ExecuteStatement) and print the service's JSON response.",
        discussion: """
        Parameters are --param name=value (a string), or name:TYPE=value with TYPE one of \
        long, double, bool, null, blob (base64), or a type hint: json, uuid, timestamp, date, time, decimal.
        """)
    @OptionGroup var call: CallOptions
    @Argument(help: "The SQL statement.") var sql: String
    @Option(name: .customLong("param"), help: "A named parameter, name[:type]=value.") var params: [String] = []
    @Option(help: "The transaction to run in.") var transactionId: String?
    @Flag(help: "Include column metadata.") var includeResultMetadata = false
    @Flag(help: "Return records as JSON text (formattedRecords).") var json = false

    func run() async throws {
        let parameters = try params.map(Self.parse)
        try await call.run { c in
            ExecuteStatementRequest(
                resourceArn: c.resourceArn, secretArn: c.secretArn, sql: sql, database: c.database,
                parameters: parameters.isEmpty ? nil : parameters, transactionId: transactionId,
                includeResultMetadata: includeResultMetadata ? true : nil, formatRecordsAs: json ? .json : nil)
        }
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
        case "double":
            guard let v = Double(value) else { throw bad() }; return .init(name: name, value: .doubleValue(v))
        case "bool": guard let v = Bool(value) else { throw bad() }; return .init(name: name, value: .booleanValue(v))
        case "null": return .init(name: name, value: .null)
        case "blob":
            guard let v = Data(base64Encoded: value) else { throw bad() };
            return .init(name: name, value: .blobValue(v))
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
    @OptionGroup var call: CallOptions
    func run() async throws {
        try await call.run {
            BeginTransactionRequest(resourceArn: $0.resourceArn, secretArn: $0.secretArn, database: $0.database)
        }
    }
}

struct Commit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Commit a transaction (CommitTransaction).")
    @OptionGroup var call: CallOptions
    @Argument(help: "The transaction ID.") var transactionId: String
    func run() async throws {
        try await call.run {
            CommitTransactionRequest(resourceArn: $0.resourceArn, secretArn: $0.secretArn, transactionId: transactionId)
        }
    }
}

struct Rollback: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Roll back a transaction (RollbackTransaction).")
    @OptionGroup var call: CallOptions
    @Argument(help: "The transaction ID.") var transactionId: String
    func run() async throws {
        try await call.run {
            RollbackTransactionRequest(
                resourceArn: $0.resourceArn, secretArn: $0.secretArn, transactionId: transactionId)
        }
    }
}
