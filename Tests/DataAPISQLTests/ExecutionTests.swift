import DataAPI
import DataAPIClient
import DataAPILocal
import DataAPILocalTestSupport
import DataAPISQL
import Foundation
import InlineSnapshotTesting
import SnapshotTesting
import Testing

/// Runs rendered statements through data-api-local against a real PostgreSQL and a real
/// MariaDB: the SQL must be valid there and bound values must come back unchanged.
actor SQLFixture {
    static let shared = SQLFixture()
    private var servers: [String: Task<DataAPILocalServer, Error>] = [:]

    func server(_ dialect: SQLDialect) async throws -> DataAPILocalServer {
        if servers[dialect.name] == nil {
            servers[dialect.name] = Task {
                try await SharedDatabases.shared.server(dialect.upsert == .onDuplicateKeyUpdate ? .mysql : .postgresql)
            }
        }
        return try await servers[dialect.name]!.value
    }
}

struct SQLRunner: Sendable {
    let client: DataAPIClient
    let dialect: SQLDialect

    static func make(_ dialect: SQLDialect) async throws -> SQLRunner {
        let server = try await SQLFixture.shared.server(dialect)
        let client = DataAPIClient(
            configuration: .init(region: "us-east-1", endpoint: server.endpoint, retryPolicy: .none, environment: [:]),
            credentialProvider: StaticCredentialProvider(accessKeyId: DataAPILocalConfiguration.defaultAccessKeyId,
                secretAccessKey: DataAPILocalConfiguration.defaultSecretAccessKey))
        return SQLRunner(client: client, dialect: dialect)
    }

    static let utc = TemporalCoding(timeZone: TimeZone(identifier: "UTC")!)

    /// The Data API parameters for a rendered query, through the executor's one mapping.
    static func parameters(_ q: SQLQuery) -> [SqlParameter] { FieldMapping.parameters(q, temporal: utc) }

    @discardableResult
    func run(_ statement: any SQLStatement, metadata: Bool = false) async throws -> ExecuteStatementResponse {
        try await run(try statement.render(dialect), metadata: metadata)
    }

    @discardableResult
    func run(_ q: SQLQuery, metadata: Bool = false) async throws -> ExecuteStatementResponse {
        try await client.executeStatement(
            .init(
                resourceArn: DataAPILocalConfiguration.defaultClusterArn,
                secretArn: DataAPILocalConfiguration.defaultSecretArn,
                sql: q.sql, parameters: Self.parameters(q), includeResultMetadata: metadata))
    }

    func raw(_ sql: String) async throws { _ = try await run(SQLQuery(sql: sql, names: [], values: [])) }
}

@Suite(.serialized) struct ExecutionTests {
    static let dialects: [SQLDialect] = [.postgreSQL, .mySQL]

    /// Creates the tables and seeds six people and their posts.
    static func setUp(_ r: SQLRunner) async throws {
        try await r.run(PGOnly.dropTable(ifExists: true))
        try await r.run(Post.dropTable(ifExists: true))
        try await r.run(Person.dropTable(ifExists: true))
        try await r.run(Note.dropTable(ifExists: true))
        if r.dialect.needsEnumTypes {
            try await r.raw("DROP TYPE IF EXISTS sql_mood")
            for s in PGOnly.createStatements(dialect: r.dialect) { try await r.run(s) }
        }
        for s in Person.createStatements(dialect: r.dialect).dropLast() { try await r.run(s) }  // the index is a snapshot case
        for s in Post.createStatements(dialect: r.dialect) + Note.createStatements(dialect: r.dialect) {
            try await r.run(s)
        }
        try await r.run(Person.insert((1...6).map { Person.sample($0) }))
        try await r.run(
            Post.insert(
                (1...6).map {
                    Post(
                        personId: Int64($0), slug: "post-\($0)", title: "title \($0)",
                        views: $0 % 2 == 0 ? Int64($0) : nil)
                }))
    }

    /// Runs every snapshot statement in order on the seeded tables and compares what each gave
    /// back (rows, rows updated, generated fields) with the recorded transcript in
    /// `__Snapshots__/ExecutionTests/`. Statements the dialect refuses to render are listed as such.
    @Test(arguments: dialects.map(\.name)) func everySnapshotStatementRuns(_ name: String) async throws {
        let dialect = Self.dialects.first { $0.name == name }!
        let r = try await SQLRunner.make(dialect)
        try await Self.setUp(r)
        var transcript: [String] = []
        for c in SnapshotCases.all {
            guard let q = try? c.statement.render(dialect) else {
                transcript.append("-- \(c.label): not rendered")
                continue
            }
            do {
                let response = try await r.run(q)
                transcript.append("-- \(c.label)")
                transcript += ResultLayout.show(response, ordered: q.sql.contains("ORDER BY"))
            } catch {
                Issue.record("\(c.label) failed on \(name): \(error)")
                transcript.append("-- \(c.label): failed")
            }
        }
        assertSnapshot(
            of: transcript.joined(separator: "\n"), as: .lines, named: name, testName: "everySnapshotStatementRuns")
    }

    @Test(arguments: dialects.map(\.name)) func modelValuesRoundTrip(_ name: String) async throws {
        let dialect = Self.dialects.first { $0.name == name }!
        let r = try await SQLRunner.make(dialect)
        let table = "sql_roundtrip_\(dialect.name.lowercased())"
        // A fresh copy of the people table under its own name, so parallel suites do not collide.
        for s in Person.createStatements(dialect: dialect).dropLast() {
            let q = try s.render(dialect)
            try await r.raw(
                q.sql.replacingOccurrences(of: dialect.quote(Person.tableName), with: dialect.quote(table))
                    .replacingOccurrences(of: "IF NOT EXISTS ", with: ""))
        }
        for n in 1...6 {
            let person = Person.sample(n)
            let insert = try Person.insert(person).render(dialect)
            try await r.run(
                SQLQuery(
                    sql: insert.sql.replacingOccurrences(
                        of: dialect.quote(Person.tableName), with: dialect.quote(table)), names: insert.names,
                    values: insert.values))
            let select = try Person.select().where(Person.uuid.eq(person.uuid) && Person.small.eq(Int16(n))).render(
                dialect)
            let response = try await r.run(
                SQLQuery(
                    sql: select.sql.replacingOccurrences(
                        of: dialect.quote(Person.tableName), with: dialect.quote(table)), names: select.names,
                    values: select.values))
            let row = try #require(response.records?.first)
            let values = insert.values
            for (i, column) in Person.columns.dropFirst().enumerated() {
                #expect(
                    Self.same(values[i], row[i + 1], type: column.type),
                    "\(name) \(column.name): sent \(values[i]), got \(row[i + 1])")
            }
        }
        try await r.raw("DROP TABLE \(dialect.quote(table))")
    }

    /// Whether a value read back equals what was bound (dates compared without trailing zeros, decimals numerically).
    static func same(_ sent: SQLValue, _ got: Field, type: SQLColumnType) -> Bool {
        func trim(_ s: String) -> String {
            guard s.contains(".") else { return s }
            var t = s
            while t.hasSuffix("0") { t.removeLast() }
            if t.hasSuffix(".") { t.removeLast() }
            return t
        }
        switch (sent, got) {
        case (.null, .isNull(true)): return true
        case (.bool(let a), .booleanValue(let b)): return a == b
        case (.int(let a), .longValue(let b)): return a == b
        case (.double(let a), .doubleValue(let b)): return a == b
        case (.string(let a), .stringValue(let b)): return a == b
        case (.blob(let a), .blobValue(let b)): return a == b
        case (.typed(let a, .decimal), .stringValue(let b)): return Decimal(string: a) == Decimal(string: b)
        case (.typed(let a, .json), .stringValue(let b)):
            let x = try? JSONSerialization.jsonObject(with: Data(a.utf8)) as? NSDictionary,
                y = try? JSONSerialization.jsonObject(with: Data(b.utf8)) as? NSDictionary
            return x != nil && x == y
        case (.typed(let a, _), .stringValue(let b)): return trim(a) == trim(b)
        case (.temporal(let d, let kind), .stringValue(let b)): return trim(SQLRunner.utc.format(d, kind)) == trim(b)
        default: return false
        }
    }
}
