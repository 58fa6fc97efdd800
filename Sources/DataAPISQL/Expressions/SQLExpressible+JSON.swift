/// Reading a member of a JSON column as text.
extension SQLExpressible {
    /// The top-level member `key` of this JSON value as text, NULL when it is missing:
    /// PostgreSQL `("users"."settings" ->> :p1)`, MySQL
    /// ``JSON_UNQUOTE(JSON_EXTRACT(`users`.`settings`, :p1))`` with the path `$."key"`.
    ///
    /// ```swift
    /// User.select(User.id).where(User.settings.jsonText("theme").eq("dark"))
    /// ```
    public func jsonText(_ key: String) -> SQLExpression<String?> {
        SQLExpression(.jsonText(sqlNode, key), type: .text)
    }
}

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
            write("JSON_UNQUOTE(JSON_EXTRACT(")
            try expression(x)
            write(", ")
            let quoted = key.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            try bind(.string("$.\"" + quoted + "\""), cast: nil)
            write("))")
        }
    }
}
