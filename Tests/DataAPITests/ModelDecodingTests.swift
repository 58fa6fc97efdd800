import DataAPI
import DataAPIClient
import DataAPISQL
import Foundation
import Testing

/// The model layer's first-use checks: forgotten columns, mistyped descriptors, nulls.
@Suite(.serialized) struct ModelDecodingTests {
    /// `email` is a property and a coding key but was left out of `columns`.
    struct Forgetful: Table {
        var id: Int64
        var name: String
        var email: String?
        static let tableName = "exec_forgetful"
        static let id = Column<Forgetful, Int64>(CodingKeys.id).primaryKey()
        static let name = Column<Forgetful, String>(CodingKeys.name)
        static let email = Column<Forgetful, String?>(CodingKeys.email)
        static let columns = [id.schema, name.schema]
    }

    /// `name` is a String, but its descriptor says Int64.
    struct Mistyped: Table {
        var id: Int64
        var name: String
        static let tableName = "exec_forgetful"
        static let id = Column<Mistyped, Int64>(CodingKeys.id).primaryKey()
        static let name = Column<Mistyped, Int64>(CodingKeys.name)
        static let columns = [id.schema, name.schema]
    }

    @Test(arguments: DatabaseEngine.allCases)
    func aForgottenColumnIsAnErrorAtFirstUse(_ engine: DatabaseEngine) async throws {
        let db = try await ExecutorFixture.shared.database(engine)
        try await db.drop(Forgetful.self, ifExists: true)
        try await db.create(Forgetful.self)
        // Inserting a value for it fails before anything is sent.
        let e = await expectQueryError(.invalidStatement) {
            _ = try await db.insert(Forgetful(id: 1, name: "a", email: "x@example.com"))
        }
        #expect(e?.renderError == .undeclaredColumn(model: "Forgetful", key: "email"))
        #expect(try await db.fetchValue(Forgetful.select(countAll())) == 0)
        // Reading it back fails instead of giving a silent nil.
        try await db.execute(SQL(unsafeRaw: "INSERT INTO exec_forgetful (id, name) VALUES (1, 'a')"))
        do {
            _ = try await db.fetchAll(Forgetful.select())
            Issue.record("decoded without the email column")
        } catch let e as RowDecodingError {
            #expect(e.model == "Forgetful" && e.property == "email" && e.arrived == "no column")
            #expect(e.description.contains("Forgetful.columns"))
        }
    }

    @Test(arguments: DatabaseEngine.allCases)
    func aMistypedDescriptorIsAnErrorAtFirstUse(_ engine: DatabaseEngine) async throws {
        let db = try await ExecutorFixture.shared.database(engine)
        try await db.drop(Forgetful.self, ifExists: true)
        try await db.create(Forgetful.self)
        let e = await expectQueryError(.invalidStatement) { _ = try await db.insert(Mistyped(id: 1, name: "a")) }
        #expect(
            e?.renderError == .columnTypeMismatch(model: "Mistyped", key: "name", declared: "Int64", actual: "String"))
        try await db.execute(SQL(unsafeRaw: "INSERT INTO exec_forgetful (id, name) VALUES (1, 'a')"))
        do {
            _ = try await db.fetchAll(Mistyped.select())
            Issue.record("decoded a String property through an Int64 descriptor")
        } catch let e as RowDecodingError {
            #expect(e.property == "name" && e.reason.contains("Int64"))
        }
    }

    @Test(arguments: DatabaseEngine.allCases)
    func aNullInANonOptionalPropertyNamesItsColumn(_ engine: DatabaseEngine) async throws {
        let db = try await ExecutorFixture.shared.database(engine)
        try await db.drop(Forgetful.self, ifExists: true)
        try await db.execute(SQL(unsafeRaw: "CREATE TABLE exec_forgetful (id bigint, name varchar(20))"))
        try await db.execute(SQL(unsafeRaw: "INSERT INTO exec_forgetful (id, name) VALUES (1, NULL)"))
        struct Two: Table {
            var id: Int64
            var name: String
            static let tableName = "exec_forgetful"
            static let id = Column<Two, Int64>(CodingKeys.id)
            static let name = Column<Two, String>(CodingKeys.name, type: .varchar(20))
            static let columns = [id.schema, name.schema]
        }
        do {
            _ = try await db.fetchAll(Two.select())
            Issue.record("NULL decoded as a String")
        } catch let e as RowDecodingError {
            #expect(e.model == "Two" && e.property == "name" && e.column == "name" && e.arrived == "isNull")
            #expect(e.sqlType == "varchar(20)" && e.rowIndex == 0)
        }
    }

    @Test func aColumnOfATableOutsideTheStatementIsAnError() async throws {
        let db = try await ExecutorFixture.shared.database(DatabaseEngine.postgreSQL)
        let e = await expectQueryError(.invalidStatement) {
            _ = try await db.fetchAll(Author.select().where(Book.title.eq("x")))
        }
        #expect(e?.renderError == .tableNotInScope(column: "title", table: "exec_books"))
        // Joined, it is in scope; correlated subqueries see the outer table.
        _ = try Author.select().join(Book.self, on: Book.authorId.eq(Author.id)).where(Book.title.eq("x")).render(
            .postgreSQL)
        _ = try Author.select().where(exists(Book.select(Book.id).where(Book.authorId.eq(Author.id)))).render(.mySQL)
        #expect(throws: SQLRenderError.tableNotInScope(column: "name", table: "exec_authors")) {
            try Book.update().set(Book.title, to: "x").where(Author.name.eq("y")).render(.postgreSQL)
        }
    }
}
