import DataAPI
import Testing

/// The statement splitter behind `data-api sql` and SQL migrations.
struct SQLScriptTests {
    func split(_ text: String, _ engine: DatabaseEngine) -> [String] {
        SQLScript(text, engine: engine).statements.map(\.sql)
    }

    @Test(arguments: DatabaseEngine.allCases) func semicolonsInStringsAndCommentsDoNotSplit(_ engine: DatabaseEngine) {
        let text = """
        SELECT 'a;b', 'it''s;' ;  -- one; two
        /* block; comment */ SELECT 2;
        ;;
        SELECT 3 -- trailing; comment
        """
        #expect(split(text, engine) == ["SELECT 'a;b', 'it''s;'", "SELECT 2", "SELECT 3 -- trailing; comment"])
    }

    @Test func postgreSQLQuotingRules() {
        let text = #"""
        CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;
        CREATE FUNCTION g() RETURNS text AS $body$ SELECT 'x;$$;'; $body$ LANGUAGE sql;
        SELECT "odd;""name" FROM t;
        SELECT E'back\';slash', 'plain\';
        /* outer /* nested; */ still comment; */ SELECT $1;
        SELECT a$b$c FROM t; SELECT `x;y`
        """#
        #expect(split(text, .postgreSQL) == [
            "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql",
            "CREATE FUNCTION g() RETURNS text AS $body$ SELECT 'x;$$;'; $body$ LANGUAGE sql",
            #"SELECT "odd;""name" FROM t"#,
            #"SELECT E'back\';slash', 'plain\'"#,
            "SELECT $1",
            "SELECT a$b$c FROM t",
            "SELECT `x",
            "y`",
        ])
    }

    @Test func mySQLQuotingRules() {
        let text = #"""
        SELECT `odd;name`, "dq;str", 'back\';slash', "dq\";x";
        # hash comment; here
        SELECT 1--2;
        SELECT 3; -- real comment;
        /* not /* nested; */ SELECT $$;$$;
        DELIMITER //
        CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW BEGIN SET NEW.a = 1; SET NEW.b = 2; END//
        DELIMITER ;
        SELECT 4;
        """#
        #expect(split(text, .mySQL) == [
            #"SELECT `odd;name`, "dq;str", 'back\';slash', "dq\";x""#,
            "SELECT 1--2",
            "SELECT 3",
            "SELECT $$",
            "$$",
            "CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW BEGIN SET NEW.a = 1; SET NEW.b = 2; END",
            "SELECT 4",
        ])
    }

    @Test func linesAreWhereStatementsStartAfterCommentsAndUnterminatedTextIsKept() {
        let script = SQLScript("-- header\n\nSELECT 1;\n  /* c */\n  SELECT\n 2;\nSELECT 'open;", engine: .postgreSQL)
        #expect(script.statements == [
            .init(sql: "SELECT 1", line: 3), .init(sql: "SELECT\n 2", line: 5), .init(sql: "SELECT 'open;", line: 7),
        ])
        #expect(SQLScript("  \n-- only a comment;\n", engine: .mySQL).statements.isEmpty)
    }

    /// Whether joining a text's lines with spaces keeps its meaning, by each engine's quoting.
    @Test func lineBreaksThatOnlySeparateWords() {
        func joinable(_ text: String, _ engine: DatabaseEngine = .postgreSQL) -> Bool {
            SQLScript(text, engine: engine).lineBreaksSeparateWordsOnly
        }
        #expect(joinable("SELECT 1,\n  2;"))
        #expect(joinable("SELECT '-- x', \"a\" /* a\n comment */\n FROM t;"))
        #expect(!joinable("INSERT INTO t VALUES ('a\n b');"))
        #expect(!joinable("SELECT 1 -- one\n + 2;"))
        #expect(!joinable("SELECT $$a\nb$$;"))
        #expect(!joinable("SELECT 1 # one\n + 2;", .mySQL))
        // MySQL's backslash escape keeps the string open past the quote.
        #expect(!joinable("SELECT 'it\\'s\n fine';", .mySQL))
        #expect(joinable("SELECT 'it''s',\n 2;", .mySQL))
    }
}
