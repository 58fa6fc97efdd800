/// Comparisons are methods, so long conditions type-check quickly and a value of the wrong
/// type does not compile: `User.id.eq("x")` is an error when `id` is an `Int64` column.
extension SQLExpressible {
    private func compare(_ op: SQLBinaryOperator, _ rhs: SQLExpressionNode) -> SQLExpression<Bool> {
        SQLExpression(.binary(sqlNode, op, rhs))
    }

    /// `User.name.eq("ken")` → `("users"."name" = :p1)`
    public func eq(_ value: Value.SQLBase) -> SQLExpression<Bool> { compare(.eq, bind(value)) }
    /// `Post.userId.eq(User.id)` → `("posts"."user_id" = "users"."id")`
    public func eq<E: SQLExpressible>(_ other: E) -> SQLExpression<Bool> where E.Value.SQLBase == Value.SQLBase {
        compare(.eq, other.sqlNode)
    }
    /// `User.name.neq("ken")` → `("users"."name" <> :p1)`
    public func neq(_ value: Value.SQLBase) -> SQLExpression<Bool> { compare(.neq, bind(value)) }
    /// `a.neq(b)` → `a <> b`
    public func neq<E: SQLExpressible>(_ other: E) -> SQLExpression<Bool> where E.Value.SQLBase == Value.SQLBase {
        compare(.neq, other.sqlNode)
    }
    /// `User.age.lt(18)` → `("users"."age" < :p1)`
    public func lt(_ value: Value.SQLBase) -> SQLExpression<Bool> { compare(.lt, bind(value)) }
    /// `a.lt(b)` → `a < b`
    public func lt<E: SQLExpressible>(_ other: E) -> SQLExpression<Bool> where E.Value.SQLBase == Value.SQLBase {
        compare(.lt, other.sqlNode)
    }
    /// `User.age.lte(18)` → `("users"."age" <= :p1)`
    public func lte(_ value: Value.SQLBase) -> SQLExpression<Bool> { compare(.lte, bind(value)) }
    /// `a.lte(b)` → `a <= b`
    public func lte<E: SQLExpressible>(_ other: E) -> SQLExpression<Bool> where E.Value.SQLBase == Value.SQLBase {
        compare(.lte, other.sqlNode)
    }
    /// `User.age.gt(18)` → `("users"."age" > :p1)`
    public func gt(_ value: Value.SQLBase) -> SQLExpression<Bool> { compare(.gt, bind(value)) }
    /// `a.gt(b)` → `a > b`
    public func gt<E: SQLExpressible>(_ other: E) -> SQLExpression<Bool> where E.Value.SQLBase == Value.SQLBase {
        compare(.gt, other.sqlNode)
    }
    /// `User.age.gte(18)` → `("users"."age" >= :p1)`
    public func gte(_ value: Value.SQLBase) -> SQLExpression<Bool> { compare(.gte, bind(value)) }
    /// `a.gte(b)` → `a >= b`
    public func gte<E: SQLExpressible>(_ other: E) -> SQLExpression<Bool> where E.Value.SQLBase == Value.SQLBase {
        compare(.gte, other.sqlNode)
    }

    /// `User.id.in([1, 2])` → `"users"."id" IN (:p1, :p2)`; an empty list renders `1 = 0` semantics
    /// (`IN (NULL)` is never true).
    public func `in`(_ values: [Value.SQLBase]) -> SQLExpression<Bool> {
        SQLExpression(.inList(sqlNode, values.map(bind), negated: false))
    }
    /// `User.id.notIn([1, 2])` → `"users"."id" NOT IN (:p1, :p2)`
    public func notIn(_ values: [Value.SQLBase]) -> SQLExpression<Bool> {
        SQLExpression(.inList(sqlNode, values.map(bind), negated: true))
    }
    /// `User.id.in(Post.select(Post.userId))` → `"users"."id" IN (SELECT "posts"."user_id" FROM "posts")`;
    /// the subquery must select one column of this expression's type.
    public func `in`<M, R: SQLBindable>(
        _ subquery: Select<M, R>
    ) -> SQLExpression<Bool> where R.SQLBase == Value.SQLBase {
        SQLExpression(.inSelect(sqlNode, subquery.ast, negated: false))
    }
    /// `User.id.notIn(subquery)` → `"users"."id" NOT IN (SELECT …)`
    public func notIn<M, R: SQLBindable>(
        _ subquery: Select<M, R>
    ) -> SQLExpression<Bool> where R.SQLBase == Value.SQLBase {
        SQLExpression(.inSelect(sqlNode, subquery.ast, negated: true))
    }
    /// `User.age.between(18, 65)` → `("users"."age" BETWEEN :p1 AND :p2)`
    public func between(_ low: Value.SQLBase, _ high: Value.SQLBase) -> SQLExpression<Bool> {
        SQLExpression(.between(sqlNode, bind(low), bind(high)))
    }
    /// `User.email.isNull()` → `"users"."email" IS NULL`
    public func isNull() -> SQLExpression<Bool> { SQLExpression(.isNull(sqlNode, negated: false)) }
    /// `User.email.isNotNull()` → `"users"."email" IS NOT NULL`
    public func isNotNull() -> SQLExpression<Bool> { SQLExpression(.isNull(sqlNode, negated: true)) }
}

extension SQLExpressible where Value.SQLBase == String {
    /// `User.name.like("k%")` → `"users"."name" LIKE :p1`
    public func like(_ pattern: String) -> SQLExpression<Bool> {
        SQLExpression(.like(sqlNode, .bind(.string(pattern), cast: nil), caseInsensitive: false, escape: nil))
    }
    /// PostgreSQL only: `User.name.ilike("k%")` → `"users"."name" ILIKE :p1`; MySQL throws `unsupported`.
    public func ilike(_ pattern: String) -> SQLExpression<Bool> {
        SQLExpression(.like(sqlNode, .bind(.string(pattern), cast: nil), caseInsensitive: true, escape: nil))
    }
}

// MARK: Boolean logic: the only overloaded operators.

/// `a && b` → `(a AND b)`
public func && <L: SQLExpressible, R: SQLExpressible>(
    lhs: L,
    rhs: R
) -> SQLExpression<Bool> where L.Value.SQLBase == Bool, R.Value.SQLBase == Bool {
    SQLExpression(.binary(lhs.sqlNode, .and, rhs.sqlNode))
}
/// `a || b` → `(a OR b)`
public func || <L: SQLExpressible, R: SQLExpressible>(
    lhs: L,
    rhs: R
) -> SQLExpression<Bool> where L.Value.SQLBase == Bool, R.Value.SQLBase == Bool {
    SQLExpression(.binary(lhs.sqlNode, .or, rhs.sqlNode))
}
/// `!a` → `NOT (a)`
public prefix func ! <E: SQLExpressible>(operand: E) -> SQLExpression<Bool> where E.Value.SQLBase == Bool {
    SQLExpression(.not(operand.sqlNode))
}

/// `exists(Post.select().where(Post.userId.eq(User.id)))` → `EXISTS (SELECT …)`
public func exists<M, R>(_ subquery: Select<M, R>) -> SQLExpression<Bool> {
    SQLExpression(.exists(subquery.ast, negated: false))
}
/// `notExists(subquery)` → `NOT EXISTS (SELECT …)`
public func notExists<M, R>(_ subquery: Select<M, R>) -> SQLExpression<Bool> {
    SQLExpression(.exists(subquery.ast, negated: true))
}
