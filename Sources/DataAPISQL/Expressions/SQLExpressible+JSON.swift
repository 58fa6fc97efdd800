/// Reading a member of a JSON value, as text or as JSON.
extension SQLExpressible {
    /// The top-level member `key` of this JSON value as text, NULL when it is missing:
    /// PostgreSQL `("users"."settings" ->> :p1)`, MySQL `JSON_UNQUOTE(JSON_EXTRACT(…, :p1))`
    /// with the path `$."key"`:
    ///
    /// ```sql
    /// JSON_UNQUOTE(JSON_EXTRACT(`users`.`settings`, :p1))
    /// ```
    ///
    /// A string member comes back without its quotes; compare it as a `String`.
    ///
    /// ```swift
    /// User.select(User.id).where(User.settings.jsonText("theme").eq("dark"))
    /// ```
    public func jsonText(_ key: String) -> SQLExpression<String?> {
        SQLExpression(.jsonText(sqlNode, key), type: .text)
    }

    /// The top-level member `key` of this JSON value as JSON, decoded as `T`, NULL when it
    /// is missing: PostgreSQL `(CAST("users"."settings" AS jsonb) -> :p1)` (a `jsonb` value
    /// is not cast; the result is `jsonb`, which has equality where `json` has none), MySQL
    /// `JSON_EXTRACT(…, :p1)` with the path `$."key"`:
    ///
    /// ```sql
    /// JSON_EXTRACT(`users`.`settings`, :p1)
    /// ```
    ///
    /// The result chains (`.json(…)` again, or ``jsonText(_:)`` at the end), compares with a
    /// `JSONValue<T>` (or another member read as JSON) as a JSON document, and the executor
    /// decodes it as `JSONValue<T>?`. PostgreSQL compares `jsonb` values (the value bound as
    /// `CAST(:p2 AS jsonb)`), so spacing and key order do not count. MySQL and MariaDB
    /// compare (`eq`, `neq`) the text `JSON_EXTRACT` normalizes both sides to, since MariaDB's
    /// JSON comparison unquotes a string on one side only: spacing does not count, key order
    /// does on MariaDB (the builder writes keys sorted), and `1` differs from `1.0`.
    ///
    /// ```swift
    /// Doc.select(Doc.id).where(Doc.body.json("tags", as: [String].self).eq(JSONValue(["a"])))
    /// // PostgreSQL: … WHERE ((CAST("docs"."body" AS jsonb) -> :p1) = CAST(:p2 AS jsonb))
    /// // MySQL:      … WHERE (CAST(JSON_EXTRACT(`docs`.`body`, :p1) AS BINARY)
    /// //             = CAST(JSON_EXTRACT(:p2, '$') AS BINARY))
    /// ```
    public func json<T: Codable & Sendable & Hashable>(
        _ key: String,
        as: T.Type = T.self
    ) -> SQLExpression<JSONValue<T>?> {
        SQLExpression(.jsonValue(sqlNode, key, fromJSONB: sqlType == .jsonb), type: .jsonb)
    }
}

extension SQLExpressionNode {
    /// A member read as JSON, or a JSON document compared with one.
    var isJSONOperand: Bool {
        switch self {
        case .jsonValue, .jsonDocument: true
        default: false
        }
    }
}
