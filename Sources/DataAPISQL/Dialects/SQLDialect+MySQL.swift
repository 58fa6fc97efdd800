extension SQLDialect {
    /// MySQL 8.0.19 and later (Aurora MySQL 3): ``mySQL`` with the upsert's proposed row read
    /// through a row alias (``upsertRowAlias``), since MySQL 8.0.20 deprecates `VALUES(x)`
    /// there. MariaDB rejects the alias: use ``mySQL`` with it.
    ///
    /// ```swift
    /// Stock.insert(s).onConflict(Stock.sku).doUpdate(set: Stock.qty, to: Stock.qty.plus(Stock.qty.excluded()))
    /// // mySQL:  INSERT … VALUES (:p1, :p2) ON DUPLICATE KEY UPDATE `qty` = (`stocks`.`qty` + VALUES(`qty`))
    /// // mySQL8: INSERT … VALUES (:p1, :p2) AS `new` ON DUPLICATE KEY UPDATE `qty` = (`stocks`.`qty` + `new`.`qty`)
    /// ```
    public static let mySQL8: SQLDialect = {
        var d = SQLDialect.mySQL
        d.upsertRowAlias = "new"
        return d
    }()

    /// MySQL (Aurora MySQL) and MariaDB: backquoted names, `ON DUPLICATE KEY UPDATE`, no RETURNING,
    /// no ILIKE, no arrays, no NULLS FIRST (emulated), backslash escapes in literals.
    public static let mySQL: SQLDialect = {
      var d = SQLDialect(
        name: "MySQL",
        quoteOpen: "`",
        quoteClose: "`",
        placeholders: .named(prefix: ":p"),
        upsert: .onDuplicateKeyUpdate,
        supportsReturning: false,
        supportsILike: false,
        supportsNullsOrdering: false,
        supportsArrays: false,
        backslashEscapes: true,
        textAllowsNUL: true,
        concat: .function,
        autoIncrementClause: "AUTO_INCREMENT",
        excludedPrefix: "VALUES(",
        excludedSuffix: ")",
        needsEnumTypes: false,
        limitForOffsetOnly: "18446744073709551615",
        typeName: { type, dialect in
            switch type {
            case .boolean: return "BOOLEAN"
            case .smallint: return "SMALLINT"
            case .integer: return "INT"
            case .bigint: return "BIGINT"
            case .real: return "FLOAT"
            case .double: return "DOUBLE"
            case .text: return "TEXT"
            case .varchar(let n): return "VARCHAR(\(n))"
            case .char(let n): return "CHAR(\(n))"
            case .decimal(let p, let s): return "DECIMAL(\(p),\(s))"
            case .timestamp: return "DATETIME(6)"
            case .timestamptz:
                throw SQLRenderError.unsupported(
                    feature: "timestamptz (use .timestamp: values are written in UTC)",
                    dialect: dialect.name
                )
            case .date: return "DATE"
            case .time: return "TIME(6)"
            case .uuid: return "CHAR(36)"
            case .blob: return "LONGBLOB"
            case .json, .jsonb: return "JSON"
            case .enumeration(_, let cases):
                return "ENUM(" + cases.map(dialect.stringLiteral).joined(separator: ", ") + ")"
            case .array: throw SQLRenderError.unsupported(feature: "array columns", dialect: dialect.name)
            case .custom(let text): return text
            }
        })
      d.maxIdentifierLength = (64, false)
      d.allowsSpaceAtIdentifierEnds = false
      d.identifiersBMPOnly = true
      d.nullSafeEqual = .spaceship
      d.shareLock = "LOCK IN SHARE MODE"
      d.shareLockTakesWaitOptions = false
      d.jsonText = .extractFunction
      d.jsonEqualityAsText = true
      d.caseSensitiveCast = "BINARY"
      d.dateArithmetic = .dateAddFunction
      d.allDefaultsInsert = .emptyValueLists
      return d
    }()
}
