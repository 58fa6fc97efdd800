import DataAPIClient
@testable import DataAPILocal
import DataAPITestServer
import Foundation
import Testing

/// boto3 and the AWS CLI, real clients from another language, pointed at the local server
/// with `--endpoint-url`, run every operation.
@Suite(.serialized) struct BotoAndCLITests {
    static let environment: [String: String] = {
        var env = ProcessInfo.processInfo.environment
        env["AWS_ACCESS_KEY_ID"] = DataAPILocalConfiguration.defaultAccessKeyId
        env["AWS_SECRET_ACCESS_KEY"] = DataAPILocalConfiguration.defaultSecretAccessKey
        env["AWS_DEFAULT_REGION"] = "us-east-1"
        env["AWS_EC2_METADATA_DISABLED"] = "true"
        env.removeValue(forKey: "AWS_SESSION_TOKEN")
        env.removeValue(forKey: "AWS_PROFILE")
        return env
    }()

    @Test func boto3RunsEveryOperation() async throws {
        let server = try await LocalFixture.shared.standard()
        let table = Target.table("boto")
        let script = #"""
import sys, json, boto3
from botocore.exceptions import ClientError
c = boto3.client('rds-data', endpoint_url=sys.argv[1])
A = dict(resourceArn='arn:aws:rds:us-east-1:123456789012:cluster:dummy', secretArn='arn:aws:secretsmanager:us-east-1:123456789012:secret:dummy')
T = sys.argv[2]
out = {}
out['create'] = c.execute_statement(sql=f'CREATE TABLE {T} (id serial PRIMARY KEY, name text, score float8, data bytea, at timestamp)', **A)['numberOfRecordsUpdated']
r = c.batch_execute_statement(sql=f'INSERT INTO {T} (name, score, data, at) VALUES (:n, :s, :d, :t)', parameterSets=[
    [{'name': 'n', 'value': {'stringValue': 'ada'}}, {'name': 's', 'value': {'doubleValue': 1.5}}, {'name': 'd', 'value': {'blobValue': b'\x00\x01'}},
     {'name': 't', 'value': {'stringValue': '2024-01-02 03:04:05'}, 'typeHint': 'TIMESTAMP'}],
    [{'name': 'n', 'value': {'isNull': True}}, {'name': 's', 'value': {'doubleValue': 2}}, {'name': 'd', 'value': {'isNull': True}},
     {'name': 't', 'value': {'isNull': True}}]], **A)
out['batch'] = len(r['updateResults'])
tx = c.begin_transaction(**A)['transactionId']
c.execute_statement(sql=f"UPDATE {T} SET name = 'grace' WHERE name IS NULL", transactionId=tx, **A)
out['commit'] = c.commit_transaction(transactionId=tx, **A)['transactionStatus']
tx = c.begin_transaction(**A)['transactionId']
c.execute_statement(sql=f'DELETE FROM {T}', transactionId=tx, **A)
out['rollback'] = c.rollback_transaction(transactionId=tx, **A)['transactionStatus']
r = c.execute_statement(sql=f'SELECT id, name, score, data, at FROM {T} ORDER BY id', includeResultMetadata=True, **A)
out['records'] = [[{k: (v.hex() if isinstance(v, bytes) else v) for k, v in f.items()} for f in row] for row in r['records']]
out['types'] = [m['typeName'] for m in r['columnMetadata']]
out['json'] = c.execute_statement(sql=f'SELECT name FROM {T} ORDER BY id', formatRecordsAs='JSON', **A)['formattedRecords']
out['sql'] = c.execute_sql(dbClusterOrInstanceArn=A['resourceArn'], awsSecretStoreArn=A['secretArn'], sqlStatements='SELECT 1; SELECT 2')['sqlStatementResults'][1]['resultFrame']['records'][0]['values']
try:
    c.execute_statement(sql='SELECT * FROM missing_table', **A)
except ClientError as e:
    out['error'] = [e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode'], 'SQLState: 42P01' in e.response['Error']['Message']]
out['requestId'] = bool(r['ResponseMetadata']['RequestId'])
print(json.dumps(out))
"""#
        let output = try await Subprocess.run(
            "/usr/bin/env", ["python3", "-c", script, server.endpoint, table], environment: Self.environment)
        let o = try JSONSerialization.jsonObject(with: Data(output.utf8)) as! [String: Any]
        #expect(o["create"] as? Int == 0)
        #expect(o["batch"] as? Int == 2)
        #expect(o["commit"] as? String == "Transaction Committed")
        #expect(o["rollback"] as? String == "Rollback Complete")
        let records = o["records"] as! [[[String: Any]]]
        #expect(records.count == 2)
        #expect(records[0][1]["stringValue"] as? String == "ada" && records[1][1]["stringValue"] as? String == "grace")
        #expect(records[0][2]["doubleValue"] as? Double == 1.5 && records[0][3]["blobValue"] as? String == "0001")
        #expect(
            records[0][4]["stringValue"] as? String == "2024-01-02 03:04:05" && records[1][4]["isNull"] as? Bool == true
        )
        #expect(o["types"] as? [String] == ["serial", "text", "float8", "bytea", "timestamp"])
        #expect(o["json"] as? String == #"[{"name":"ada"},{"name":"grace"}]"#)
        #expect((o["sql"] as? [[String: Any]])?.first?["bigIntValue"] as? Int == 2)
        let error = o["error"] as? [Any]
        #expect(
            error?[0] as? String == "DatabaseErrorException" && error?[1] as? Int == 400 && error?[2] as? Bool == true)
        #expect(o["requestId"] as? Bool == true)
    }

    @Test func awsCLIRunsEveryOperation() async throws {
        let server = try await LocalFixture.shared.standard()
        let arns = [
            "--resource-arn", DataAPILocalConfiguration.defaultClusterArn, "--secret-arn",
            DataAPILocalConfiguration.defaultSecretArn,
        ]
        func aws(_ args: [String]) async throws -> [String: Any] {
            let out = try await Subprocess.run(
                "/usr/bin/env", ["aws", "rds-data"] + args + ["--endpoint-url", server.endpoint, "--output", "json"],
                environment: Self.environment)
            return try JSONSerialization.jsonObject(with: Data(out.utf8)) as! [String: Any]
        }
        let table = Target.table("cli")
        _ = try await aws(["execute-statement"] + arns + ["--sql", "CREATE TABLE \(table) (v int)"])
        let batch = try await aws(["batch-execute-statement"] + arns + ["--sql", "INSERT INTO \(table) VALUES (:v)",
                "--parameter-sets", #"[[{"name":"v","value":{"longValue":1}}],[{"name":"v","value":{"longValue":2}}]]"#,
            ])
        #expect((batch["updateResults"] as? [Any])?.count == 2)
        let tx = try await aws(["begin-transaction"] + arns)["transactionId"] as! String
        _ = try await aws(
            ["execute-statement"] + arns + ["--sql", "INSERT INTO \(table) VALUES (3)", "--transaction-id", tx])
        #expect(
            try await aws(["commit-transaction"] + arns + ["--transaction-id", tx])["transactionStatus"] as? String
                == "Transaction Committed")
        let tx2 = try await aws(["begin-transaction"] + arns)["transactionId"] as! String
        #expect(
            try await aws(["rollback-transaction"] + arns + ["--transaction-id", tx2])["transactionStatus"] as? String
                == "Rollback Complete")
        let sum = try await aws(
            ["execute-statement"] + arns + [
                "--sql", "SELECT sum(v)::int AS s FROM \(table) WHERE v > :min", "--parameters",
                #"[{"name":"min","value":{"longValue":0}}]"#, "--include-result-metadata",
            ])
        #expect(((sum["records"] as? [[[String: Any]]])?.first?.first?["longValue"]) as? Int == 6)
        #expect(((sum["columnMetadata"] as? [[String: Any]])?.first?["label"]) as? String == "s")
        let v1 = try await aws([
            "execute-sql", "--db-cluster-or-instance-arn", DataAPILocalConfiguration.defaultClusterArn,
            "--aws-secret-store-arn", DataAPILocalConfiguration.defaultSecretArn, "--sql-statements", "SELECT 41 + 1",
        ])
        #expect((v1["sqlStatementResults"] as? [[String: Any]])?.count == 1)
        do {
            _ = try await aws(["execute-statement"] + arns + ["--sql", "SELECT 1; SELECT 2"])
            Issue.record("expected a ValidationException")
        } catch let e as ChildProcess.Failure {
            #expect(e.stderr.contains("ValidationException") && e.stderr.contains("Multistatements aren't supported."))
        }
    }
}
