/// Comparisons whose case sensitivity is the same on both engines. A plain `eq` or `like`
/// compares as the database does: PostgreSQL case-sensitively, MySQL and MariaDB by the
/// column's collation, case-insensitively under the default one (`utf8mb4_*_ci`).
extension SQLExpressible where Value.SQLBase == String {
    /// Equal ignoring case on every engine:
    /// `User.name.eqIgnoringCase("KEN")` → `(LOWER("users"."name") = LOWER(:p1))`
    public func eqIgnoringCase(_ value: String) -> SQLExpression<Bool> {
        SQLExpression(.binary(
            .function("LOWER", [sqlNode]),
            .eq,
            .function("LOWER", [.bind(.string(value), cast: nil)])
        ))
    }

    /// A LIKE pattern ignoring case on every engine:
    /// `User.name.likeIgnoringCase("k%")` → `LOWER("users"."name") LIKE LOWER(:p1)`
    public func likeIgnoringCase(_ pattern: String) -> SQLExpression<Bool> {
        SQLExpression(.like(.function("LOWER", [sqlNode]), .function("LOWER", [.bind(.string(pattern), cast: nil)]),
                            caseInsensitive: false, escape: nil))
    }

    /// Equal with case (and accents) significant on every engine; on MySQL a byte comparison.
    ///
    /// ```swift
    /// User.name.eqCaseSensitive("Ken")
    /// ```
    /// ```sql
    /// ("users"."name" = :p1)                          -- PostgreSQL
    /// (`users`.`name` = CAST(:p1 AS BINARY))          -- MySQL
    /// ```
    public func eqCaseSensitive(_ value: String) -> SQLExpression<Bool> {
        SQLExpression(.binary(sqlNode, .eq, .caseSensitive(.bind(.string(value), cast: nil))))
    }
}
