import Foundation

/// Accumulates SQL text and parameters for one statement in one dialect.
struct SQLWriter {
    let dialect: SQLDialect
    var sql = ""
    var names: [String] = []
    var values: [SQLValue] = []
    /// DDL: values are written as literals, since DDL takes no parameters.
    var inlineLiterals = false
    /// The table names and aliases columns may be qualified with, innermost select last;
    /// empty for raw SQL, whose FROM clause the writer cannot see.
    var scopes: [[String]] = []
    /// Whether columns are written with their table (`"users"."id"`); DDL checks write `"id"`.
    var qualifyColumns = true
    /// The column the values being bound go to or are compared with, named by errors about a
    /// value; nil where the writer cannot tell. Kept as parts: rendering never formats it unless
    /// a value is refused.
    var valueColumn: ValueColumn?
    /// A column a bound value belongs to: `table.name`, or `name` alone.
    struct ValueColumn {
        var table: String?
        var name: String
        var text: String { table.map { "\($0).\(name)" } ?? name }
    }

    init(dialect: SQLDialect) {
        self.dialect = dialect
        sql.reserveCapacity(256)
        if case .named(let prefix) = dialect.placeholders { namePrefix = String(prefix.drop { $0 == ":" }) } else { namePrefix = "" }
    }

    /// A named placeholder's name without its index (`p` for `:p1`).
    private let namePrefix: String

    /// The first identifier the dialect cannot express.
    var failure: SQLRenderError?

    /// The statement, or the first error met while writing it.
    var query: SQLQuery {
        get throws {
            if let failure { throw failure }
            return SQLQuery(sql: sql, names: names, values: values)
        }
    }

    mutating func write(_ s: String) { sql += s }
    mutating func identifier(_ name: String) {
        if failure == nil, let problem = dialect.identifierProblem(name) { failure = .invalidValue(problem) }
        dialect.appendQuoted(name, to: &sql)
    }
    mutating func identifiers(_ names: [String]) {
        for (i, n) in names.enumerated() {
            if i > 0 { write(", ") }
            identifier(n)
        }
    }

    /// Throws when `value` cannot be sent in this dialect (NUL in PostgreSQL text) or cannot
    /// be written at all (a date past the year 9999), naming `column` when it is known.
    func check(_ value: SQLValue, column: ValueColumn? = nil) throws {
        switch value {
        case .string(let s), .typed(let s, _):
            if !dialect.textAllowsNUL, s.utf8.contains(0) {
                let what = (column ?? valueColumn).map { "\($0.text): " } ?? ""
                throw SQLRenderError.invalidValue(what + "\(dialect.name) text cannot contain a NUL character")
            }
        case .temporal:
            if let error = value.rangeError(column: (column ?? valueColumn)?.text ?? "a bound value") { throw error }
        default: break
        }
    }

    /// Runs `body` with ``valueColumn`` naming `node` when it is a column (what a value written
    /// in `body` is compared with).
    mutating func withValueColumn(of node: SQLExpressionNode, _ body: (inout SQLWriter) throws -> Void) throws {
        guard case .column(let table, let name) = node else { return try body(&self) }
        try withValueColumn(ValueColumn(table: table, name: name), body)
    }

    /// Runs `body` with ``valueColumn`` set to `column`.
    mutating func withValueColumn(_ column: ValueColumn, _ body: (inout SQLWriter) throws -> Void) throws {
        let outer = valueColumn
        valueColumn = column
        defer { valueColumn = outer }
        try body(&self)
    }

    /// A placeholder for `value`, cast when the column type needs it.
    mutating func bind(_ value: SQLValue, cast: SQLColumnType?) throws {
        try check(value)
        if inlineLiterals { return try literal(value) }
        let index = values.count + 1
        let placeholder: String
        let name: String
        switch dialect.placeholders {
        case .named:
            name = namePrefix + String(index)
            placeholder = ":" + name
        case .numbered(let prefix):
            name = String(index)
            placeholder = prefix + String(index)
        }
        names.append(name)
        values.append(value)
        if let cast, needsCast(cast) {
            write("CAST(" + placeholder + " AS " + (try dialect.columnTypeName(cast)) + ")")
        } else {
            if case .array = cast { throw SQLRenderError.unsupported(feature: "array values", dialect: dialect.name) }
            write(placeholder)
        }
    }

    func needsCast(_ type: SQLColumnType) -> Bool {
        switch type {
        case .array: return dialect.supportsArrays
        case .enumeration: return dialect.needsEnumTypes
        default: return false
        }
    }

    /// A value written as a SQL literal (DDL defaults only).
    mutating func literal(_ value: SQLValue) throws {
        switch value {
        case .null: write("NULL")
        case .bool(let b): write(b ? dialect.booleanLiterals.true : dialect.booleanLiterals.false)
        case .int(let i): write(String(i))
        case .double(let d): write(String(d))
        case .string(let s), .typed(let s, _): write(dialect.stringLiteral(s))
        case .temporal(let d, let kind): write(dialect.stringLiteral(SQLDateFormat.format(d, kind)))
        case .blob: throw SQLRenderError.bindInDDL
        }
    }

    // MARK: Expressions

    mutating func expression(_ e: SQLExpressionNode) throws {
        switch e {
        case .column(let table, let name):
            if let table {
                if failure == nil, !scopes.isEmpty, !scopes.contains(where: { $0.contains(table) }) {
                    failure = .tableNotInScope(column: name, table: table)
                }
                if qualifyColumns {
                    identifier(table)
                    write(".")
                }
            }
            identifier(name)
        case .bind(let v, let cast): try bind(v, cast: cast)
        case .invalid(let error): throw error
        case .unsafeRaw(let text): write(text)
        case .star: write("*")
        case .binary(let l, let op, let r):
            if dialect.jsonEqualityAsText, op == .eq || op == .neq, l.isJSONOperand, r.isJSONOperand {
                return try jsonTextEquality(l, op, r)
            }
            write("(")
            try expression(l)
            write(" ")
            write(op.rawValue)
            write(" ")
            try withValueColumn(of: l) { try $0.expression(r) }
            write(")")
        case .not(let x):
            write("NOT (")
            try expression(x)
            write(")")
        case .isNull(let x, let negated):
            try expression(x)
            write(negated ? " IS NOT NULL" : " IS NULL")
        case .inList(let x, let list, let negated):
            // An empty IN list is not valid SQL; it is always false (NOT IN: always true).
            if list.isEmpty { write(negated ? "(1 = 1)" : "(1 = 0)"); return }
            try expression(x)
            write(negated ? " NOT IN (" : " IN (")
            for (i, item) in list.enumerated() {
                if i > 0 { write(", ") }
                try expression(item)
            }
            write(")")
        case .inSelect(let x, let s, let negated):
            try expression(x)
            write(negated ? " NOT IN (" : " IN (")
            try select(s)
            write(")")
        case .exists(let s, let negated):
            write(negated ? "NOT EXISTS (" : "EXISTS (")
            try select(s)
            write(")")
        case .between(let x, let lo, let hi):
            write("(")
            try expression(x)
            write(" BETWEEN ")
            try expression(lo)
            write(" AND ")
            try expression(hi)
            write(")")
        case .like(let x, let pattern, let ci, let escape):
            if ci && !dialect.supportsILike { throw SQLRenderError.unsupported(feature: "ILIKE", dialect: dialect.name) }
            try expression(x)
            write(ci ? " ILIKE " : " LIKE ")
            try expression(pattern)
            if let escape { write(" ESCAPE " + dialect.stringLiteral(escape)) }
        case .nullSafeEqual(let l, let r, let negated): try nullSafeEqual(l, r, negated: negated)
        case .caseWhen(let clauses, let otherwise): try caseWhen(clauses, otherwise)
        case .window(let f, let partition, let order): try window(f, partition, order)
        case .jsonText(let x, let key): try jsonText(x, key)
        case .jsonValue(let x, let key, let fromJSONB): try jsonValue(x, key, fromJSONB: fromJSONB)
        case .jsonDocument(let x): try jsonDocument(x)
        case .dateAdd(let x, let amount, let unit): try dateAdd(x, amount, unit)
        case .caseSensitive(let x):
            if let type = dialect.caseSensitiveCast {
                write("CAST(")
                try expression(x)
                write(" AS " + type + ")")
            } else {
                try expression(x)
            }
        case .function(let name, let args):
            write(name + "(")
            for (i, a) in args.enumerated() {
                if i > 0 { write(", ") }
                try expression(a)
            }
            write(")")
        case .aggregate(let name, let arg, let distinct):
            write(name + "(")
            if distinct { write("DISTINCT ") }
            if let arg { try expression(arg) } else { write("*") }
            write(")")
        case .cast(let x, let type):
            write("CAST(")
            try expression(x)
            write(" AS " + (try dialect.columnTypeName(type)) + ")")
        case .subquery(let s):
            write("(")
            try select(s)
            write(")")
        case .concat(let parts):
            switch dialect.concat {
            case .pipes:
                write("(")
                for (i, p) in parts.enumerated() {
                    if i > 0 { write(" || ") }
                    try expression(p)
                }
                write(")")
            case .function:
                try expression(.function("CONCAT", parts))
            }
        case .currentTimestamp: write("CURRENT_TIMESTAMP")
        case .excluded(let name):
            if dialect.upsert == .onDuplicateKeyUpdate, let alias = dialect.upsertRowAlias {
                identifier(alias)
                write(".")
                identifier(name)
            } else {
                write(dialect.excludedPrefix)
                identifier(name)
                write(dialect.excludedSuffix)
            }
        case .fragment(let parts):
            for p in parts {
                switch p {
                case .text(let t): write(t)
                case .expression(let x): try expression(x)
                }
            }
        }
    }

    // MARK: Select

    /// ` AS "alias"` when there is one.
    mutating func alias(_ name: String?) {
        guard let name else { return }
        write(" AS ")
        identifier(name)
    }

    mutating func selectItem(_ item: SQLSelectItem, qualify: Bool) throws {
        if !qualify, case .column(_, let name) = item.expression { identifier(name) } else { try expression(item.expression) }
        alias(item.alias)
    }

    mutating func select(_ s: SQLSelect) throws {
        try commonTables(s.with)
        scopes.append(s.scope)
        defer { scopes.removeLast() }
        if !s.distinctOn.isEmpty {
            guard dialect.supportsDistinctOn else { throw SQLRenderError.unsupported(feature: "DISTINCT ON", dialect: dialect.name) }
            write("SELECT DISTINCT ON (")
            for (i, e) in s.distinctOn.enumerated() {
                if i > 0 { write(", ") }
                try expression(e)
            }
            write(") ")
        } else {
            write(s.distinct ? "SELECT DISTINCT " : "SELECT ")
        }
        for (i, item) in s.items.enumerated() {
            if i > 0 { write(", ") }
            try selectItem(item, qualify: true)
        }
        write(" FROM ")
        if case .select(let inner)? = s.derived {
            write("(")
            try select(inner)
            write(") AS ")
            identifier(s.table)
        } else {
            identifier(s.table)
            alias(s.alias)
        }
        for j in s.joins {
            if j.kind == .full && !dialect.supportsFullJoin { throw SQLRenderError.unsupported(feature: "FULL JOIN", dialect: dialect.name) }
            write(" " + j.kind.rawValue + " ")
            identifier(j.table)
            alias(j.alias)
            if let on = j.on {
                write(" ON ")
                try expression(on)
            }
        }
        if let c = s.condition {
            write(" WHERE ")
            try expression(c)
        }
        if !s.groupBy.isEmpty {
            write(" GROUP BY ")
            for (i, g) in s.groupBy.enumerated() {
                if i > 0 { write(", ") }
                try expression(g)
            }
        }
        if let h = s.having {
            write(" HAVING ")
            try expression(h)
        }
        if !s.orderBy.isEmpty {
            write(" ORDER BY ")
            try orderTerms(s.orderBy)
        }
        if let limit = s.limit { write(" LIMIT \(limit)") } else if s.offset != nil, let all = dialect.limitForOffsetOnly { write(" LIMIT " + all) }
        if let offset = s.offset { write(" OFFSET \(offset)") }
        if let lock = s.lock { try self.lock(lock) }
    }

    /// ORDER BY terms, NULLS FIRST/LAST emulated where the dialect lacks them.
    mutating func orderTerms(_ terms: [SQLOrdering]) throws {
        for (i, o) in terms.enumerated() {
            if i > 0 { write(", ") }
            if let nulls = o.nulls, !dialect.supportsNullsOrdering {
                // MySQL sorts NULL first ascending: order by an IS NULL key first.
                write("(")
                try expression(o.expression)
                write(nulls == .first ? " IS NULL) DESC, " : " IS NULL) ASC, ")
            }
            try expression(o.expression)
            write(o.descending ? " DESC" : " ASC")
            if let nulls = o.nulls, dialect.supportsNullsOrdering { write(nulls == .first ? " NULLS FIRST" : " NULLS LAST") }
        }
    }
}
