import DataAPISQL
import Foundation

/// One statement of the snapshot suites, named for the execution check's log.
struct SnapshotCase: Sendable {
    let label: String
    let statement: any SQLStatement
}

/// Every construct of the builder, in the order the execution check runs them (after the
/// tables exist and a few people were inserted); `StatementSnapshots` shows what each renders.
enum SnapshotCases {
    static let created = Date(timeIntervalSince1970: 1_700_000_000)

    static let selectAll: any SQLStatement = Person.select().where(Person.id.eq(1))
    static let selectColumns: any SQLStatement = Person.select(Person.id, Person.name)
    static let comparisons: any SQLStatement = Person.select(Person.id).where(
        Person.age.gt(1) && Person.age.gte(1) && Person.age.lt(100) && Person.age.lte(100) && Person.name.neq("x")
            && Person.id.eq(1))
    static let orNot: any SQLStatement = Person.select(Person.id).where(Person.active.eq(true) || !Person.score.gt(2.5))
    static let booleanColumn: any SQLStatement = Person.select(Person.id).where(Person.active)
    static let inList: any SQLStatement = Person.select(Person.id).where(
        Person.id.in([1, 2, 3]) && Person.role.notIn([.admin]))
    static let emptyIn: any SQLStatement = Person.select(Person.id).where(Person.id.in([]))
    static let inSubquery: any SQLStatement = Person.select(Person.name).where(
        Person.id.in(Post.select(Post.personId).where(Post.views.gt(0))))
    static let betweenLikeNull: any SQLStatement = Person.select(Person.id).where(
        Person.age.between(18, 65) && Person.name.like("person%") && Person.email.isNull()
            && Person.birthday.isNotNull())
    static let ilike: any SQLStatement = Person.select(Person.id).where(Person.name.ilike("PERSON%"))
    static let dates: any SQLStatement = Person.select(Person.id).where(
        Person.createdAt.gt(created) && Person.birthday.lt(created)
            && Person.wakeUp.gte(Date(timeIntervalSince1970: 3600)))
    static let typedValues: any SQLStatement = Person.select(Person.id).where(
        Person.uuid.neq(UUID(uuidString: "00000000-0000-0000-0000-0000000000ff")!)
            && Person.balance.gt(Decimal(string: "0.01")!) && Person.level.eq(.high))
    static let orderLimitOffset: any SQLStatement = Person.select(Person.id).order(
        Person.email.asc(nulls: .first), Person.id.desc(nulls: .last)
    ).limit(10).offset(1)
    static let offsetOnly: any SQLStatement = Person.select(Person.id).order(Person.id).offset(1)
    static let distinct: any SQLStatement = Person.select(Person.role).distinct()
    static let aggregates: any SQLStatement = Person.select(
        Person.role, countAll().as("n"), Person.email.count().as("emails"),
        Person.email.countDistinct().as("distinct_emails"), Person.age.sum().as("total"), Person.score.avg().as("mean"),
        Person.age.min().as("youngest"), Person.age.max().as("oldest")
    ).group(by: Person.role).having(countAll().gt(0)).order(Person.role)
    static let innerJoin: any SQLStatement = Person.select(Person.name, Post.title).join(
        Post.self, on: Post.personId.eq(Person.id)
    ).where(Post.views.gte(0))
    static let leftJoinAliases: any SQLStatement = Person.select(
        as: "p", Person.name.from("p"), Post.title.from("q").as("post_title")
    ).leftJoin(Post.self, as: "q", on: Post.personId.from("q").eq(Person.id.from("p")))
    static let existsSubqueries: any SQLStatement = Person.select(Person.id).where(
        exists(Post.select(Post.slug).where(Post.personId.eq(Person.id)))
            && !notExists(Post.select(Post.slug).where(Post.title.eq("none"))))
    static let scalarSubquery: any SQLStatement = Person.select(
        Person.id, Post.select(Post.views.max()).where(Post.personId.eq(Person.id)).scalar().as("top_views"))
    static let functions: any SQLStatement = Person.select(
        Person.name.lower().as("l"), Person.name.upper().as("u"), Person.name.length().as("len"),
        Person.name.concat(" <", SQLConcatPart(Person.email.coalesce("none")), ">").as("label"),
        Person.age.plus(1).as("next"), Person.score.times(2).minus(1).dividedBy(4).as("calc"), now().as("at")
    ).where(Person.id.eq(1))
    static let rawFragment: any SQLStatement = Person.select(Person.id).where(
        "\(Person.name) = \("person 1") AND \(unsafeRaw: "1 = 1")" as SQLFragment)
    static let insertOne: any SQLStatement = Person.insert(Person.sample(7))
    static let insertMany: any SQLStatement = Post.insert([
        Post(personId: 1, slug: "many-1", title: "t", views: nil),
        Post(personId: 2, slug: "many-2", title: "u", views: 5),
    ])
    static let upsertUpdate: any SQLStatement = Post.insert(
        Post(personId: 1, slug: "many-1", title: "updated", views: 9)
    ).onConflict(Post.personId, Post.slug).doUpdate(Post.title, Post.views)
    static let upsertNothing: any SQLStatement = Post.insert(
        Post(personId: 1, slug: "many-1", title: "ignored", views: 1)
    ).onConflict(columnNames: ["person_id", "slug"]).doNothing()
    static let returning: any SQLStatement = Post.insert(Post(personId: 3, slug: "ret", title: "r", views: 0))
        .returning(Post.slug, Post.views)
    static let update: any SQLStatement = Person.update().set(Person.name, to: "renamed").set(Person.email, to: nil)
        .set(Person.age, to: Person.age.plus(1)).where(Person.id.eq(2))
    static let updateAll: any SQLStatement = Post.updateAll().set(Post.views, to: Post.views.coalesce(0))
    static let updateWithoutWhere: any SQLStatement = Post.update().set(Post.views, to: 1)
    static let delete: any SQLStatement = Post.delete().where(Post.slug.eq("ret"))
    static let deleteWithoutWhere: any SQLStatement = Post.delete()
    static let createTable: any SQLStatement = Person.createTable(ifNotExists: true)
    static let createComposite: any SQLStatement = Post.createTable(ifNotExists: true)
    static let createIndex: any SQLStatement = Person.createStatements(dialect: .postgreSQL).last!
    static let pgOnlyInsert: any SQLStatement = PGOnly.insert(
        PGOnly(
            id: 1, tags: ["a", "b,\"c\"", "\\d"], numbers: [1, -2], mood: .member,
            doc: JSONValue(Settings(theme: "x", tags: [])), at: created))
    static let pgOnlySelect: any SQLStatement = PGOnly.select().where(
        PGOnly.mood.eq(.member) && PGOnly.tags.eq(["a", "b,\"c\"", "\\d"]))
    static let deleteAll: any SQLStatement = Post.deleteAll()
    static let dropTable: any SQLStatement = Post.dropTable(ifExists: true)

    /// Every case, in the order the execution check runs them.
    static let all: [SnapshotCase] = [
        .init(label: "select all", statement: selectAll),
        .init(label: "select columns", statement: selectColumns),
        .init(label: "comparisons", statement: comparisons),
        .init(label: "or not", statement: orNot),
        .init(label: "boolean column", statement: booleanColumn),
        .init(label: "in list", statement: inList),
        .init(label: "empty in", statement: emptyIn),
        .init(label: "in subquery", statement: inSubquery),
        .init(label: "between like null", statement: betweenLikeNull),
        .init(label: "ilike", statement: ilike),
        .init(label: "dates", statement: dates),
        .init(label: "typed values", statement: typedValues),
        .init(label: "order limit offset", statement: orderLimitOffset),
        .init(label: "offset only", statement: offsetOnly),
        .init(label: "distinct", statement: distinct),
        .init(label: "aggregates", statement: aggregates),
        .init(label: "inner join", statement: innerJoin),
        .init(label: "left join aliases", statement: leftJoinAliases),
        .init(label: "exists", statement: existsSubqueries),
        .init(label: "scalar subquery", statement: scalarSubquery),
        .init(label: "functions", statement: functions),
        .init(label: "raw fragment", statement: rawFragment),
        .init(label: "insert one", statement: insertOne),
        .init(label: "insert many", statement: insertMany),
        .init(label: "upsert update", statement: upsertUpdate),
        .init(label: "upsert nothing", statement: upsertNothing),
        .init(label: "returning", statement: returning),
        .init(label: "update", statement: update),
        .init(label: "update all", statement: updateAll),
        .init(label: "update without where", statement: updateWithoutWhere),
        .init(label: "delete", statement: delete),
        .init(label: "delete without where", statement: deleteWithoutWhere),
        .init(label: "create table", statement: createTable),
        .init(label: "create composite", statement: createComposite),
        .init(label: "create index", statement: createIndex),
        .init(label: "pg only insert", statement: pgOnlyInsert),
        .init(label: "pg only select", statement: pgOnlySelect),
        .init(label: "delete all", statement: deleteAll),
        .init(label: "drop table", statement: dropTable),
    ]
}
