import DataAPI
import DataAPIMacros
import Foundation
import Testing

/// The README's model, with both imports an app has: `Table` (protocol and macro) and
/// `Column` (type and macro) must resolve without qualification.
@Table("books")
struct ReadmeBook {
    @Column(primaryKey: true, autoIncrement: true) var id: Int64?
    @Column(type: .varchar(200)) var title: String
    var pages: Int32
    @Column(type: .decimal(precision: 8, scale: 2)) var price: Decimal
}

@Suite struct ReadmeBookTests {
    @Test func rendersTheReadmeQuery() throws {
        let query = try ReadmeBook.select().where(ReadmeBook.pages.gte(100)).order(ReadmeBook.price.desc()).render(
            .postgreSQL)
        #expect(query.sql.contains(#"FROM "books" WHERE ("books"."pages" >= "#))
        #expect(query.sql.hasSuffix(#"ORDER BY "books"."price" DESC"#))
        let ddl = try ReadmeBook.createTable().render(.postgreSQL).sql
        #expect(ddl.contains(#""title" varchar(200) NOT NULL"#) || ddl.contains(#""title" VARCHAR(200) NOT NULL"#))
    }
}
