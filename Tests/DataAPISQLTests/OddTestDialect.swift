import DataAPISQL

extension SQLDialect {
    /// A deliberately odd dialect for tests: `⟦x⟧` identifiers, `&1` placeholders, nothing
    /// optional supported. Output that renders here is not hard-coded to one real dialect.
    static let oddTest: SQLDialect = {
      var d = SQLDialect(
        name: "OddTest", quoteOpen: "⟦", quoteClose: "⟧", placeholders: .numbered(prefix: "&"), upsert: .none,
            supportsReturning: false, supportsILike: false, supportsNullsOrdering: true, supportsArrays: false,
            backslashEscapes: false,
        textAllowsNUL: true, concat: .function, autoIncrementClause: "AUTOINC", excludedPrefix: "", excludedSuffix: "",
        needsEnumTypes: false, limitForOffsetOnly: nil,
        typeName: { type, dialect in
            switch type {
            case .array: throw SQLRenderError.unsupported(feature: "array columns", dialect: dialect.name)
                case .enumeration(_, let cases):
                    return "ODDENUM(" + cases.map(dialect.stringLiteral).joined(separator: "|") + ")"
            case .custom(let text): return text  // verbatim in every dialect
            default: return "ODD_" + "\(type)".uppercased().filter { $0.isLetter || $0.isNumber || $0 == "_" }
            }
        })
      d.booleanLiterals = (true: "ODD_YES", false: "ODD_NO")
      d.allDefaultsInsert = .emptyValueLists
      return d
    }()
}
