import DataAPIClient
import DataAPISQL
import Foundation
import Testing

/// The constructs of issue 14: inline snapshots in three dialects, then round trips through
/// data-api-local on PostgreSQL and MariaDB with their rows checked.
@Suite(.serialized) struct ConstructTests {
    @Test func bindsAndHelpers() throws {
        #expect(
            try Member.select(Member.id).where(Member.nickname.contains("5_0%!")).render(.postgreSQL).values == [
                .string("%5!_0!%!!%")
            ])
        #expect(try Member.select(Member.id).where(Member.name.hasPrefix("a")).render(.mySQL).values == [.string("a%")])
        #expect(
            try Member.select(Member.id).where(Member.name.hasSuffix("_")).render(.mySQL).values == [.string("%!_")])
    }

    /// Fresh teams and members.
    static func seeded(_ name: String) async throws -> SQLRunner {
        let dialect = ExecutionTests.dialects.first { $0.name == name }!
        let r = try await SQLRunner.make(dialect)
        try await r.run(Member.dropTable(ifExists: true))
        try await r.run(Team.dropTable(ifExists: true))
        for s in Team.createStatements(dialect: dialect) + Member.createStatements(dialect: dialect) {
            try await r.run(s)
        }
        try await r.run(Team.insert([Team(id: 1, name: "red"), Team(id: 2, name: "blue")]))
        try await r.run(Member.insert(Member.samples))
        return r
    }

    static func ids(_ r: SQLRunner, _ statement: any SQLStatement) async throws -> [Int64] {
        try await r.run(statement).records?.map { if case .longValue(let v) = $0[0] { v } else { -1 } } ?? []
    }

    static func strings(_ r: SQLRunner, _ statement: any SQLStatement) async throws -> [String] {
        try await r.run(statement).records?.map { if case .stringValue(let v) = $0[0] { v } else { "?" } } ?? []
    }

    @Test(arguments: ExecutionTests.dialects.map(\.name)) func foreignKeysAndChecksHold(_ name: String) async throws {
        let r = try await Self.seeded(name)
        await #expect(throws: (any Error).self) {
            try await r.run(Member.insert(Member(id: 9, teamId: 99, name: "x", nickname: nil, age: 1)))
        }
        await #expect(throws: (any Error).self) {
            try await r.run(Member.insert(Member(id: 9, teamId: 1, name: "x", nickname: nil, age: -1)))
        }
        // ON UPDATE CASCADE, then ON DELETE CASCADE.
        try await r.run(Team.update().set(Team.id, to: 3).where(Team.id.eq(2)))
        #expect(try await Self.ids(r, Member.select(Member.teamId).where(Member.id.eq(3))) == [3])
        try await r.run(Team.delete().where(Team.id.eq(3)))
        #expect(try await Self.ids(r, Member.select(Member.id).order(Member.id)) == [1, 2, 4])
    }

    @Test(arguments: ExecutionTests.dialects.map(\.name)) func updateAndDeleteReturning(_ name: String) async throws {
        let r = try await Self.seeded(name)
        let update = Member.update().set(Member.age, to: Member.age.plus(1)).where(Member.id.eq(1)).returning(
            Member.id, Member.age)
        let delete = Member.delete().where(Member.id.eq(4)).returning(Member.name)
        guard name == "PostgreSQL" else {
            #expect(throws: SQLRenderError.unsupported(feature: "RETURNING", dialect: "MySQL")) {
                try update.render(r.dialect)
            }
            #expect(throws: SQLRenderError.unsupported(feature: "RETURNING", dialect: "MySQL")) {
                try delete.render(r.dialect)
            }
            return
        }
        #expect(try await r.run(update).records == [[.longValue(1), .longValue(31)]])
        #expect(try await r.run(delete).records == [[.stringValue("dee")]])
        #expect(try await Self.ids(r, Member.select(Member.id).order(Member.id)) == [1, 2, 3])
    }

    @Test(arguments: ExecutionTests.dialects.map(\.name)) func predicates(_ name: String) async throws {
        let r = try await Self.seeded(name)
        func ids(_ condition: SQLExpression<Bool>) async throws -> [Int64] {
            try await Self.ids(r, Member.select(Member.id).where(condition).order(Member.id))
        }
        #expect(try await ids(Member.nickname.isNotDistinct(from: nil)) == [1, 4])
        #expect(try await ids(Member.nickname.isDistinct(from: "50%")) == [1, 2, 4])
        #expect(try await ids(Member.teamId.isNotDistinct(from: 1)) == [1, 2])
        #expect(try await ids(Member.teamId.isDistinct(from: Member.teamId)) == [])
        #expect(try await ids(Member.nickname.eq(nil)) == [1, 4])
        #expect(try await ids(Member.nickname.neq(nil)) == [2, 3])
        #expect(try await ids(Member.nickname.contains("%")) == [2, 3])
        #expect(try await ids(Member.nickname.contains("_")) == [2])
        #expect(try await ids(Member.nickname.hasPrefix("b_")) == [2])
        #expect(try await ids(Member.nickname.hasSuffix("0%")) == [3])
        #expect(try await ids(Member.nickname.like("b!_%", escape: "!")) == [2])
        #expect(try await ids(Member.name.like("!%", escape: "!")) == [])
        let buckets = try await r.run(
            Member.select(
                Member.name,
                caseWhen(Member.age.lt(30), then: "young").when(Member.age.lt(40), then: "mid")
                    .else("old").as("bucket")
            ).order(Member.id)
        ).records
        #expect(
            buckets
                == [["ann", "mid"], ["bob", "old"], ["cy", "young"], ["dee", "young"]].map { $0.map(Field.stringValue) }
        )
        let counts = try await r.run(
            Member.select(Member.id, caseWhen(Member.nickname.isNull(), then: Member.name).end().as("n")).order(
                Member.id)
        ).records
        #expect(counts?.map { $0[1] } == [.stringValue("ann"), .null, .null, .stringValue("dee")])
    }

    @Test(arguments: ExecutionTests.dialects.map(\.name)) func compoundSelects(_ name: String) async throws {
        let r = try await Self.seeded(name)
        #expect(
            try await Self.strings(r, Member.select(Member.name).where(Member.age.gt(20)).union(Team.select(Team.name)))
                .sorted()
                == ["ann", "blue", "bob", "cy", "red"])
        #expect(
            try await Self.strings(r, Member.select(Member.name).union(Member.select(Member.name)).limit(10)).count == 4
        )
        #expect(
            try await r.run(Member.select(Member.teamId).unionAll(Member.select(Member.teamId))).records?.count == 8)
        #expect(try await Self.ids(r, Member.select(Member.id).intersect(Team.select(Team.id))).sorted() == [1, 2])
        #expect(try await Self.ids(r, Member.select(Member.id).except(Team.select(Team.id))).sorted() == [3, 4])
    }

    @Test(arguments: ExecutionTests.dialects.map(\.name)) func commonTables(_ name: String) async throws {
        let r = try await Self.seeded(name)
        let sizes = try await r.run(
            TeamSize.select().with(TeamSize.fromMembers).order(TeamSize.teamId.asc(nulls: .first))
        ).records
        #expect(sizes == [[.null, .longValue(1)], [.longValue(1), .longValue(2)], [.longValue(2), .longValue(1)]])
        #expect(
            try await Self.ids(r, TeamSize.select(TeamSize.teamId).with(TeamSize.fromMembers).where(TeamSize.n.gt(1)))
                == [1])
        #expect(try await Self.ids(r, Countdown.select().with(Countdown.toFive).order(Countdown.n)) == [1, 2, 3, 4, 5])
        // A member with its own ORDER BY and LIMIT keeps them.
        #expect(
            try await Self.strings(
                r, Member.select(Member.name).order(Member.age.desc()).limit(1).union(Team.select(Team.name))
            ).sorted()
                == ["blue", "bob", "red"])
        #expect(throws: SQLRenderError.self) {
            try TeamSize.select().with(SQLCommonTable(TeamSize.self, as: Member.select(Member.teamId))).render(
                r.dialect)
        }
        // The same rows from a derived table.
        let derived = TeamSize.select(from: Member.select(Member.teamId, countAll()).group(by: Member.teamId))
        #expect(try await r.run(derived.order(TeamSize.teamId.asc(nulls: .first))).records == sizes)
        #expect(try await Self.ids(r, derived.where(TeamSize.n.gt(1))) == [1])
        #expect(throws: SQLRenderError.self) {
            try TeamSize.select(from: Member.select(Member.teamId)).render(r.dialect)
        }
    }

    /// An integer column as PostgreSQL (bigint) or MariaDB (a DECIMAL as text) returns it.
    static func int(_ f: Field) -> Int64? {
        switch f {
        case .longValue(let v): v
        case .stringValue(let s): Int64(s)
        default: nil
        }
    }

    static func str(_ f: Field) -> String? { if case .stringValue(let s) = f { s } else { nil } }

    @Test(arguments: ExecutionTests.dialects.map(\.name))
    func joinsDistinctOnUpsertsAndWindows(_ name: String) async throws {
        let r = try await Self.seeded(name)
        try await r.run(Team.insert(Team(id: 3, name: "green")))
        let right =
            try await r.run(Member.select(Member.name, Team.name).rightJoin(Team.self, on: Member.teamId.eq(Team.id)))
            .records ?? []
        #expect(right.map { "\($0[0] == .null ? "-" : (Self.str($0[0]) ?? "?"))/\(Self.str($0[1]) ?? "?")" }.sorted()
                == ["-/green", "ann/red", "bob/red", "cy/blue"])
        let cross =
            try await r.run(Member.select(Member.id, Team.id).crossJoin(Team.self).where(Member.id.eq(1))).records ?? []
        #expect(cross.compactMap { Self.int($0[1]) }.sorted() == [1, 2, 3])
        if name == "PostgreSQL" {
            let full =
                try await r.run(
                    Member.select(Member.name, Team.name).fullJoin(Team.self, on: Member.teamId.eq(Team.id))
                ).records ?? []
            #expect(full.count == 5)  // four members (dee without a team) and green without members
            let firsts = try await r.run(
                Member.select(Member.teamId, Member.name).distinct(on: Member.teamId).order(
                    Member.teamId.asc(), Member.age.desc())
            ).records
            #expect(
                firsts == [
                    [.longValue(1), .stringValue("bob")], [.longValue(2), .stringValue("cy")],
                    [.null, .stringValue("dee")],
                ])
        }
        try await r.run(
            Team.insert(
                columns: [Team.id, Team.name],
                from: Member.select(Member.id.plus(10), Member.name).where(Member.age.gte(30))))
        #expect(
            try await Self.strings(r, Team.select(Team.name).where(Team.id.gt(10)).order(Team.id)) == ["ann", "bob"])
        #expect(throws: SQLRenderError.self) {
            try Team.insert(columns: [Team.id], from: Member.select(Member.id, Member.name)).render(r.dialect)
        }
        let upsert = Member.insert(Member(id: 1, teamId: 1, name: "ann", nickname: nil, age: 5)).onConflict(Member.id)
            .doUpdate(set: Member.age, to: Member.age.plus(Member.age.excluded())).doUpdate(
                set: Member.nickname, to: Member.name.excluded())
        try await r.run(upsert)
        #expect(
            try await r.run(Member.select(Member.age, Member.nickname).where(Member.id.eq(1))).records == [
                [.longValue(35), .stringValue("ann")]
            ])
        let windows =
            try await r.run(
                Member.select(
                    Member.name, rowNumber().over(partitionBy: Member.teamId, orderBy: Member.age.desc()).as("n"),
                    Member.age.sum().over(partitionBy: Member.teamId).as("team_age"),
                    rank().over(orderBy: Member.teamId.asc(nulls: .first)).as("r")
                ).order(Member.id)
            ).records ?? []
        #expect(
            windows.map {
                [
                    Self.str($0[0]) ?? "?", "\(Self.int($0[1]) ?? -1)", "\(Self.int($0[2]) ?? -1)",
                    "\(Self.int($0[3]) ?? -1)",
                ]
            }
                == [
                    ["ann", "2", "75", "2"], ["bob", "1", "75", "2"], ["cy", "1", "25", "4"], ["dee", "1", "0", "1"],
                ])
    }

    @Test(arguments: ExecutionTests.dialects.map(\.name)) func keysetPages(_ name: String) async throws {
        let r = try await Self.seeded(name)
        let page = Member.select().order(Member.age.desc(), Member.id.asc()).limit(2)
        #expect(try await Self.ids(r, page) == [2, 1])
        #expect(try await Self.ids(r, page.after(Member.samples[0])) == [3, 4])
        #expect(try await Self.ids(r, page.after(Member.samples[3])) == [])
        #expect(try await Self.ids(r, page.where(Member.teamId.eq(1)).after(Member.samples[1])) == [1])
        #expect(throws: SQLRenderError.self) {
            try Member.select().order(Member.nickname.asc()).after(Member.samples[0]).render(r.dialect)
        }
        #expect(throws: SQLRenderError.self) {
            try Member.select().order(Member.age.asc(nulls: .last)).after(Member.samples[0]).render(r.dialect)
        }
    }

    @Test(arguments: ExecutionTests.dialects.map(\.name)) func caseAndJSON(_ name: String) async throws {
        let r = try await Self.seeded(name)
        #expect(try await Self.ids(r, Member.select(Member.id).where(Member.name.eqIgnoringCase("ANN"))) == [1])
        #expect(try await Self.ids(r, Member.select(Member.id).where(Member.name.eqCaseSensitive("BOB"))) == [])
        #expect(try await Self.ids(r, Member.select(Member.id).where(Member.name.eqCaseSensitive("bob"))) == [2])
        #expect(try await Self.ids(r, Member.select(Member.id).where(Member.name.likeIgnoringCase("C%"))) == [3])
        try await r.run(Doc.dropTable(ifExists: true))
        for s in Doc.createStatements(dialect: r.dialect) { try await r.run(s) }
        try await r.run(Doc.insert([Doc(id: 1, body: JSONValue(Settings(theme: "dark", tags: ["a"]))),
                                    Doc(id: 2, body: JSONValue(Settings(theme: "light \"quoted\"", tags: [])))]))
        #expect(try await Self.ids(r, Doc.select(Doc.id).where(Doc.body.jsonText("theme").eq("dark"))) == [1])
        let themes = try await r.run(
            Doc.select(Doc.body.jsonText("theme"), Doc.body.jsonText("missing \"key\"")).order(Doc.id)
        ).records
        #expect(themes == [[.stringValue("dark"), .null], [.stringValue("light \"quoted\""), .null]])
        try await r.run(Doc.dropTable())
    }

    @Test(arguments: ExecutionTests.dialects.map(\.name)) func dateFieldsAndArithmetic(_ name: String) async throws {
        let r = try await Self.seeded(name)
        try await r.run(Event.dropTable(ifExists: true))
        for s in Event.createStatements(dialect: r.dialect) { try await r.run(s) }
        let at = Date(timeIntervalSince1970: 1_709_546_407.5)  // 2024-03-04T10:00:07.5Z
        try await r.run(Event.insert(Event(id: 1, at: at, day: at)))
        let q = Event.select(
            Event.at.extract(.year), Event.at.extract(.month), Event.at.extract(.day), Event.at.extract(.hour),
            Event.at.extract(.minute), Event.at.extract(.second),
            Event.at.adding(3, .day).extract(.day), Event.day.subtracting(1, .month).extract(.month),
            Event.at.adding(-1, .year).extract(.year), Event.at.adding(50, .minute).extract(.hour))
        let row = try #require(try await r.run(q).records?.first)
        #expect(row.map { Self.int($0) } == [2024, 3, 4, 10, 0, 7, 7, 2, 2023, 10])
        #expect(
            try await Self.ids(
                r, Event.select(Event.id).where(Event.at.adding(3, .day).gt(Event.day.subtracting(1, .month)))) == [1])
        try await r.run(Event.dropTable())
    }

    @Test func partialIndexAndItsConflictTarget() async throws {
        let r = try await Self.seeded("PostgreSQL")
        try await r.run(
            Member.createIndex(
                SQLIndex("sql_members_adult_name", on: ["name"], unique: true, where: Member.age.gte(18))))
        try await r.run(Member.insert(Member(id: 9, teamId: nil, name: "bob", nickname: "again", age: 41))
            .onConflict(Member.name, where: Member.age.gte(18)).doUpdate(Member.nickname))
        #expect(try await Self.strings(r, Member.select(Member.nickname).where(Member.id.eq(2))) == ["again"])
        // A minor is outside the index: a second "dee" is no conflict.
        try await r.run(Member.insert(Member(id: 10, teamId: nil, name: "dee", nickname: nil, age: 5))
            .onConflict(Member.name, where: Member.age.gte(18)).doNothing())
        #expect(
            try await Self.ids(r, Member.select(Member.id).where(Member.name.eq("dee")).order(Member.id)) == [4, 10])
    }

    @Test(arguments: ExecutionTests.dialects.map(\.name)) func lockingClauses(_ name: String) async throws {
        let r = try await Self.seeded(name)
        #expect(try await Self.ids(r, Member.select(Member.id).where(Member.id.eq(1)).forUpdate()) == [1])
        #expect(try await Self.ids(r, Member.select(Member.id).where(Member.id.eq(1)).forUpdate(.skipLocked)) == [1])
        #expect(try await Self.ids(r, Member.select(Member.id).where(Member.id.eq(2)).forUpdate(.noWait)) == [2])
        #expect(try await Self.ids(r, Member.select(Member.id).order(Member.id).limit(1).forShare()) == [1])
        if name == "PostgreSQL" {
            #expect(try await Self.ids(r, Member.select(Member.id).where(Member.id.eq(3)).forShare(.skipLocked)) == [3])
        }
    }

    @Test(arguments: ExecutionTests.dialects.map(\.name)) func alterTableAndIndexes(_ name: String) async throws {
        let r = try await Self.seeded(name)
        try await r.run(Member.alterTable().addColumn(Member.email))
        #expect(
            try await r.run(
                SQL(
                    unsafeRaw:
                        "SELECT \(r.dialect.quote("email")) FROM \(r.dialect.quote("sql_members")) WHERE \(r.dialect.quote("id")) = 1"
                )
            ).records
                == [[.stringValue("none")]])
        try await r.run(Member.alterTable().renameColumn("email", to: "mail"))
        #expect(
            try await r.run(
                SQL(
                    unsafeRaw:
                        "SELECT \(r.dialect.quote("mail")) FROM \(r.dialect.quote("sql_members")) WHERE \(r.dialect.quote("id")) = 2"
                )
            ).records
                == [[.stringValue("none")]])
        try await r.run(Member.alterTable().dropColumn("mail"))
        await #expect(throws: (any Error).self) {
            try await r.run(SQL(unsafeRaw: "SELECT \(r.dialect.quote("mail")) FROM \(r.dialect.quote("sql_members"))"))
        }
        try await r.run(Member.createIndex(SQLIndex("sql_members_name", on: ["name", "age"], unique: true)))
        await #expect(throws: (any Error).self) {
            try await r.run(Member.insert(Member(id: 5, teamId: nil, name: "ann", nickname: nil, age: 30)))
        }
        if name == "PostgreSQL" {
            try await r.run(Member.createIndex(SQLIndex("sql_members_age", on: ["age"]), ifNotExists: true))
            try await r.run(Member.createIndex(SQLIndex("sql_members_age", on: ["age"]), ifNotExists: true))
            try await r.run(SQLDropType("sql_construct_mood", ifExists: true))
            try await r.raw("CREATE TYPE sql_construct_mood AS ENUM ('a')")
            try await r.run(SQLDropType("sql_construct_mood"))
            #expect(
                try await r.run(SQL(unsafeRaw: "SELECT COUNT(*) FROM pg_type WHERE typname = 'sql_construct_mood'"))
                    .records == [[.longValue(0)]])
        }
    }

    /// MySQL 8.0.19's row-alias upsert, a dialect flavour; the `VALUES()` form stays the default.
    @Test func upsertRowAliasFlavour() throws {
        let upsert = Stock.insert([Stock(sku: "a", qty: 2), Stock(sku: "b", qty: 1)]).onConflict(Stock.sku)
            .doUpdate(set: Stock.qty, to: Stock.qty.plus(Stock.qty.excluded()))
        #expect(SnapshotTests.rendered(upsert, .mySQL8)
                == #"INSERT INTO `sql_stocks` (`sku`, `qty`) VALUES (:p1, :p2), (:p3, :p4) AS `new` ON DUPLICATE KEY UPDATE `qty` = (`sql_stocks`.`qty` + `new`.`qty`)"#
        )
        #expect(SnapshotTests.rendered(upsert, .mySQL)
                == #"INSERT INTO `sql_stocks` (`sku`, `qty`) VALUES (:p1, :p2), (:p3, :p4) ON DUPLICATE KEY UPDATE `qty` = (`sql_stocks`.`qty` + VALUES(`qty`))"#
        )
        #expect(
            SnapshotTests.rendered(
                Stock.insert(Stock(sku: "a", qty: 2)).onConflict(Stock.sku).doUpdate(Stock.qty), .mySQL8)
                == #"INSERT INTO `sql_stocks` (`sku`, `qty`) VALUES (:p1, :p2) AS `new` ON DUPLICATE KEY UPDATE `qty` = `new`.`qty`"#
        )
        #expect(SnapshotTests.rendered(Stock.insert(Stock(sku: "a", qty: 2)).onConflict(Stock.sku).doNothing(), .mySQL8)
                == #"INSERT INTO `sql_stocks` (`sku`, `qty`) VALUES (:p1, :p2) AS `new` ON DUPLICATE KEY UPDATE `sku` = `sku`"#
        )
        // The alias is MySQL's: PostgreSQL ignores the setting.
        var pg = SQLDialect.postgreSQL
        pg.upsertRowAlias = "new"
        #expect(SnapshotTests.rendered(upsert, pg) == SnapshotTests.rendered(upsert, .postgreSQL))
        #expect(try upsert.renderBatch(.mySQL8).sql
                == #"INSERT INTO `sql_stocks` (`sku`, `qty`) VALUES (:p1, :p2) AS `new` ON DUPLICATE KEY UPDATE `qty` = (`sql_stocks`.`qty` + `new`.`qty`)"#
        )
    }

    @Test(arguments: ExecutionTests.dialects.map(\.name)) func upsertAddsToTheRow(_ name: String) async throws {
        let r = try await Self.seeded(name)
        try await r.run(Stock.dropTable(ifExists: true))
        for s in Stock.createStatements(dialect: r.dialect) { try await r.run(s) }
        try await r.run(Stock.insert([Stock(sku: "a", qty: 2), Stock(sku: "b", qty: 1)]))
        let upsert = Stock.insert([Stock(sku: "a", qty: 5), Stock(sku: "c", qty: 7)]).onConflict(Stock.sku)
            .doUpdate(set: Stock.qty, to: Stock.qty.plus(Stock.qty.excluded()))
        try await r.run(upsert)
        let rows = try await r.run(Stock.select(Stock.sku, Stock.qty).order(Stock.sku)).records ?? []
        #expect(rows.map { "\(Self.str($0[0]) ?? "?")=\(Self.int($0[1]) ?? -1)" } == ["a=7", "b=1", "c=7"])
        if name == "MySQL" {
            // MariaDB, behind data-api-local, has no row alias: the MySQL 8 flavour is refused there.
            await #expect(throws: (any Error).self) { try await r.run(try upsert.render(.mySQL8)) }
        }
        try await r.run(Stock.dropTable())
    }

    @Test func defaultMarkerRules() throws {
        // Every row asks the default: the column is left out of batches and JSON rows too.
        let all = Gizmo.insert([Gizmo(id: 1, size: .default, label: "a"), Gizmo(id: 2, size: .default, label: "b")])
        #expect(try all.renderBatch(.mySQL).sql == #"INSERT INTO `sql_gizmos` (`id`, `label`) VALUES (:p1, :p2)"#)
        #expect(try all.renderJSONRows(.postgreSQL).columns.map(\.name) == ["id", "label"])
        // Some rows only: DEFAULT in one multi-row VALUES statement; batches and JSON rows
        // run one value list for every row, so they throw.
        let mixed = Gizmo.insert([Gizmo(id: 1, size: .default, label: "a"), Gizmo(id: 2, size: 4, label: "b")])
        #expect(
            SnapshotTests.rendered(mixed, .postgreSQL)
                == #"INSERT INTO "sql_gizmos" ("id", "size", "label") VALUES (:p1, DEFAULT, :p2), (:p3, :p4, :p5)"#)
        #expect(try mixed.render(.postgreSQL).values == [.int(1), .string("a"), .int(2), .int(4), .string("b")])
        #expect(throws: SQLRenderError.mixedDefault("size")) { try mixed.renderBatch(.mySQL) }
        #expect(throws: SQLRenderError.mixedDefault("size")) { try mixed.renderJSONRows(.postgreSQL) }
        // Every column defaulted.
        #expect(SnapshotTests.rendered(Gizmo.insert(Gizmo(id: 1, size: .default, label: .default)), .mySQL)
                == #"INSERT INTO `sql_gizmos` (`id`) VALUES (:p1)"#)
        // An update may set the default; comparisons take an Int32, so `eq(.default)` does not compile.
        #expect(SnapshotTests.rendered(Gizmo.update().set(Gizmo.size, to: .default).where(Gizmo.id.eq(1)), .mySQL)
                == #"UPDATE `sql_gizmos` SET `size` = DEFAULT WHERE (`sql_gizmos`.`id` = :p1)"#)
        #expect(throws: SQLRenderError.self) { try OrDefault<Int32>.default.sqlValue(for: .integer) }
        #expect(Gizmo.size.schema.valueType == SQLValueType(Int32.self))
        #expect(SnapshotTests.rendered(Gizmo.select(Gizmo.id).where(Gizmo.size.gt(2)), .postgreSQL)
                == #"SELECT "sql_gizmos"."id" FROM "sql_gizmos" WHERE ("sql_gizmos"."size" > :p1)"#)
    }

    @Test(arguments: ExecutionTests.dialects.map(\.name))
    func defaultMarkersGetTheColumnDefault(_ name: String) async throws {
        let r = try await Self.seeded(name)
        try await r.run(Gizmo.dropTable(ifExists: true))
        for s in Gizmo.createStatements(dialect: r.dialect) { try await r.run(s) }
        try await r.run(Gizmo.insert(Gizmo(id: 1, size: .default, label: "x")))
        try await r.run(
            Gizmo.insert([Gizmo(id: 2, size: .default, label: .default), Gizmo(id: 3, size: 5, label: .default)]))
        try await r.run(Gizmo.insert(Gizmo(id: 4, size: .value(9), label: .default)))
        try await r.run(Gizmo.update().set(Gizmo.label, to: "y").where(Gizmo.id.eq(4)))
        try await r.run(Gizmo.update().set(Gizmo.label, to: .default).where(Gizmo.id.eq(4)))
        // Rows of defaults only: every row is inserted (PostgreSQL's DEFAULT VALUES would insert one).
        try await r.run(Tally.dropTable(ifExists: true))
        for s in Tally.createStatements(dialect: r.dialect) { try await r.run(s) }
        try await r.run(Tally.insert(Tally(id: nil, n: .default)))
        try await r.run(Tally.insert([Tally(id: nil, n: .default), Tally(id: nil, n: .default)]))
        let tallies = try await r.run(Tally.select(Tally.id, Tally.n).order(Tally.id)).records ?? []
        #expect(tallies.map { "\(Self.int($0[0]) ?? -1):\(Self.int($0[1]) ?? -1)" } == ["1:0", "2:0", "3:0"])
        try await r.run(Tally.dropTable())
        let rows = try await r.run(Gizmo.select(Gizmo.id, Gizmo.size, Gizmo.label).order(Gizmo.id)).records ?? []
        #expect(rows.map { "\(Self.int($0[0]) ?? -1):\(Self.int($0[1]) ?? -1):\(Self.str($0[2]) ?? "?")" }
                == ["1:1:x", "2:1:plain", "3:5:plain", "4:9:plain"])
        try await r.run(Gizmo.dropTable())
    }

    @Test(arguments: ExecutionTests.dialects.map(\.name)) func jsonMembersAsJSON(_ name: String) async throws {
        let r = try await Self.seeded(name)
        try await r.run(Doc.dropTable(ifExists: true))
        try await r.run(Profile.dropTable(ifExists: true))
        for s in Doc.createStatements(dialect: r.dialect) + Profile.createStatements(dialect: r.dialect) {
            try await r.run(s)
        }
        try await r.run(Doc.insert([Doc(id: 1, body: JSONValue(Settings(theme: "dark", tags: ["a"]))),
                                    Doc(id: 2, body: JSONValue(Settings(theme: "light", tags: ["a", "b"])))]))
        let tags = Doc.body.json("tags", as: [String].self)
        #expect(try await Self.ids(r, Doc.select(Doc.id).where(tags.eq(JSONValue(["a"])))) == [1])
        #expect(try await Self.ids(r, Doc.select(Doc.id).where(tags.eq(JSONValue(["a", "b"])))) == [2])
        #expect(try await Self.ids(r, Doc.select(Doc.id).where(tags.neq(JSONValue(["a"])))) == [2])
        // The JSON form keeps a string's quotes; the text form does not.
        let themes = try await r.run(Doc.select(Doc.body.json("theme", as: String.self), Doc.body.jsonText("theme"),
                                                Doc.body.json("missing", as: String.self)).where(Doc.id.eq(1))).records
        #expect(themes == [[.stringValue("\"dark\""), .stringValue("dark"), .null]])
        #expect(
            try await Self.ids(
                r, Doc.select(Doc.id).where(Doc.body.json("theme", as: String.self).eq(JSONValue("light")))) == [2])
        // Exact, whatever the connection's collation: "Light" is not "light".
        #expect(
            try await Self.ids(
                r, Doc.select(Doc.id).where(Doc.body.json("theme", as: String.self).eq(JSONValue("Light")))) == [])
        try await r.run(Profile.insert([
            Profile(id: 1, data: JSONValue(.init(settings: Settings(theme: "dark", tags: ["x", "y"]), rank: 2))),
            Profile(id: 2, data: JSONValue(.init(settings: Settings(theme: "pale", tags: []), rank: 3))),
        ]))
        let settings = Profile.data.json("settings", as: Settings.self)
        #expect(
            try await Self.strings(
                r,
                Profile.select(settings.jsonText("theme")).where(
                    Profile.data.json("rank", as: Int.self).eq(JSONValue(2))))
                == ["dark"])
        #expect(
            try await Self.ids(
                r, Profile.select(Profile.id).where(settings.json("tags", as: [String].self).eq(JSONValue(["x", "y"]))))
                == [1])
        #expect(
            try await Self.ids(
                r, Profile.select(Profile.id).where(settings.eq(JSONValue(Settings(theme: "pale", tags: []))))) == [2])
        try await r.run(Doc.dropTable())
        try await r.run(Profile.dropTable())
    }
}
