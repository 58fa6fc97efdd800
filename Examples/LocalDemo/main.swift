// The smallest useful program the code supports today: start the embedded local Data API on
// an ephemeral PostgreSQL, then use DataAPIClient against it exactly as against AWS.
//
//   swift run local-demo
import DataAPIClient
import DataAPILocal
import Foundation

let server = try await DataAPILocalServer.startWithEphemeralPostgres()
print("local Data API listening on \(server.endpoint)")

let client = DataAPIClient(
    configuration: .init(region: "us-east-1", endpoint: server.endpoint),
    credentialProvider: StaticCredentialProvider(accessKeyId: DataAPILocalConfiguration.defaultAccessKeyId,
                                                 secretAccessKey: DataAPILocalConfiguration.defaultSecretAccessKey))
let cluster = DataAPILocalConfiguration.defaultClusterArn
let secret = DataAPILocalConfiguration.defaultSecretArn

func run(
    _ sql: String, _ parameters: [SqlParameter]? = nil, transactionId: String? = nil
) async throws -> ExecuteStatementResponse {
    try await client.executeStatement(.init(resourceArn: cluster, secretArn: secret, sql: sql, parameters: parameters,
                                            transactionId: transactionId, includeResultMetadata: true))
}

do {
    _ = try await run("CREATE TABLE users (id serial PRIMARY KEY, name text NOT NULL, joined timestamp NOT NULL)")
    let batch = try await client.batchExecuteStatement(.init(
        resourceArn: cluster, secretArn: secret, sql: "INSERT INTO users (name, joined) VALUES (:name, :joined)",
        parameterSets: [("Ada", "1843-07-01 09:00:00"), ("Grace", "1952-05-01 10:30:00")].map { name, joined in
            [SqlParameter(name: "name", value: .stringValue(name)),
             SqlParameter(name: "joined", value: .stringValue(joined), typeHint: .timestamp)]
        }))
    print("inserted \(batch.updateResults?.count ?? 0) rows")

    let tx = try await client.beginTransaction(.init(resourceArn: cluster, secretArn: secret)).transactionId!
    _ = try await run("DELETE FROM users", transactionId: tx)
    let status = try await client.rollbackTransaction(.init(resourceArn: cluster, secretArn: secret, transactionId: tx))
        .transactionStatus!
    print("deleted everything in a transaction, then: \(status)")

    let result = try await run("SELECT id, name, joined FROM users WHERE name LIKE :pattern ORDER BY id",
                               [.init(name: "pattern", value: .stringValue("%a%"))])
    let columns = result.columnMetadata?.map { "\($0.name ?? "?") \($0.typeName ?? "?")" } ?? []
    print("columns: \(columns.joined(separator: ", "))")
    for row in result.records ?? [] { print("  \(row)") }

    do {
        _ = try await run("SELECT * FROM no_such_table")
    } catch let e as DataAPIError {
        print("a typed error: \(e.code) with SQLState \(e.sqlState ?? "-")")
    }
} catch {
    print("demo failed: \(error)")
}
await server.stop()
print("stopped; the ephemeral PostgreSQL is gone")
