/// Null-safe equality: NULL equals NULL, and a NULL never equals a value (true or false,
/// never NULL). PostgreSQL and the SQL standard spell it `IS NOT DISTINCT FROM`, MySQL `<=>`.
extension SQLExpressible {
    /// Null-safe equality with a value (nil matches NULL).
    ///
    /// ```swift
    /// User.email.isNotDistinct(from: nil)
    /// ```
    /// ```sql
    /// ("users"."email" IS NOT DISTINCT FROM :p1)   -- PostgreSQL
    /// (`users`.`email` <=> :p1)                     -- MySQL
    /// ```
    public func isNotDistinct(from value: Value.SQLBase?) -> SQLExpression<Bool> {
        SQLExpression(.nullSafeEqual(sqlNode, bind(value), negated: false))
    }
    /// Null-safe equality with another expression (NULL matches NULL):
    ///
    /// ```swift
    /// Post.editorId.isNotDistinct(from: Post.authorId)
    /// // ("posts"."editor_id" IS NOT DISTINCT FROM "posts"."author_id")
    /// ```
    public func isNotDistinct<E: SQLExpressible>(
        from other: E
    ) -> SQLExpression<Bool> where E.Value.SQLBase == Value.SQLBase {
        SQLExpression(.nullSafeEqual(sqlNode, other.sqlNode, negated: false))
    }
    /// Null-safe inequality with a value (nil differs from every non-NULL value).
    ///
    /// ```swift
    /// User.email.isDistinct(from: "a@b")
    /// ```
    /// ```sql
    /// ("users"."email" IS DISTINCT FROM :p1)   -- PostgreSQL
    /// NOT (`users`.`email` <=> :p1)             -- MySQL
    /// ```
    public func isDistinct(from value: Value.SQLBase?) -> SQLExpression<Bool> {
        SQLExpression(.nullSafeEqual(sqlNode, bind(value), negated: true))
    }
    /// `a.isDistinct(from: b)` → `(a IS DISTINCT FROM b)`, MySQL `NOT (a <=> b)`
    public func isDistinct<E: SQLExpressible>(
        from other: E
    ) -> SQLExpression<Bool> where E.Value.SQLBase == Value.SQLBase {
        SQLExpression(.nullSafeEqual(sqlNode, other.sqlNode, negated: true))
    }
}
