import DataAPIClient
@testable import DataAPILocal
import DataAPITestServer
import Foundation
import Testing

/// Behaviour that must not depend on the engine: each test is written once and runs against
/// PostgreSQL and MariaDB through the same HTTP path, asserting values, Field kinds,
/// metadata and error names. Where the engines legitimately differ (type names), the
/// expectation is a per-engine table, not a second test.
@Suite struct ConformanceTests {
    func target(_ engine: EngineKind) async throws -> Target {
        try await Target.make(try await LocalFixture.shared.standard(engine))
    }

    @Test(arguments: EngineKind.allCases) func literalsHaveTheirFieldKinds(_ engine: EngineKind) async throws {
        let t = try await target(engine)
        let r = try await t.execute("SELECT 1 AS i, 'héllo' AS s, CAST(2.5 AS \(engine.doubleType)) AS d, NULL AS n")
        #expect(r.records == [[.longValue(1), .stringValue("héllo"), .doubleValue(2.5), .null]])
        #expect(r.columnMetadata == nil)
        #expect(r.numberOfRecordsUpdated == 0)
    }

    @Test(arguments: EngineKind.allCases) func everyParameterKindRoundTrips(_ engine: EngineKind) async throws {
        let t = try await target(engine)
        let table = Target.table("conf")
        try await t.execute("""
            CREATE TABLE \(table) (id \(engine.autoIdColumn), b BOOLEAN, i BIGINT, d \(engine.doubleType), s VARCHAR(100), x TEXT,
              bin \(engine.blobType), amount DECIMAL(10,2), day DATE, at \(engine.timestampType))
            """)
        let tricky = "it's \"quoted\" \\ :notaparam -- not a comment ✓ 🚀"
        let insert = try await t.execute(
            "INSERT INTO \(table) (b, i, d, s, x, bin, amount, day, at) VALUES (:b, :i, :d, :s, :x, :bin, :amount, :day, :at)",
            [.init(name: "b", value: .booleanValue(true)), .init(name: "i", value: .longValue(-9_007_199_254_740_993)),
                .init(name: "d", value: .doubleValue(0.1)), .init(name: "s", value: .stringValue(tricky)),
                .init(name: "x", value: .null),
             .init(name: "bin", value: .blobValue(Data([0, 1, 2, 255]))),
                .init(name: "amount", value: .stringValue("12.50"), typeHint: .decimal),
                .init(name: "day", value: .stringValue("2024-02-29"), typeHint: .date),
             .init(name: "at", value: .stringValue("2024-01-02 03:04:05.123456"), typeHint: .timestamp)])
        #expect(insert.numberOfRecordsUpdated == 1)
        let r = try await t.execute("SELECT b, i, d, s, x, bin, amount, day, at FROM \(table)", metadata: true)
        #expect(
            r.records == [
                [
                    .booleanValue(true), .longValue(-9_007_199_254_740_993), .doubleValue(0.1), .stringValue(tricky),
                    .null,
                    .blobValue(Data([0, 1, 2, 255])), .stringValue("12.50"), .stringValue("2024-02-29"),
                    .stringValue("2024-01-02 03:04:05.123456"),
                ]
            ])
        let expectedTypes: [EngineKind: [String]] = [
            .postgresql: ["bool", "int8", "float8", "varchar", "text", "bytea", "numeric", "date", "timestamp"],
            .mysql: ["BIT", "BIGINT", "DOUBLE", "VARCHAR", "TEXT", "LONGBLOB", "DECIMAL", "DATE", "DATETIME"],
        ]
        let m = try #require(r.columnMetadata)
        #expect(m.map(\.typeName) == expectedTypes[engine]!)
        #expect(
            m.map(\.type) == [
                -7, -5, 8, 12, engine == .mysql ? -1 : 12, engine == .mysql ? -4 : -2, engine == .mysql ? 3 : 2, 91, 93,
            ])
        #expect(m.map(\.name) == ["b", "i", "d", "s", "x", "bin", "amount", "day", "at"])
        #expect(m.allSatisfy { $0.tableName == table && $0.nullable == 1 && $0.schemaName == "" })
        #expect(m[1].isSigned == true && m[3].isSigned == false)
        #expect(m[6].precision == 10 && m[6].scale == 2)
        #expect(m[3].precision == 100)
    }

    @Test(arguments: EngineKind.allCases) func resultSetOptionsApply(_ engine: EngineKind) async throws {
        let t = try await target(engine)
        let r = try await t.execute("SELECT CAST(12.50 AS DECIMAL(10,2)) AS a, CAST(7 AS DECIMAL(10,0)) AS b, 42 AS c",
                                    options: .init(decimalReturnType: .doubleOrLong, longReturnType: .string))
        #expect(r.records == [[.doubleValue(12.5), .longValue(7), .stringValue("42")]])
    }

    @Test(arguments: EngineKind.allCases) func jsonFormattedRecords(_ engine: EngineKind) async throws {
        let t = try await target(engine)
        let r = try await t.execute("SELECT 1 AS a, 'x' AS b, NULL AS c", format: .json)
        #expect(r.records == nil)
        let rows =
            try JSONSerialization.jsonObject(with: Data(try #require(r.formattedRecords).utf8)) as? [[String: Any]]
        #expect(rows?.count == 1)
        #expect(rows?.first?["a"] as? Int == 1 && rows?.first?["b"] as? String == "x" && rows?.first?["c"] is NSNull)
    }

    @Test(arguments: EngineKind.allCases) func transactionsCommitAndRollBack(_ engine: EngineKind) async throws {
        let t = try await target(engine)
        let table = Target.table("conftx")
        try await t.execute("CREATE TABLE \(table) (v INT)")
        let tx = try await t.begin()
        #expect(tx.count <= 192 && tx.count >= 16)
        try await t.execute("INSERT INTO \(table) VALUES (1)", transactionId: tx)
        #expect(try await t.execute("SELECT count(*) FROM \(table)").records?.first == [.longValue(0)])
        #expect(
            try await t.execute("SELECT count(*) FROM \(table)", transactionId: tx).records?.first == [.longValue(1)])
        #expect(try await t.commit(tx) == "Transaction Committed")
        #expect(try await t.execute("SELECT count(*) FROM \(table)").records?.first == [.longValue(1)])

        let tx2 = try await t.begin()
        try await t.execute("DELETE FROM \(table)", transactionId: tx2)
        _ = try await t.client.batchExecuteStatement(
            .init(
                resourceArn: t.resourceArn, secretArn: t.secretArn, sql: "INSERT INTO \(table) VALUES (:v)",
                parameterSets: [[.init(name: "v", value: .longValue(2))]], transactionId: tx2))
        #expect(try await t.rollback(tx2) == "Rollback Complete")
        #expect(try await t.execute("SELECT count(*) FROM \(table)").records?.first == [.longValue(1)])
        await expectError(.transactionNotFound, "isn't found") { _ = try await t.commit(tx2) }
        await expectError(.transactionNotFound, "Transaction nope isn't found.") { _ = try await t.rollback("nope") }
    }

    /// As on Data API v2: an ordinary SQL error leaves the transaction open. PostgreSQL then
    /// refuses statements (25P02) and its COMMIT rolls back; MySQL goes on and commits.
    @Test(arguments: EngineKind.allCases)
    func anOrdinaryErrorLeavesTheTransactionOpen(_ engine: EngineKind) async throws {
        let t = try await target(engine)
        let table = Target.table("conferr")
        try await t.execute("CREATE TABLE \(table) (v INT)")
        let tx = try await t.begin()
        try await t.execute("INSERT INTO \(table) VALUES (1)", transactionId: tx)
        await expectError(.databaseError, engine == .mysql ? "SQLState: 42S02" : "SQLState: 42P01") {
            try await t.execute("SELECT * FROM missing_table", transactionId: tx)
        }
        if engine == .mysql {
            #expect(try await t.execute("SELECT 1", transactionId: tx).records == [[.longValue(1)]])
        } else {
            await expectError(.databaseError, "SQLState: 25P02") { try await t.execute("SELECT 1", transactionId: tx) }
        }
        #expect(try await t.commit(tx) == "Transaction Committed")
        #expect(
            try await t.execute("SELECT count(*) FROM \(table)").records?.first == [
                .longValue(engine == .mysql ? 1 : 0)
            ])
    }

    /// A result over the size limit does end the transaction (v2).
    @Test(arguments: EngineKind.allCases)
    func aResultOverTheLimitEndsTheTransaction(_ engine: EngineKind) async throws {
        let server = try await LocalFixture.shared.server(engine) { $0.limits.maxResultBytes = 10_000 }
        defer { Task { await server.stop() } }
        let t = try await Target.make(server)
        let tx = try await t.begin()
        let rows = engine == .mysql
            ? "SELECT REPEAT('x', 2000) FROM (SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6) a"
            : "SELECT repeat('x', 2000) FROM generate_series(1, 6)"
        await expectError(.unsupportedResult, "exceeded size limit") { try await t.execute(rows, transactionId: tx) }
        await expectError(.transactionNotFound, "aborted due to an error") {
            try await t.execute("SELECT 1", transactionId: tx)
        }
    }

    @Test(arguments: EngineKind.allCases) func errorsAreTyped(_ engine: EngineKind) async throws {
        let t = try await target(engine)
        do {
            try await t.execute("SELEC 1")
            Issue.record("expected an error")
        } catch let e as DataAPIError {
            #expect(e.code == .databaseError && e.httpStatus == 400)
            #expect(e.sqlState == "42601" || e.sqlState == "42000", "\(e)")
            if engine == .mysql { #expect(e.databaseErrorCode == 1064) }
        }
        await expectError(.badRequest, "'missing'") { try await t.execute("SELECT :missing") }
        await expectError(.validation, "Multistatements") { try await t.execute("SELECT 1; SELECT 2") }
        await expectError(.badRequest, "Array parameters are not supported.") {
            try await t.execute("SELECT :a", [.init(name: "a", value: .arrayValue(.longValues([1])))])
        }
        // A well-formed but impossible date reaches the database, which refuses it.
        await expectError(.databaseError, "SQLState: 22") {
            try await t.execute("SELECT :d", [.init(name: "d", value: .stringValue("2024-13-45"), typeHint: .date)])
        }
    }

    @Test(arguments: EngineKind.allCases) func batchIsAtomicOutsideATransaction(_ engine: EngineKind) async throws {
        let t = try await target(engine)
        let table = Target.table("confbatch")
        try await t.execute("CREATE TABLE \(table) (id INT PRIMARY KEY)")
        let ok = try await t.client.batchExecuteStatement(
            .init(
                resourceArn: t.resourceArn, secretArn: t.secretArn, sql: "INSERT INTO \(table) VALUES (:id)",
                parameterSets: [[.init(name: "id", value: .longValue(1))], [.init(name: "id", value: .longValue(2))]]))
        #expect(ok.updateResults?.count == 2)
        await expectError(.databaseError, "SQLState: 23") {
            _ = try await t.client.batchExecuteStatement(
                .init(
                    resourceArn: t.resourceArn, secretArn: t.secretArn, sql: "INSERT INTO \(table) VALUES (:id)",
                    parameterSets: [
                        [.init(name: "id", value: .longValue(3))], [.init(name: "id", value: .longValue(1))],
                    ]))
        }
        #expect(try await t.execute("SELECT count(*) FROM \(table)").records?.first == [.longValue(2)])
    }

    @Test(arguments: EngineKind.allCases) func resultLimitsApply(_ engine: EngineKind) async throws {
        let server = try await LocalFixture.shared.server(engine) {
            $0.limits.maxResultBytes = 10_000; $0.limits.maxRowBytes = 3_000
        }
        defer { Task { await server.stop() } }
        let t = try await Target.make(server)
        let repeatFn = engine == .mysql ? "REPEAT('x', 4000)" : "repeat('x', 4000)"
        await expectError(.unsupportedResult, "Packet for query is too large") {
            try await t.execute("SELECT \(repeatFn)")
        }
        let rows = engine == .mysql
            ? "SELECT REPEAT('x', 2000) FROM (SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6) a"
            : "SELECT repeat('x', 2000) FROM generate_series(1, 6)"
        await expectError(.unsupportedResult, "exceeded size limit") { try await t.execute(rows) }
        // The connection is still usable afterwards.
        #expect(try await t.execute("SELECT 1").records == [[.longValue(1)]])
    }

    /// The ephemeral databases' Data API user is what Aurora's master user is, not a superuser
    /// (PostgreSQL: no `COPY … TO PROGRAM`; MariaDB: no FILE privilege), and its password is
    /// random for each server.
    @Test(arguments: EngineKind.allCases) func theMasterUserIsNoSuperuser(_ engine: EngineKind) async throws {
        let t = try await target(engine)
        if engine == .mysql {
            await expectError(.databaseError, "Access denied") {
                try await t.execute("SELECT 1 INTO OUTFILE '/tmp/data-api-local-probe'")
            }
            #expect(try await LocalFixture.shared.mysqlDatabase().password.count == 24)
        } else {
            let r = try await t.execute(
                "SELECT rolsuper, rolcreatedb, rolcreaterole FROM pg_roles WHERE rolname = current_user")
            #expect(r.records == [[.booleanValue(false), .booleanValue(true), .booleanValue(true)]])
            await expectError(.databaseError, "pg_execute_server_program") {
                try await t.execute("COPY (SELECT 1) TO PROGRAM 'true'")
            }
            #expect(try await LocalFixture.shared.database().password.count == 24)
        }
        // What the master user may do: create a database and a role.
        let name = Target.table("probe")
        try await t.execute("CREATE DATABASE \(name)")
        // Not dropped on PostgreSQL: DROP DATABASE waits until every backend of the shared
        // cluster has acknowledged it (a ProcSignalBarrier since PostgreSQL 15), so a backend another suite
        // keeps busy meanwhile can hold it past the 45 s statement timeout. The cluster is removed
        // with the test run.
        if engine == .mysql { try await t.execute("DROP DATABASE \(name)") }
        try await t.execute(engine == .mysql ? "CREATE USER \(name)" : "CREATE ROLE \(name)")
        try await t.execute(engine == .mysql ? "DROP USER \(name)" : "DROP ROLE \(name)")
    }

    /// `json` and `jsonb` come back compact, as Data API v2 re-serializes them (PostgreSQL
    /// prints `{"x": 0, "z": [0, 1]}`); spaces inside strings stay.
    @Test func jsonValuesComeBackCompact() async throws {
        let t = try await target(.postgresql)
        let r = try await t.execute(
            #"SELECT '{"x": 0, "z": [0, 1], "s": "a b"}'::jsonb, '{ "k" : [ 1 , 2 ] }'::json, ARRAY['{"k": 1}'::jsonb]"#
        )
        #expect(r.records?.first?[0] == .stringValue(#"{"s":"a b","x":0,"z":[0,1]}"#))
        #expect(r.records?.first?[1] == .stringValue(#"{"k":[1,2]}"#))
        #expect(r.records?.first?[2] == .arrayValue(.stringValues([#"{"k":1}"#])))
    }

    /// Fractional seconds a column cannot hold are rounded, as Aurora MySQL 3 (MySQL 8.0)
    /// does, not truncated as MariaDB does by default.
    @Test func mySQLRoundsFractionalSecondsThatDoNotFit() async throws {
        let t = try await target(.mysql)
        let table = Target.table("ts")
        try await t.execute("CREATE TABLE \(table) (at TIMESTAMP NULL, d DATETIME(3) NULL)")
        try await t.execute("INSERT INTO \(table) VALUES ('2020-09-17 13:49:32.780180', '2020-09-17 13:49:32.780580')")
        let r = try await t.execute("SELECT at, d FROM \(table)")
        #expect(r.records?.first == [.stringValue("2020-09-17 13:49:33"), .stringValue("2020-09-17 13:49:32.781")])
    }

    /// The SQL length limit counts UTF-16 code units as the service does ("\r\n" is two),
    /// and a NUL in the SQL or the database name is refused before it reaches the database.
    @Test(arguments: EngineKind.allCases) func sqlLengthAndNULCharacters(_ engine: EngineKind) async throws {
        let t = try await target(engine)
        let long = "SELECT 1" + String(repeating: "\r\n", count: 33_000)
        await expectError(.validation, "less than or equal to 65536") { try await t.execute(long) }
        #expect(try await t.execute("SELECT 1" + String(repeating: "\r\n", count: 32_000)).records == [[.longValue(1)]])
        await expectError(.validation, "NUL") { try await t.execute("SELECT 1\u{0}") }
        await expectError(.validation, "NUL") { try await t.execute("SELECT 1", database: "te\u{0}st") }
    }

    /// A result far over the limit fails as soon as the limit is passed (the statement is
    /// cancelled, not read to its end), in a transaction too, and the connection stays usable.
    @Test(arguments: EngineKind.allCases)
    func aHugeResultFailsAtTheLimitNotAtItsEnd(_ engine: EngineKind) async throws {
        let t = try await target(engine)
        // Five million rows that the database streams (no set materialized first).
        let huge = engine == .mysql
            ? "SELECT REPEAT('x', 100) FROM seq_1_to_5000 a, seq_1_to_1000 b"
            : "SELECT repeat('x', 100) FROM generate_series(1, 5000) a, generate_series(1, 1000) b"
        for transactionId in [nil, try await t.begin()] {
            let started = ContinuousClock.now
            await expectError(.unsupportedResult, "exceeded size limit") {
                try await t.execute(huge, transactionId: transactionId)
            }
            let elapsed = ContinuousClock.now - started
            // Reading all five million rows took minutes (PostgreSQL hit the 45 s statement
            // timeout instead); stopping at the limit takes about a second on an idle machine.
            #expect(elapsed < .seconds(20), "the size error came after \(elapsed)")
        }
        #expect(try await t.execute("SELECT 1").records == [[.longValue(1)]])
    }

    @Test(arguments: EngineKind.allCases)
    func statementTimeoutAndContinueAfterTimeout(_ engine: EngineKind) async throws {
        let server = try await LocalFixture.shared.server(engine) { $0.limits.statementTimeout = .milliseconds(600) }
        defer { Task { await server.stop() } }
        let t = try await Target.make(server)
        // The engine's own timeout cancels the statement.
        do {
            try await t.execute(engine.sleep(seconds: 3))
            Issue.record("expected a timeout")
        } catch let e as DataAPIError {
            #expect(e.code == .statementTimeout, "\(e)")
            #expect(e.dbConnectionId != nil)
        }
        // With continueAfterTimeout the caller gets the timeout while the statement finishes.
        let table = Target.table("confslow")
        try await t.execute("CREATE TABLE \(table) (v INT)")
        let tx = try await t.begin()
        let sql =
            engine == .mysql
            ? "INSERT INTO \(table) SELECT SLEEP(1.2)" : "INSERT INTO \(table) SELECT 0 FROM pg_sleep(1.2)"
        await expectError(.statementTimeout) { try await t.execute(sql, transactionId: tx, continueAfterTimeout: true) }
        // The statement ends about 1.2 s after it started; until then the transaction refuses
        // other statements (waited for, since a loaded machine takes longer).
        var count: ExecuteStatementResponse?
        let deadline = ContinuousClock.now + .seconds(20)
        while count == nil {
            do {
                count = try await t.execute("SELECT count(*) FROM \(table)", transactionId: tx)
            } catch let e as DataAPIError where e.message.contains("still running") && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(200))
            }
        }
        #expect(count?.records?.first == [.longValue(1)])
        _ = try await t.commit(tx)
    }

    @Test(arguments: EngineKind.allCases) func signaturesAreVerified(_ engine: EngineKind) async throws {
        let server = try await LocalFixture.shared.standard(engine)
        let client = DataAPIClient(
            configuration: .init(region: "us-east-1", endpoint: server.endpoint, retryPolicy: .none, environment: [:]),
            credentialProvider: StaticCredentialProvider(
                accessKeyId: DataAPILocalConfiguration.defaultAccessKeyId, secretAccessKey: "wrong"))
        await expectError("InvalidSignatureException", "does not match") {
            _ = try await client.executeStatement(.init(resourceArn: DataAPILocalConfiguration.defaultClusterArn,
                    secretArn: DataAPILocalConfiguration.defaultSecretArn, sql: "SELECT 1"))
        }
    }

    @Test(arguments: EngineKind.allCases) func faultsAreInjected(_ engine: EngineKind) async throws {
        let server = try await LocalFixture.shared.server(engine) { $0.faults.autoPauseResume = .seconds(60) }
        defer { Task { await server.stop() } }
        let t = try await Target.make(server)
        await expectError(.databaseResuming) { try await t.execute("SELECT 1") }
    }

    @Test(arguments: EngineKind.allCases) func boto3AndTheCLIWork(_ engine: EngineKind) async throws {
        let server = try await LocalFixture.shared.standard(engine)
        let table = Target.table("confboto")
        let script = #"""
import sys, json, boto3
from botocore.exceptions import ClientError
c = boto3.client('rds-data', endpoint_url=sys.argv[1])
A = dict(resourceArn='arn:aws:rds:us-east-1:123456789012:cluster:dummy', secretArn='arn:aws:secretsmanager:us-east-1:123456789012:secret:dummy')
T, ID = sys.argv[2], sys.argv[3]
out = {}
c.execute_statement(sql=f'CREATE TABLE {T} (id {ID}, name VARCHAR(50), data {sys.argv[4]})', **A)
r = c.batch_execute_statement(sql=f'INSERT INTO {T} (name, data) VALUES (:n, :d)', parameterSets=[
    [{'name': 'n', 'value': {'stringValue': 'ada'}}, {'name': 'd', 'value': {'blobValue': b'\x00\x01'}}],
    [{'name': 'n', 'value': {'isNull': True}}, {'name': 'd', 'value': {'isNull': True}}]], **A)
out['batch'] = len(r['updateResults'])
tx = c.begin_transaction(**A)['transactionId']
c.execute_statement(sql=f"UPDATE {T} SET name = 'grace' WHERE name IS NULL", transactionId=tx, **A)
out['commit'] = c.commit_transaction(transactionId=tx, **A)['transactionStatus']
r = c.execute_statement(sql=f'SELECT name, data FROM {T} ORDER BY id', includeResultMetadata=True, **A)
out['records'] = [[{k: (v.hex() if isinstance(v, bytes) else v) for k, v in f.items()} for f in row] for row in r['records']]
try:
    c.execute_statement(sql='SELECT * FROM missing_table', **A)
except ClientError as e:
    out['error'] = e.response['Error']['Code']
print(json.dumps(out))
"""#
        let output = try await Subprocess.run(
            "/usr/bin/env", ["python3", "-c", script, server.endpoint, table, engine.autoIdColumn, engine.blobType],
            environment: BotoAndCLITests.environment)
        let o = try JSONSerialization.jsonObject(with: Data(output.utf8)) as! [String: Any]
        #expect(o["batch"] as? Int == 2)
        #expect(o["commit"] as? String == "Transaction Committed")
        #expect(o["error"] as? String == "DatabaseErrorException")
        let records = o["records"] as? [[[String: Any]]]
        #expect(records?.first?.first?["stringValue"] as? String == "ada")
        #expect(records?.first?.last?["blobValue"] as? String == "0001")
        #expect(records?.last?.first?["stringValue"] as? String == "grace")

        let cli = try await Subprocess.run("/usr/bin/env", [
            "aws", "rds-data", "execute-statement", "--endpoint-url", server.endpoint, "--output", "json",
                "--resource-arn", DataAPILocalConfiguration.defaultClusterArn, "--secret-arn",
                DataAPILocalConfiguration.defaultSecretArn,
                "--sql", "SELECT count(*) AS n FROM \(table) WHERE name = :n", "--parameters",
                #"[{"name":"n","value":{"stringValue":"grace"}}]"#,
        ], environment: BotoAndCLITests.environment)
        let response = try JSONDecoder().decode(ExecuteStatementResponse.self, from: Data(cli.utf8))
        #expect(response.records == [[.longValue(1)]])
    }
}
