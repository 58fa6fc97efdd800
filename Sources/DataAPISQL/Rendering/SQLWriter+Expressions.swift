extension SQLWriter {
    /// Writes one expression: a column, a bound value, an operator, a function, a subquery…
    /// The longer constructs have writers of their own (`SQLWriter+Constructs.swift`,
    /// `SQLWriter+JSON.swift`).
    mutating func expression(_ e: SQLExpressionNode) throws {
        switch e {
        case .column(let table, let name): column(table, name)
        case .bind(let v, let cast): try bind(v, cast: cast)
        case .invalid(let error): throw error
        case .unsafeRaw(let text): write(text)
        case .star: write("*")
        case .binary(let l, let op, let r): try binary(l, op, r)
        case .not(let x):
            write("NOT (")
            try expression(x)
            write(")")
        case .isNull(let x, let negated):
            try expression(x)
            write(negated ? " IS NOT NULL" : " IS NULL")
        case .inList(let x, let list, let negated):
            // An empty IN list is not valid SQL; it is always false (NOT IN: always true).
            if list.isEmpty {
                write(negated ? "(1 = 1)" : "(1 = 0)")
                return
            }
            try expression(x)
            write(negated ? " NOT IN (" : " IN (")
            try expressions(list)
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
        case .like(let x, let pattern, let ci, let escape): try like(x, pattern, caseInsensitive: ci, escape: escape)
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
            try expressions(args)
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
        case .concat(let parts): try concat(parts)
        case .currentTimestamp: write("CURRENT_TIMESTAMP")
        case .excluded(let name): excluded(name)
        case .fragment(let parts):
            for p in parts {
                switch p {
                case .text(let t): write(t)
                case .expression(let x): try expression(x)
                }
            }
        }
    }

    /// `"users"."id"`, or `"id"` where columns are unqualified; notes a table out of scope.
    mutating func column(_ table: String?, _ name: String) {
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
    }

    /// `(l op r)`, the right side's values named after the left side's column.
    mutating func binary(_ l: SQLExpressionNode, _ op: SQLBinaryOperator, _ r: SQLExpressionNode) throws {
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
    }

    /// `x LIKE p [ESCAPE 'c']`, or `ILIKE` where the dialect has it.
    mutating func like(
        _ x: SQLExpressionNode,
        _ pattern: SQLExpressionNode,
        caseInsensitive ci: Bool,
        escape: String?
    ) throws {
        if ci && !dialect.supportsILike {
            throw SQLRenderError.unsupported(feature: "ILIKE", dialect: dialect.name)
        }
        try expression(x)
        write(ci ? " ILIKE " : " LIKE ")
        try expression(pattern)
        if let escape { write(" ESCAPE " + dialect.stringLiteral(escape)) }
    }

    /// `(a || b)`, or `CONCAT(a, b)` where `||` is not concatenation.
    mutating func concat(_ parts: [SQLExpressionNode]) throws {
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
    }

    /// The value an upsert proposed for column `name`: `EXCLUDED."name"`, `VALUES(`name`)`
    /// or `` `new`.`name` ``.
    mutating func excluded(_ name: String) {
        if dialect.upsert == .onDuplicateKeyUpdate, let alias = dialect.upsertRowAlias {
            identifier(alias)
            write(".")
            identifier(name)
        } else {
            write(dialect.excludedPrefix)
            identifier(name)
            write(dialect.excludedSuffix)
        }
    }

    /// ` KEYWORD condition` (` WHERE …`, ` HAVING …`, ` ON …`) when there is a condition.
    mutating func clause(_ keyword: String, _ condition: SQLExpressionNode?) throws {
        guard let condition else { return }
        write(" " + keyword + " ")
        try expression(condition)
    }
}
