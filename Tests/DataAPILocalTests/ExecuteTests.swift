import DataAPIClient
@testable import DataAPILocal
import Foundation
import Testing

@Suite(.serialized) struct ExecuteTests {
    @Test func everyFieldKindAndPostgresTypes() async throws {
        let t = try await Target.make()
        let r = try await t.execute("""
        SELECT true AS b, 7::int2 AS i2, 42 AS i4, 9223372036854775807 AS i8, 1.5::float4 AS f4, 2.25::float8 AS f8,
               12.50::numeric(6,2) AS n, 'héllo'::text AS t, 'ab'::char(3) AS c, 'v'::varchar(5) AS v, '\\x00ff10'::bytea AS by,
               DATE '2024-02-29' AS d, TIME '22:41:04.968123' AS tm, TIMESTAMP '2021-03-03 15:51:48.082288' AS ts,
               TIMESTAMP '2021-03-03 15:51:48' AS ts0, TIMESTAMPTZ '2021-03-10 22:41:04.068123+02' AS tz,
               '6ba7b810-9dad-11d1-80b4-00c04fd430c8'::uuid AS u, '{"b": [1, 2]}'::jsonb AS jb, '{"a":1}'::json AS j,
               '192.168.0.1/24'::inet AS ip, '10.0.0.0/8'::cidr AS net, NULL::int AS z, 1 > 0 AS cmp,
               ARRAY[1,NULL,3] AS ai, ARRAY['a','b'] AS at, ARRAY[1.5,2.5]::float8[] AS af, ARRAY[true,false] AS ab,
               ARRAY[1.10,2.20]::numeric[] AS an, '{}'::int[] AS empty, TIMETZ '10:00:00+02' AS ttz
        """)
        let row = try #require(r.records?.first)
        let expected: [Field] = [
            .booleanValue(true), .longValue(7), .longValue(42), .longValue(.max), .doubleValue(1.5), .doubleValue(2.25),
            .stringValue("12.50"), .stringValue("héllo"), .stringValue("ab "), .stringValue("v"),
            .blobValue(Data([0, 255, 16])),
            .stringValue("2024-02-29"), .stringValue("22:41:04.968"), .stringValue("2021-03-03 15:51:48.082288"),
            .stringValue("2021-03-03 15:51:48"), .stringValue("2021-03-10 20:41:04.068123"),
            .stringValue("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), .stringValue(#"{"b":[1,2]}"#),
            .stringValue(#"{"a":1}"#),
            .stringValue("192.168.0.1/24"), .stringValue("10.0.0.0/8"), .null, .booleanValue(true),
            .arrayValue(.longValues([1, nil, 3])), .arrayValue(.stringValues(["a", "b"])),
            .arrayValue(.doubleValues([1.5, 2.5])),
            .arrayValue(.booleanValues([true, false])), .arrayValue(.stringValues(["1.10", "2.20"])),
            .arrayValue(.longValues([])),
            .stringValue("08:00:00"),
        ]
        #expect(row.count == expected.count)
        for (i, (got, want)) in zip(row, expected).enumerated() { #expect(got == want, "column \(i)") }
        #expect(r.numberOfRecordsUpdated == 0)
        #expect(r.columnMetadata == nil && r.generatedFields == nil)
    }

    @Test func numericEdgeCasesAndNegativeValues() async throws {
        let t = try await Target.make()
        let r = try await t.execute(
            "SELECT -0.001::numeric, 0::numeric(5,2), 123456789012345678901234567890.123::numeric, -5::numeric, 'NaN'::numeric, 10000::numeric, 0.00010::numeric"
        )
        #expect(
            r.records?.first == [
                .stringValue("-0.001"), .stringValue("0.00"), .stringValue("123456789012345678901234567890.123"),
                .stringValue("-5"), .stringValue("NaN"), .stringValue("10000"), .stringValue("0.00010"),
            ])
    }

    @Test func unsupportedTypesAndMultidimensionalArrays() async throws {
        let t = try await Target.make()
        await expectError(.unsupportedResult, "money") { try await t.execute("SELECT 1.5::money") }
        await expectError(.unsupportedResult, "point") { try await t.execute("SELECT point(1,2)") }
        await expectError(.unsupportedResult, "interval") { try await t.execute("SELECT interval '1 day'") }
        await expectError(.unsupportedResult, "multidimensional") { try await t.execute("SELECT ARRAY[[1,2],[3,4]]") }
        let ok = try await t.execute("SELECT point(1,2)::text")
        #expect(ok.records?.first == [.stringValue("(1,2)")])
    }

    @Test func enumsAndDomains() async throws {
        let t = try await Target.make()
        let name = Target.table("mood")
        try await t.execute("CREATE TYPE \(name) AS ENUM ('sad', 'happy')")
        try await t.execute("CREATE DOMAIN \(name)_pos AS int CHECK (VALUE > 0)")
        let r = try await t.execute(
            "SELECT 'happy'::\(name) AS m, 5::\(name)_pos AS p, ARRAY['sad']::\(name)[] AS ms", metadata: true)
        #expect(r.records?.first == [.stringValue("happy"), .longValue(5), .arrayValue(.stringValues(["sad"]))])
        // PostgreSQL describes a domain column by its base type, so pgjdbc (and the service) report int4.
        #expect(r.columnMetadata?.map(\.typeName) == [name, "int4", "_\(name)"])
    }

    @Test func tableMetadataIsJDBCStyle() async throws {
        let t = try await Target.make()
        let table = Target.table()
        try await t.execute("""
        CREATE TABLE \(table) (id serial PRIMARY KEY, big bigserial, name varchar(40) NOT NULL, price numeric(12,2),
                               at timestamp(3), atz timestamptz, flag bool, tags text[])
        """)
        let r = try await t.execute(
            "SELECT id, big, name, price, at, atz, flag, tags, 1 AS expr FROM \(table)", metadata: true)
        #expect(r.records == [])
        let m = try #require(r.columnMetadata)
        #expect(m.map(\.name) == ["id", "big", "name", "price", "at", "atz", "flag", "tags", "expr"])
        #expect(m.map(\.label) == m.map(\.name))
        #expect(m.map(\.type) == [4, -5, 12, 2, 93, 93, -7, 2003, 4])
        #expect(
            m.map(\.typeName) == [
                "serial", "bigserial", "varchar", "numeric", "timestamp", "timestamptz", "bool", "_text", "int4",
            ])
        #expect(m.map(\.isAutoIncrement) == [true, true, false, false, false, false, false, false, false])
        #expect(m.map(\.nullable) == [0, 0, 0, 1, 1, 1, 1, 1, 2])
        #expect(m.map(\.precision) == [10, 19, 40, 12, 26, 35, 1, 2_147_483_647, 10])
        #expect(m.map(\.scale) == [0, 0, 0, 2, 3, 6, 0, 0, 0])
        #expect(m.map(\.tableName) == [table, table, table, table, table, table, table, table, ""])
        #expect(m.map(\.schemaName) == Array(repeating: "", count: 9))
        #expect(m.map(\.isSigned) == [true, true, false, true, false, false, false, false, true])
        #expect(m.map(\.isCaseSensitive) == [false, false, true, false, false, false, false, true, false])
        #expect(m.allSatisfy { $0.arrayBaseColumnType == 0 && $0.isCurrency == false })
    }

    @Test func dmlAndDDLResults() async throws {
        let t = try await Target.make()
        let table = Target.table()
        let ddl = try await t.execute("CREATE TABLE \(table) (id serial PRIMARY KEY, v text)")
        #expect(ddl.numberOfRecordsUpdated == 0 && ddl.generatedFields == [] && ddl.records == nil)
        let ins = try await t.execute("INSERT INTO \(table) (v) VALUES ('a'), ('b'), ('c')")
        #expect(ins.numberOfRecordsUpdated == 3 && ins.generatedFields == [] && ins.records == nil)
        let upd = try await t.execute("UPDATE \(table) SET v = v || '!' WHERE id > 1")
        #expect(upd.numberOfRecordsUpdated == 2)
        let ret = try await t.execute("INSERT INTO \(table) (v) VALUES ('d') RETURNING id, v")
        #expect(ret.records == [[.longValue(4), .stringValue("d")]])
        let del = try await t.execute("DELETE FROM \(table)")
        #expect(del.numberOfRecordsUpdated == 4)
    }

    @Test func parametersBindAsTheServiceBindsThem() async throws {
        let t = try await Target.make()
        let r = try await t.execute(
            "SELECT :s, :l, :d, :b, :blob, :n, :s AS again, pg_typeof(:s)::text, pg_typeof(:l)::text",
            [
                .init(name: "s", value: .stringValue("it's :not a param")), .init(name: "l", value: .longValue(-5)),
                .init(name: "d", value: .doubleValue(0.5)), .init(name: "b", value: .booleanValue(true)),
                .init(name: "blob", value: .blobValue(Data([1, 2, 3]))), .init(name: "n", value: .null),
                .init(name: "unused", value: .longValue(1)),
            ])
        #expect(
            r.records?.first == [
                .stringValue("it's :not a param"), .longValue(-5), .doubleValue(0.5), .booleanValue(true),
                .blobValue(Data([1, 2, 3])), .null, .stringValue("it's :not a param"),
                .stringValue("character varying"), .stringValue("bigint"),
            ])
    }

    @Test func parameterErrors() async throws {
        let t = try await Target.make()
        await expectError(.badRequest, "'missing'") { try await t.execute("SELECT :missing") }
        await expectError(.badRequest, "Array parameters are not supported.") {
            try await t.execute("SELECT :a", [.init(name: "a", value: .arrayValue(.longValues([1])))])
        }
        // A plain string is varchar: comparing it with a uuid fails as it does on AWS.
        await expectError(.databaseError, "SQLState: 42883") {
            try await t.execute(
                "SELECT '6ba7b810-9dad-11d1-80b4-00c04fd430c8'::uuid = :u",
                [.init(name: "u", value: .stringValue("6ba7b810-9dad-11d1-80b4-00c04fd430c8"))])
        }
    }

    @Test func typeHints() async throws {
        let t = try await Target.make()
        let table = Target.table()
        try await t.execute(
            "CREATE TABLE \(table) (u uuid, j jsonb, jj json, d date, tm time, ts timestamp, n numeric(10,3))")
        let ins = try await t.execute("INSERT INTO \(table) VALUES (:u, :j, :jj, :d, :tm, :ts, :n)", [
            .init(name: "u", value: .stringValue("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), typeHint: .uuid),
            .init(name: "j", value: .stringValue(#"{"a": [1, "x"]}"#), typeHint: .json),
            .init(name: "jj", value: .stringValue(#"{"k":true}"#), typeHint: .json),
            .init(name: "d", value: .stringValue("2024-05-06"), typeHint: .date),
            .init(name: "tm", value: .stringValue("07:08:09.123"), typeHint: .time),
            .init(name: "ts", value: .stringValue("2024-05-06 07:08:09.123456"), typeHint: .timestamp),
            .init(name: "n", value: .stringValue("12345.678"), typeHint: .decimal),
        ])
        #expect(ins.numberOfRecordsUpdated == 1)
        let r = try await t.execute("SELECT * FROM \(table)")
        // JSON comes back compact, as Data API v2 re-serializes it.
        #expect(
            r.records?.first == [
                .stringValue("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), .stringValue(#"{"a":[1,"x"]}"#),
                .stringValue(#"{"k":true}"#), .stringValue("2024-05-06"), .stringValue("07:08:09.123"),
                .stringValue("2024-05-06 07:08:09.123456"), .stringValue("12345.678"),
            ])
        await expectError(.databaseError, "Parse Error for TimeStamp") {
            try await t.execute(
                "SELECT :ts", [.init(name: "ts", value: .stringValue("2024-05-06T07:08:09Z"), typeHint: .timestamp)])
        }
        await expectError(.databaseError, "Parse Error for Date") {
            try await t.execute("SELECT :d", [.init(name: "d", value: .stringValue("06/05/2024"), typeHint: .date)])
        }
        await expectError(.databaseError, "SQLState: 22P02") {
            try await t.execute("SELECT :u", [.init(name: "u", value: .stringValue("not-a-uuid"), typeHint: .uuid)])
        }
    }

    @Test func resultSetOptionsAndJSONRecords() async throws {
        let t = try await Target.make()
        let n = try await t.execute(
            "SELECT 12.50::numeric(6,2), 7::numeric, 9007199254740993::int8",
            options: .init(decimalReturnType: .doubleOrLong, longReturnType: .string))
        #expect(n.records?.first == [.doubleValue(12.5), .longValue(7), .stringValue("9007199254740993")])
        let j = try await t.execute(
            "SELECT 1 AS a, 'x' AS s, 1.5::float8 AS f, 1e-5::float8 AS tiny, NULL AS z, true AS b, '\\x0102'::bytea AS by, ARRAY[1,2] AS arr, 2.50::numeric AS n, '邓不利多' AS u",
            format: .json)
        #expect(j.records == nil && j.columnMetadata == nil)
        #expect(
            j.formattedRecords
                == #"[{"a":1,"s":"x","f":1.5,"tiny":1.0E-5,"z":null,"b":true,"by":"AQI=","arr":[1,2],"n":"2.50","u":"邓不利多"}]"#
        )
        await expectError(.badRequest, "more than one column") {
            try await t.execute("SELECT 1 AS a, 2 AS a", format: .json)
        }
        let dml = try await t.execute("SELECT 1 WHERE false", format: .json)
        #expect(dml.formattedRecords == "[]")
    }

    @Test func sqlErrorsAreDatabaseErrors() async throws {
        let t = try await Target.make()
        await expectError(
            .databaseError, "ERROR: relation \"no_such_table\" does not exist\n  Position: 15; SQLState: 42P01"
        ) {
            try await t.execute("SELECT * FROM no_such_table")
        }
        let table = Target.table()
        try await t.execute("CREATE TABLE \(table) (id int PRIMARY KEY)")
        try await t.execute("INSERT INTO \(table) VALUES (1)")
        do {
            try await t.execute("INSERT INTO \(table) VALUES (1)")
            Issue.record("expected a duplicate key error")
        } catch let e as DataAPIError {
            #expect(e.code == .databaseError && e.sqlState == "23505" && e.httpStatus == 400)
            #expect(e.message.contains("Detail: Key (id)=(1) already exists."))
        }
    }

    @Test func requestValidation() async throws {
        let t = try await Target.make()
        await expectError(.validation, "Multistatements aren't supported.") {
            try await t.execute("SELECT 1; SELECT 2")
        }
        await expectError(.validation, "The schema parameter isn't supported") {
            try await t.execute("SELECT 1", schema: "public")
        }
        await expectError(.validation, "65536") {
            try await t.execute("SELECT '" + String(repeating: "x", count: 65_530) + "'")
        }
        await expectError(.httpEndpointNotEnabled) {
            _ = try await t.client.executeStatement(
                .init(
                    resourceArn: "arn:aws:rds:us-east-1:123456789012:cluster:other", secretArn: t.secretArn,
                    sql: "SELECT 1"))
        }
        await expectError(.secretsError) {
            _ = try await t.client.executeStatement(
                .init(
                    resourceArn: t.resourceArn, secretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:nope",
                    sql: "SELECT 1"))
        }
        await expectError(.validation, "resourceArn") {
            _ = try await t.client.executeStatement(
                .init(resourceArn: "arn:x", secretArn: t.secretArn, sql: "SELECT 1"))
        }
    }

    @Test func databaseParameterSelectsTheDatabase() async throws {
        let t = try await Target.make()
        let db = Target.table("db")
        try await t.execute("CREATE DATABASE \(db)")
        let r = try await t.execute("SELECT current_database()", database: db)
        #expect(r.records?.first == [.stringValue(db)])
        await expectError(.databaseError, "does not exist") { try await t.execute("SELECT 1", database: "no_such_db") }
    }

    @Test func batchExecute() async throws {
        let t = try await Target.make()
        let table = Target.table()
        try await t.execute("CREATE TABLE \(table) (id serial PRIMARY KEY, v text UNIQUE)")
        let r = try await t.client.batchExecuteStatement(.init(resourceArn: t.resourceArn, secretArn: t.secretArn,
                sql: "INSERT INTO \(table) (v) VALUES (:v)",
                parameterSets: [
                    [.init(name: "v", value: .stringValue("a"))], [.init(name: "v", value: .stringValue("b"))],
                ]))
        #expect(r.updateResults == [UpdateResult(generatedFields: []), UpdateResult(generatedFields: [])])
        // A failing set rolls the whole autocommit batch back.
        await expectError(.databaseError, "23505") {
            _ = try await t.client.batchExecuteStatement(.init(resourceArn: t.resourceArn, secretArn: t.secretArn,
                    sql: "INSERT INTO \(table) (v) VALUES (:v)",
                    parameterSets: [
                        [.init(name: "v", value: .stringValue("c"))], [.init(name: "v", value: .stringValue("a"))],
                    ]))
        }
        #expect(try await t.execute("SELECT count(*) FROM \(table)").records?.first == [.longValue(2)])
        let none = try await t.client.batchExecuteStatement(
            .init(resourceArn: t.resourceArn, secretArn: t.secretArn, sql: "DELETE FROM \(table)"))
        #expect(none.updateResults == [])
    }

    @Test func deprecatedExecuteSql() async throws {
        let t = try await Target.make()
        let r = try await t.client.send(
            ExecuteSqlRequest(
                dbClusterOrInstanceArn: t.resourceArn, awsSecretStoreArn: t.secretArn,
                sqlStatements: "SELECT 1 AS a, 'x;y' AS b; SELECT true"))
        #expect(r.sqlStatementResults?.count == 2)
        #expect(r.sqlStatementResults?[0].resultFrame?.records?.first?.values == [.bigIntValue(1), .stringValue("x;y")])
        #expect(r.sqlStatementResults?[1].resultFrame?.records?.first?.values == [.bitValue(true)])
        let strict = try await LocalFixture.shared.server { $0.strictV2 = true }
        let s = try await Target.make(strict)
        await expectError(.badRequest, "deprecated") {
            _ = try await s.client.send(
                ExecuteSqlRequest(
                    dbClusterOrInstanceArn: s.resourceArn, awsSecretStoreArn: s.secretArn, sqlStatements: "SELECT 1"))
        }
        await strict.stop()
    }
}
