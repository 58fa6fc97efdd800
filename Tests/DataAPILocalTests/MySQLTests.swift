import DataAPIClient
@testable import DataAPILocal
import Foundation
import Testing

/// Aurora MySQL behaviour the PostgreSQL engine does not share: Connector/J type names,
/// booleans from TINYINT(1) and BIT(1), fractional seconds per column, generatedFields,
/// unsigned BIGINT, MySQL quoting, and DDL committing a transaction.
@Suite struct MySQLTests {
    func target() async throws -> Target { try await Target.make(try await LocalFixture.shared.standard(.mysql)) }

    @Test func typesAndMetadataFollowConnectorJ() async throws {
        let t = try await target()
        let table = Target.table("my")
        try await t.execute("""
            CREATE TABLE \(table) (id INT AUTO_INCREMENT PRIMARY KEY, flag TINYINT(1), bit1 BIT(1), bits BIT(12), tiny TINYINT UNSIGNED,
              small SMALLINT, medium MEDIUMINT UNSIGNED, u INT UNSIGNED, big BIGINT UNSIGNED, f FLOAT, dt DATETIME(3), ts TIMESTAMP(6) NULL,
              tm TIME(2), dt0 DATETIME, ch CHAR(4), en ENUM('a','b'), js JSON, vb VARBINARY(8), tt TINYTEXT)
            """)
        try await t.execute("""
            INSERT INTO \(table) (flag, bit1, bits, tiny, small, medium, u, big, f, dt, ts, tm, dt0, ch, en, js, vb, tt)
            VALUES (1, b'1', b'101', 255, -7, 16777215, 4294967295, 9223372036854775807, 1.5, '2024-01-02 03:04:05.678',
                    '2024-01-02 03:04:05.000001', '-838:59:58.25', '2024-01-02 03:04:05', 'ab  ', 'b', '{"k": [1, 2]}', x'00ff', 'tt')
            """)
        let r = try await t.execute(
            "SELECT flag, bit1, bits, tiny, small, medium, u, big, f, dt, ts, tm, dt0, ch, en, js, vb, tt, id FROM \(table)",
            metadata: true)
        let row = try #require(r.records?.first)
        #expect(row[0] == .booleanValue(true))
        #expect(row[1] == .booleanValue(true))
        #expect(row[2] == .blobValue(Data([0x00, 0x05])))
        #expect(
            Array(row[3...8]) == [
                .longValue(255), .longValue(-7), .longValue(16_777_215), .longValue(4_294_967_295),
                .longValue(Int64.max), .doubleValue(1.5),
            ])
        #expect(row[9] == .stringValue("2024-01-02 03:04:05.678"))
        #expect(row[10] == .stringValue("2024-01-02 03:04:05.000001"))
        #expect(row[11] == .stringValue("-838:59:58.25"))
        #expect(row[12] == .stringValue("2024-01-02 03:04:05"))
        #expect(row[13] == .stringValue("ab"))
        #expect(row[14] == .stringValue("b"))
        #expect(row[15] == .stringValue(#"{"k": [1, 2]}"#))
        #expect(row[16] == .blobValue(Data([0x00, 0xff])))
        #expect(row[17] == .stringValue("tt"))
        let m = try #require(r.columnMetadata)
        #expect(
            m.map(\.typeName) == [
                "BIT", "BIT", "BIT", "TINYINT UNSIGNED", "SMALLINT", "MEDIUMINT UNSIGNED", "INT UNSIGNED",
                "BIGINT UNSIGNED",
                "FLOAT", "DATETIME", "TIMESTAMP", "TIME", "DATETIME", "CHAR", "ENUM", "JSON", "VARBINARY", "TINYTEXT",
                "INT",
            ])
        #expect(m.map(\.type) == [-7, -7, -7, -6, 5, 4, 4, -5, 7, 93, 93, 92, 93, 1, 1, -1, -3, 12, 4])
        #expect(m[18].isAutoIncrement == true && m[18].nullable == 0 && m[18].isSigned == true)
        #expect(m[7].isSigned == false)
        #expect(m[13].precision == 4 && m[13].isCaseSensitive == false)
        #expect(m[9].tableName == table)
    }

    @Test func timestampsAreUTCAndExpressionsKeepTheirDigits() async throws {
        let t = try await target()
        let r = try await t.execute(
            "SELECT @@session.time_zone, CAST('2021-03-10 22:41:04.968123' AS DATETIME), CAST('2021-03-10 22:41:04.968123' AS DATETIME(6)), 1 > 0, TRUE"
        )
        // A DATETIME without fractional digits rounds the fraction, as MySQL 8 (Aurora MySQL 3) does.
        #expect(
            r.records == [
                [
                    .stringValue("+00:00"), .stringValue("2021-03-10 22:41:05"),
                    .stringValue("2021-03-10 22:41:04.968123"),
                    .longValue(1), .longValue(1),
                ]
            ])
    }

    @Test func unsignedBigintAboveInt64IsAnErrorUnlessLongsAreStrings() async throws {
        let t = try await target()
        await expectError(
            .badRequest, "Value '18,446,744,073,709,551,615' is outside of valid range for type java.lang.Long"
        ) {
            try await t.execute("SELECT CAST(18446744073709551615 AS UNSIGNED)")
        }
        let r = try await t.execute(
            "SELECT CAST(18446744073709551615 AS UNSIGNED)", options: .init(longReturnType: .string))
        #expect(r.records == [[.stringValue("18446744073709551615")]])
    }

    @Test func generatedFieldsCarryTheAutoIncrementId() async throws {
        let t = try await target()
        let table = Target.table("mygen")
        let ddl = try await t.execute(
            "CREATE TABLE \(table) (id BIGINT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(10)) AUTO_INCREMENT = 41")
        #expect(ddl.generatedFields == [] && ddl.numberOfRecordsUpdated == 0)
        let one = try await t.execute(
            "INSERT INTO \(table) (v) VALUES (:v)", [.init(name: "v", value: .stringValue("a"))])
        #expect(one.generatedFields == [.longValue(41)] && one.numberOfRecordsUpdated == 1)
        let batch = try await t.client.batchExecuteStatement(
            .init(
                resourceArn: t.resourceArn, secretArn: t.secretArn, sql: "INSERT INTO \(table) (v) VALUES (:v)",
                parameterSets: [
                    [.init(name: "v", value: .stringValue("b"))], [.init(name: "v", value: .stringValue("c"))],
                ]))
        #expect(batch.updateResults?.map(\.generatedFields) == [[.longValue(42)], [.longValue(43)]])
        // An UPDATE on the same pooled connection does not report the earlier id again.
        let update = try await t.execute("UPDATE \(table) SET v = 'z' WHERE id = 41")
        #expect(update.generatedFields == [] && update.numberOfRecordsUpdated == 1)
        // Update counts are rows matched, as Connector/J reports them.
        #expect(try await t.execute("UPDATE \(table) SET v = 'z' WHERE id = 41").numberOfRecordsUpdated == 1)
    }

    @Test func mysqlQuotingKeepsPlaceholdersOutOfStringsAndComments() async throws {
        let t = try await target()
        let r = try await t.execute(#"SELECT 'it\'s :a', ":b", `:c` FROM (SELECT 1 AS `:c`) x WHERE 1 = :one # :d"#,
                                    [.init(name: "one", value: .longValue(1))])
        #expect(r.records == [[.stringValue("it's :a"), .stringValue(":b"), .longValue(1)]])
    }

    @Test func ddlInATransactionCommitsItImplicitly() async throws {
        let t = try await target()
        let table = Target.table("myddl")
        try await t.execute("CREATE TABLE \(table) (v INT)")
        let tx = try await t.begin()
        try await t.execute("INSERT INTO \(table) VALUES (1)", transactionId: tx)
        #expect(try await t.execute("SELECT count(*) FROM \(table)").records?.first == [.longValue(0)])
        // MySQL commits before and after DDL; the transaction id stays usable.
        try await t.execute("CREATE TABLE \(table)_other (v INT)", transactionId: tx)
        #expect(try await t.execute("SELECT count(*) FROM \(table)").records?.first == [.longValue(1)])
        // Work after the DDL belongs to a new transaction that rollback still undoes.
        try await t.execute("INSERT INTO \(table) VALUES (2)", transactionId: tx)
        #expect(try await t.rollback(tx) == "Rollback Complete")
        #expect(try await t.execute("SELECT v FROM \(table)").records == [[.longValue(1)]])
    }

    @Test func errorsCarryMySQLsMessageAndCode() async throws {
        let t = try await target()
        do {
            try await t.execute("SELECT * FROM no_such_table")
            Issue.record("expected an error")
        } catch let e as DataAPIError {
            #expect(e.code == .databaseError)
            #expect(e.message == "Table 'test.no_such_table' doesn't exist; Error code: 1146; SQLState: 42S02")
            #expect(e.databaseErrorCode == 1146 && e.sqlState == "42S02")
        }
    }
}
