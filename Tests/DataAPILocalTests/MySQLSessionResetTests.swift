import DataAPIClient
@testable import DataAPILocal
import Testing

/// MySQL's pooled autocommit connections are reset as the service resets its own
/// (`COM_RESET_CONNECTION`, "Session management with Amazon RDS Data API") after a call whose
/// statement may have changed the session: nothing such a call leaves reaches the next call on
/// the same connection, and the session's own settings are back.
@Suite struct MySQLSessionResetTests {
    @Test func anAutocommitCallLeavesNoSessionStateToTheNext() async throws {
        // A server of its own: its pool's one connection serves every call below in turn.
        let server = try await LocalFixture.shared.server(.mysql)
        let t = try await Target.make(server)
        let table = Target.table("reset")
        try await t.execute("CREATE TABLE \(table) (id INT AUTO_INCREMENT PRIMARY KEY, v INT)")
        let lock = "reset_\(Int.random(in: 1...Int.max))"
        let fresh = try #require(try await t.execute(
            "SELECT @@SESSION.sql_mode, @@collation_connection, DATABASE()").records?.first)
        try await t.execute("CREATE DATABASE IF NOT EXISTS reset_other")
        for round in 0..<5 {
            try await t.execute("SET @leaked = 5")
            // Behind a comment, the statement is still a SET.
            try await t.execute("/* app */ SET SESSION sql_mode = '', time_zone = '+05:00'")
            try await t.execute("-- a note\nSET NAMES latin1")
            try await t.execute("USE reset_other")
            // Fails from the second round on if the first round's table outlived its call.
            try await t.execute("CREATE TEMPORARY TABLE tmp_reset (v INT)")
            try await t.execute("SELECT GET_LOCK('\(lock)', 0)")
            try await t.execute("INSERT INTO \(table) (v) VALUES (1)")
            let state = try await t.execute("""
                SELECT @leaked IS NULL, @@SESSION.sql_mode, @@SESSION.time_zone, IS_USED_LOCK('\(lock)') IS NULL,
                       LAST_INSERT_ID(), @@character_set_client, @@max_statement_time, @@collation_connection,
                       DATABASE()
                """)
            let row = try #require(state.records?.first, "round \(round)")
            #expect(row[0] == .longValue(1), "round \(round): a user variable outlived its call")
            #expect(row[1] == fresh[0], "round \(round)")
            #expect(row[7] == fresh[1], "round \(round): the collation differs from a new connection's")
            #expect(row[8] == fresh[2], "round \(round): a USE outlived its call")
            #expect(row[2] == .stringValue("+00:00"), "round \(round)")
            #expect(row[3] == .longValue(1), "round \(round): a GET_LOCK outlived its call")
            #expect(row[4] == .longValue(0), "round \(round): LAST_INSERT_ID() outlived its call")
            #expect(row[5] == .stringValue("utf8mb4"), "round \(round)")
            #expect(row[6] != .doubleValue(0) && row[6] != .stringValue("0.000000"), "round \(round): \(row[6])")
        }
        // A statement that changes nothing costs no reset, and the connection goes on serving.
        #expect(try await t.execute("SELECT COUNT(*) FROM \(table)").records?.first == [.longValue(5)])
        try await t.execute("DROP TABLE \(table)")
        try await t.execute("DROP DATABASE reset_other")
        await server.stop()
    }

    /// A call that changed the session and lost its connection mid-statement (`KILL` from
    /// another call): it fails at once, no reset is tried on the dead connection, the pool drops
    /// it, and the next calls work and see nothing of it.
    @Test func aSessionChangingCallWhoseConnectionIsKilledLeavesNothing() async throws {
        let server = try await LocalFixture.shared.server(.mysql)
        let t = try await Target.make(server)
        let marker = "kill_\(Int.random(in: 1...Int.max))"
        let started = ContinuousClock.now
        let victim = Task { try await t.execute("SELECT @leaked := 1, SLEEP(20) AS \(marker)") }
        var killed = false
        while !killed && ContinuousClock.now - started < .seconds(15) {
            let found = try await t.execute(
                "SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE '%AS \(marker)%' AND INFO NOT LIKE '%PROCESSLIST%'")
            if case .longValue(let id)? = found.records?.first?.first {
                try await t.execute("KILL CONNECTION \(id)")
                killed = true
            } else {
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        #expect(killed)
        await #expect(throws: (any Error).self) { _ = try await victim.value }
        #expect(ContinuousClock.now - started < .seconds(15), "the killed call must not wait for its statement")
        for _ in 0..<3 {
            let row = try await t.execute("SELECT @leaked IS NULL, 1").records?.first
            #expect(row == [.longValue(1), .longValue(1)])
        }
        await server.stop()
    }

    @Test func statementsThatMayChangeTheSessionAreSpotted() {
        let spotted = [
            "SET @a = 1", "set names latin1", "SELECT @a := 1", "SELECT 1 INTO @x", "SELECT @`x`", "USE other",
            "LOCK TABLES t READ", "BEGIN", "START TRANSACTION", "CREATE TEMPORARY TABLE x (v INT)",
            "PREPARE p FROM 'SELECT 1'", "SELECT GET_LOCK('a', 1)", "INSERT INTO t VALUES (1)", "REPLACE INTO t VALUES (1)",
            "SELECT LAST_INSERT_ID(5)", "SELECT NEXTVAL(s)", "SELECT 1; SET @a = 2", "/* app */ SET time_zone = '+01:00'",
            "-- note\nSET sql_mode = ''", "# note\n USE other", "/*!40101 SET NAMES latin1 */", "FLUSH TABLES WITH READ LOCK",
            "SELECT SQL_CALC_FOUND_ROWS * FROM t LIMIT 1", "LOAD DATA LOCAL INFILE 'x' INTO TABLE t",
        ]
        for sql in spotted { #expect(SessionStateText.mySQL.mayChange(sql), "\(sql)") }
        let plain = [
            "SELECT 1", "UPDATE t SET a = 1", "DELETE FROM t", "SELECT @@session.sql_mode", "SELECT inserted FROM t",
            "SELECT * FROM t FOR UPDATE", "SELECT users FROM t", "SELECT 'a' AS start_date", "/* SET */ SELECT 1",
            "-- USE x\nSELECT 1", "/* unterminated SET",
        ]
        for sql in plain { #expect(!SessionStateText.mySQL.mayChange(sql), "\(sql)") }
    }
}
