extension SQLWriter {
    /// `(x ->> 'key')`, or MySQL's `JSON_UNQUOTE(JSON_EXTRACT(x, '$."key"'))`.
    mutating func jsonText(_ x: SQLExpressionNode, _ key: String) throws {
        switch dialect.jsonText {
        case .arrow:
            write("(")
            try expression(x)
            write(" ->> ")
            try bind(.string(key), cast: nil)
            write(")")
        case .extractFunction:
            write("JSON_UNQUOTE(")
            try jsonExtract(x, key)
            write(")")
        }
    }

    /// `(CAST(x AS jsonb) -> 'key')` (no cast for jsonb), or MySQL's
    /// `JSON_EXTRACT(x, '$."key"')`.
    mutating func jsonValue(_ x: SQLExpressionNode, _ key: String, fromJSONB: Bool) throws {
        switch dialect.jsonText {
        case .arrow:
            write("(")
            if fromJSONB {
                try expression(x)
            } else {
                try expression(.cast(x, .jsonb))
            }
            write(" -> ")
            try bind(.string(key), cast: nil)
            write(")")
        case .extractFunction:
            try jsonExtract(x, key)
        }
    }

    /// A JSON document to compare with a member read as JSON: `CAST(x AS jsonb)`, or MySQL's
    /// `JSON_EXTRACT(x, '$')`, which MariaDB (no JSON type) also normalizes.
    mutating func jsonDocument(_ x: SQLExpressionNode) throws {
        switch dialect.jsonText {
        case .arrow:
            try expression(.cast(x, .jsonb))
        case .extractFunction:
            write("JSON_EXTRACT(")
            try expression(x)
            write(", '$')")
        }
    }

    /// `(CAST(a AS BINARY) = CAST(b AS BINARY))`: JSON documents compared by the bytes of the
    /// text `JSON_EXTRACT` normalized them to, where the dialect's JSON comparison cannot be
    /// trusted (MariaDB unquotes a string scalar on one side only, so `"a"` never equals `"a"`).
    /// Bytes, not `CHAR`: a character cast compares under the connection's collation, which is
    /// usually case- and accent-insensitive (`"Dark"` would equal `"dark"`).
    mutating func jsonTextEquality(
        _ l: SQLExpressionNode,
        _ op: SQLBinaryOperator,
        _ r: SQLExpressionNode
    ) throws {
        write("(CAST(")
        try expression(l)
        write(" AS BINARY) " + op.rawValue + " CAST(")
        try expression(r)
        write(" AS BINARY))")
    }

    /// `JSON_EXTRACT(x, :p)` with the path `$."key"` bound.
    private mutating func jsonExtract(_ x: SQLExpressionNode, _ key: String) throws {
        write("JSON_EXTRACT(")
        try expression(x)
        write(", ")
        let quoted = key
            .replacing("\\", with: "\\\\")
            .replacing("\"", with: "\\\"")
        try bind(.string("$.\"" + quoted + "\""), cast: nil)
        write(")")
    }
}
