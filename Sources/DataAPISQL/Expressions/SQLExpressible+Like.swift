/// LIKE with an escape character, and substring tests that escape the value.
///
/// Case: PostgreSQL compares LIKE patterns case-sensitively; MySQL and MariaDB compare by
/// the column's collation, case-insensitively under the default one (`utf8mb4_*_ci`).
/// Where both must agree, lower both sides (`User.name.lower().hasPrefix("ke")`).
extension SQLExpressible where Value.SQLBase == String {
    /// A pattern whose `escape` character makes the next `%`, `_` or itself literal:
    /// `User.name.like("100!%", escape: "!")` → `"users"."name" LIKE :p1 ESCAPE '!'`
    public func like(_ pattern: String, escape: Character) -> SQLExpression<Bool> {
        SQLExpression(.like(
            sqlNode,
            .bind(.string(pattern), cast: nil),
            caseInsensitive: false,
            escape: String(escape)
        ))
    }

    /// `text` anywhere, `%` and `_` in it taken literally:
    /// `User.name.contains("50%")` → `"users"."name" LIKE :p1 ESCAPE '!'`, bound as `%50!%%`
    public func contains(_ text: String) -> SQLExpression<Bool> { like("%" + Self.escapeLike(text) + "%", escape: "!") }

    /// `text` at the start: `User.name.hasPrefix("a_b")` → `… LIKE :p1 ESCAPE '!'`, bound as `a!_b%`
    public func hasPrefix(_ text: String) -> SQLExpression<Bool> { like(Self.escapeLike(text) + "%", escape: "!") }

    /// `text` at the end: `User.name.hasSuffix(".txt")` → `… LIKE :p1 ESCAPE '!'`, bound as `%.txt`
    public func hasSuffix(_ text: String) -> SQLExpression<Bool> { like("%" + Self.escapeLike(text), escape: "!") }

    /// `text` with `%`, `_` and `escape` itself preceded by `escape`: a LIKE pattern that
    /// matches `text` literally (`50%` → `50!%`).
    public static func escapeLike(_ text: String, escape: Character = "!") -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text {
            if ch == "%" || ch == "_" || ch == escape { out.append(escape) }
            out.append(ch)
        }
        return out
    }
}
