import DataAPISQL
import Foundation

/// The constructs issue 14 added; `ConstructSnapshots` shows what each renders.
enum ConstructCases {
    static let foreignKeyAndCheck: any SQLStatement = Member.createTable()
    static let updateReturning: any SQLStatement = Member.update().set(Member.age, to: Member.age.plus(1)).where(
        Member.id.eq(1)
    ).returning(Member.id, Member.age)
    static let deleteReturning: any SQLStatement = Member.delete().where(Member.id.eq(4)).returning(Member.name)
    static let nullSafeEquality: any SQLStatement = Member.select(Member.id).where(
        Member.nickname.isNotDistinct(from: nil) || Member.teamId.isDistinct(from: 1))
    static let likeEscape: any SQLStatement = Member.select(Member.id).where(
        Member.nickname.contains("50%") || Member.name.like("a!%", escape: "!"))
    static let caseWhenThenElse: any SQLStatement = Member.select(
        Member.name,
        caseWhen(Member.age.lt(30), then: "young").when(Member.age.lt(40), then: "mid").else("old").as("bucket")
    ).order(Member.id)
    static let union: any SQLStatement = Member.select(Member.name).where(Member.age.gt(20)).union(
        Team.select(Team.name)
    ).limit(10)
    static let unionAll: any SQLStatement = Member.select(Member.teamId).unionAll(Member.select(Member.teamId))
    static let intersect: any SQLStatement = Member.select(Member.id).intersect(Team.select(Team.id))
    static let except: any SQLStatement = Member.select(Member.id).except(Team.select(Team.id))
    static let forUpdate: any SQLStatement = Member.select(Member.id).where(Member.id.eq(1)).forUpdate(.skipLocked)
    static let forShare: any SQLStatement = Member.select(Member.id).order(Member.id).limit(1).forShare()
    static let forShareNowait: any SQLStatement = Member.select(Member.id).forShare(.noWait)
    static let alterAddColumn: any SQLStatement = Member.alterTable().addColumn(Member.email)
    static let alterRenameColumn: any SQLStatement = Member.alterTable().renameColumn("email", to: "mail")
    static let alterDropColumn: any SQLStatement = Member.alterTable().dropColumn("mail")
    static let addIndex: any SQLStatement = Member.createIndex(
        SQLIndex("sql_members_name", on: ["name", "age"], unique: true))
    static let addIndexIfNotExists: any SQLStatement = Member.createIndex(
        SQLIndex("sql_members_age", on: ["age"]), ifNotExists: true)
    static let dropType: any SQLStatement = SQLDropType("sql_owner_mood", ifExists: true)
    static let createTypeIfNotExists: any SQLStatement = Owner.createStatements(
        ifNotExists: true, dialect: .postgreSQL)[0]
    static let createTableIfNotExistsWithIndexes: any SQLStatement = Owner.createStatements(
        ifNotExists: true, dialect: .mySQL)[0]
    static let createIndexIfNotExists: any SQLStatement = Owner.createStatements(
        ifNotExists: true, dialect: .postgreSQL
    ).last!
    static let unionOfALimitedMember: any SQLStatement = Member.select(Member.name).order(Member.age.desc()).limit(1)
        .union(Team.select(Team.name))
    static let commonTable: any SQLStatement = TeamSize.select().with(TeamSize.fromMembers).where(TeamSize.n.gt(1))
        .order(TeamSize.teamId)
    static let recursiveCommonTable: any SQLStatement = Countdown.select().with(Countdown.toFive)
    static let rightJoin: any SQLStatement = Member.select(Member.name, Team.name).rightJoin(
        Team.self, on: Member.teamId.eq(Team.id))
    static let fullJoin: any SQLStatement = Member.select(Member.name, Team.name).fullJoin(
        Team.self, on: Member.teamId.eq(Team.id))
    static let crossJoin: any SQLStatement = Member.select(Member.id, Team.id).crossJoin(Team.self).where(
        Member.id.eq(1))
    static let distinctOn: any SQLStatement = Member.select(Member.teamId, Member.name).distinct(on: Member.teamId)
        .order(Member.teamId.asc(), Member.age.desc())
    static let upsertWithAnExpression: any SQLStatement = Member.insert(
        Member(id: 1, teamId: 1, name: "ann", nickname: nil, age: 5)
    ).onConflict(Member.id).doUpdate(set: Member.age, to: Member.age.plus(Member.age.excluded())).doUpdate(
        set: Member.nickname, to: Member.name.excluded())
    static let windowFunctions: any SQLStatement = Member.select(
        Member.name, rowNumber().over(partitionBy: Member.teamId, orderBy: Member.age.desc()).as("n"),
        Member.age.sum().over(partitionBy: Member.teamId).as("team_age"),
        rank().over(orderBy: Member.teamId.asc(nulls: .first)).as("r")
    ).order(Member.id)
    static let insertSelect: any SQLStatement = Team.insert(
        columns: [Team.id, Team.name], from: Member.select(Member.id.plus(10), Member.name).where(Member.age.gte(30)))
    static let keysetPage: any SQLStatement = Member.select().order(Member.age.desc(), Member.id.asc()).limit(2).after(
        Member.samples[0])
    static let jsonText: any SQLStatement = Doc.select(Doc.id).where(Doc.body.jsonText("theme").eq("dark"))
    static let caseSensitivity: any SQLStatement = Member.select(Member.id).where(
        Member.name.eqIgnoringCase("ANN") || Member.name.eqCaseSensitive("Bob") || Member.name.likeIgnoringCase("C%"))
    static let dates: any SQLStatement = Event.select(Event.at.extract(.year), Event.at.extract(.second)).where(
        Event.at.adding(3, .day).gt(Event.day.subtracting(1, .month)))
    static let partialIndex: any SQLStatement = Member.createIndex(
        SQLIndex("sql_members_adult_name", on: ["name"], unique: true, where: Member.age.gte(18)))
    static let upsertOnAPartialIndex: any SQLStatement = Member.insert(
        Member(id: 9, teamId: nil, name: "bob", nickname: "again", age: 41)
    ).onConflict(Member.name, where: Member.age.gte(18)).doUpdate(Member.nickname)
    static let derivedTable: any SQLStatement = TeamSize.select(
        from: Member.select(Member.teamId, countAll()).group(by: Member.teamId)
    ).where(TeamSize.n.gt(1))
    static let insertDefaultMarker: any SQLStatement = Gizmo.insert(Gizmo(id: 1, size: .default, label: "x"))
    static let multiRowInsertDefaultMarker: any SQLStatement = Gizmo.insert([
        Gizmo(id: 2, size: .default, label: .default), Gizmo(id: 3, size: 5, label: .default),
    ])
    static let severalRowsOfDefaultsOnly: any SQLStatement = Tally.insert([
        Tally(id: nil, n: .default), Tally(id: nil, n: .default),
    ])
    static let jsonMemberAsJson: any SQLStatement = Doc.select(Doc.id).where(
        Doc.body.json("tags", as: [String].self).eq(JSONValue(["a"])))
    static let jsonMembersChained: any SQLStatement = Profile.select(
        Profile.data.json("settings", as: Settings.self).jsonText("theme"),
        Profile.data.json("settings", as: Settings.self).json("tags", as: [String].self)
    ).where(Profile.data.json("rank", as: Int.self).eq(JSONValue(2)))
    static let upsertAddingToTheRow: any SQLStatement = Stock.insert(Stock(sku: "a", qty: 2)).onConflict(Stock.sku)
        .doUpdate(set: Stock.qty, to: Stock.qty.plus(Stock.qty.excluded()))

    /// Every case, in the order the execution check runs them.
    static let all: [SnapshotCase] = [
        .init(label: "foreign key and check", statement: foreignKeyAndCheck),
        .init(label: "update returning", statement: updateReturning),
        .init(label: "delete returning", statement: deleteReturning),
        .init(label: "null-safe equality", statement: nullSafeEquality),
        .init(label: "like escape", statement: likeEscape),
        .init(label: "case when", statement: caseWhenThenElse),
        .init(label: "union", statement: union),
        .init(label: "union all", statement: unionAll),
        .init(label: "intersect", statement: intersect),
        .init(label: "except", statement: except),
        .init(label: "for update", statement: forUpdate),
        .init(label: "for share", statement: forShare),
        .init(label: "for share nowait", statement: forShareNowait),
        .init(label: "alter add column", statement: alterAddColumn),
        .init(label: "alter rename column", statement: alterRenameColumn),
        .init(label: "alter drop column", statement: alterDropColumn),
        .init(label: "add index", statement: addIndex),
        .init(label: "add index if not exists", statement: addIndexIfNotExists),
        .init(label: "drop type", statement: dropType),
        .init(label: "create type if not exists", statement: createTypeIfNotExists),
        .init(label: "create table if not exists with indexes", statement: createTableIfNotExistsWithIndexes),
        .init(label: "create index if not exists", statement: createIndexIfNotExists),
        .init(label: "union of a limited member", statement: unionOfALimitedMember),
        .init(label: "common table", statement: commonTable),
        .init(label: "recursive common table", statement: recursiveCommonTable),
        .init(label: "right join", statement: rightJoin),
        .init(label: "full join", statement: fullJoin),
        .init(label: "cross join", statement: crossJoin),
        .init(label: "distinct on", statement: distinctOn),
        .init(label: "upsert with an expression", statement: upsertWithAnExpression),
        .init(label: "window functions", statement: windowFunctions),
        .init(label: "insert select", statement: insertSelect),
        .init(label: "keyset page", statement: keysetPage),
        .init(label: "json text", statement: jsonText),
        .init(label: "case sensitivity", statement: caseSensitivity),
        .init(label: "dates", statement: dates),
        .init(label: "partial index", statement: partialIndex),
        .init(label: "upsert on a partial index", statement: upsertOnAPartialIndex),
        .init(label: "derived table", statement: derivedTable),
        .init(label: "insert default marker", statement: insertDefaultMarker),
        .init(label: "multi-row insert default marker", statement: multiRowInsertDefaultMarker),
        .init(label: "several rows of defaults only", statement: severalRowsOfDefaultsOnly),
        .init(label: "json member as json", statement: jsonMemberAsJson),
        .init(label: "json members chained", statement: jsonMembersChained),
        .init(label: "upsert adding to the row", statement: upsertAddingToTheRow),
    ]
}
