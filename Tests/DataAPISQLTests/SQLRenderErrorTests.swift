import DataAPI
import DataAPIClient
import DataAPISQL
import Testing

/// `SQLRenderError.code` names the kind of every factory, matches as a pattern, and leaves
/// equality (code and details) as it was; `QueryError.Code` matches the same way.
@Suite struct SQLRenderErrorTests {
    @Test func everyFactoryHasItsCode() {
        let cases: [(SQLRenderError, SQLRenderError.Code)] = [
            (.unsupported(feature: "ILIKE", dialect: "MySQL"), .unsupported),
            (.missingWhereClause("UPDATE"), .missingWhereClause),
            (.valueOutOfRange("NaN"), .valueOutOfRange),
            (.valueOutOfRange("year 10000", column: "posts.at", reason: "0001 to 9999"), .valueOutOfRange),
            (.invalidValue("a NUL character"), .invalidValue),
            (.emptyInsert("users"), .emptyInsert),
            (.mixedAutoIncrement("id"), .mixedAutoIncrement),
            (.mixedDefault("created"), .mixedDefault),
            (.bindInDDL, .bindInDDL),
            (.emptyList("SET"), .emptyList),
            (.undeclaredColumn(model: "User", key: "age"), .undeclaredColumn),
            (.columnTypeMismatch(model: "User", key: "age", declared: "Int", actual: "String"), .columnTypeMismatch),
            (.tableNotInScope(column: "id", table: "t"), .tableNotInScope),
        ]
        for (error, code) in cases {
            #expect(error.code == code, "\(error)")
            #expect(code ~= error, "\(error)")
        }
        #expect(Set(cases.map(\.1)).count == 12)
    }

    @Test func codesMatchOnlyTheirOwnError() {
        let error = SQLRenderError.missingWhereClause("DELETE")
        #expect(!(SQLRenderError.Code.unsupported ~= error))
        #expect(!(SQLRenderError.Code.missingWhereClause ~= CancellationError()))
        var caught = ""
        do {
            throw error
        } catch SQLRenderError.Code.unsupported {
            caught = "unsupported"
        } catch SQLRenderError.Code.missingWhereClause {
            caught = "missingWhereClause"
        } catch {
            caught = "other"
        }
        #expect(caught == "missingWhereClause")
        #expect("\(SQLRenderError.Code.missingWhereClause)" == "missingWhereClause")
    }

    @Test func equalityStillComparesDetails() {
        #expect(SQLRenderError.emptyInsert("a") == .emptyInsert("a"))
        #expect(SQLRenderError.emptyInsert("a") != .emptyInsert("b"))
        #expect(SQLRenderError.emptyInsert("a").code == SQLRenderError.emptyInsert("b").code)
    }

    @Test func queryErrorCodesMatchAsPatterns() {
        let error = QueryError(code: .invalidStatement, message: "no WHERE", sql: nil,
                               underlying: SQLRenderError.missingWhereClause("UPDATE"))
        #expect(QueryError.Code.invalidStatement ~= error)
        #expect(!(QueryError.Code.noRows ~= error))
        #expect(!(QueryError.Code.invalidStatement ~= SQLRenderError.missingWhereClause("UPDATE")))
        #expect(!(SQLRenderError.Code.missingWhereClause ~= error))
    }
}
