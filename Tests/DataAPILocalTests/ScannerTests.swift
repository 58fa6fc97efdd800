@testable import DataAPILocal
import Testing

@Suite struct ScannerTests {
    let pg = NamedParameterScanner(rules: .postgreSQL, style: .numbered)
    let my = NamedParameterScanner(rules: .mySQL, style: .questionMark)

    @Test func namesBecomeNumberedPlaceholdersAndRepeatOneValue() {
        let r = pg.scan("SELECT :a, :b, :a WHERE x = :b_2")
        #expect(r.sql == "SELECT $1, $2, $1 WHERE x = $3")
        #expect(r.bindOrder == ["a", "b", "b_2"])
        #expect(!r.hasMultipleStatements)
    }

    @Test func skipsLiteralsCommentsCastsAndDollarQuotes() {
        let sql = """
        SELECT ':no', E'\\':no', "col:no", $$ :no $$, $tag$ :no $tag$, x::int, '2024-01-01 10:00'::timestamp -- :no
        /* :no /* nested :no */ still :no */ , :yes
        """
        let r = pg.scan(sql)
        #expect(r.bindOrder == ["yes"])
        #expect(r.sql.contains("x::int") && r.sql.contains("'2024-01-01 10:00'::timestamp") && r.sql.hasSuffix("$1"))
        #expect(r.sql.contains("$$ :no $$") && r.sql.contains("E'\\':no'"))
    }

    @Test func positionalDollarParametersAreNotDollarQuotes() {
        #expect(pg.scan("SELECT $1, :a").bindOrder == ["a"])
    }

    @Test func multipleStatements() {
        #expect(pg.scan("SELECT 1; SELECT 2").hasMultipleStatements)
        #expect(!pg.scan("SELECT 1;").hasMultipleStatements)
        #expect(!pg.scan("SELECT 1; -- trailing comment\n").hasMultipleStatements)
        #expect(!pg.scan("SELECT ';' AS x").hasMultipleStatements)
        #expect(!pg.scan("CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql").hasMultipleStatements)
    }

    @Test func mySQLRules() {
        let r = my.scan("SELECT :a, 'it\\'s :no', \"dq :no\", `bt:no`, :a # :no\n -- :no\n--:x")
        #expect(r.bindOrder == ["a", "a", "x"])
        #expect(r.sql.hasPrefix("SELECT ?, 'it\\'s :no'"))
    }

    @Test func unicodeAndIdentifiersWithColons() {
        let r = pg.scan("SELECT 'é :no', :ünï, arr[1:2]")
        #expect(r.bindOrder == ["ünï"])
        #expect(r.sql == "SELECT 'é :no', $1, arr[1:2]")
    }
}
