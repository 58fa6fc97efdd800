#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Accumulates SQL text and parameters for one statement in one dialect.
///
/// This file holds the writer's core: the buffer, identifiers, placeholders and bound values,
/// literals. Each kind of SQL has a file of its own in `Rendering/`: expressions
/// (`SQLWriter+Expressions.swift`), SELECT, compound selects, INSERT (with its upsert and JSON
/// rows), UPDATE and DELETE, DDL, raw SQL and savepoints.
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
        if case .named(let prefix) = dialect.placeholders {
            namePrefix = String(prefix.drop { $0 == ":" })
        } else {
            namePrefix = ""
        }
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

    /// The statement with the result columns it returns, or the first error met while writing it.
    func query(columns: [SQLResultColumn]) throws -> SQLQuery {
        var q = try query
        q.columns = columns
        return q
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
            if let error = value.rangeError(column: (column ?? valueColumn)?.text ?? "a bound value") {
                throw error
            }
        default: break
        }
    }

    /// Runs `body` with ``valueColumn`` naming `node` when it is a column (what a value written
    /// in `body` is compared with).
    mutating func withValueColumn(
        of node: SQLExpressionNode,
        _ body: (inout SQLWriter) throws -> Void
    ) throws {
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
            if case .array = cast {
                throw SQLRenderError.unsupported(feature: "array values", dialect: dialect.name)
            }
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

    /// `a, b, c`: each element written by `item`, separated by commas.
    mutating func list<T>(_ elements: [T], _ item: (inout SQLWriter, T) throws -> Void) rethrows {
        for (i, e) in elements.enumerated() {
            if i > 0 { write(", ") }
            try item(&self, e)
        }
    }

    /// `a, b, c`: expressions separated by commas.
    mutating func expressions(_ list: [SQLExpressionNode]) throws {
        try self.list(list) { try $0.expression($1) }
    }
}
