/// An `Optional` of a bindable type: what lets `eq(nil)` compile on nullable columns only.
public protocol SQLOptionalBindable: SQLBindable {
    /// Whether the value is `nil`.
    var isSQLNil: Bool { get }
}

extension Optional: SQLOptionalBindable where Wrapped: SQLBindable {
    /// Whether the value is `nil`.
    public var isSQLNil: Bool { self == nil }
}

extension SQLExpressible where Value: SQLOptionalBindable {
    /// On a nullable column, `nil` means `IS NULL` (SQL's `= NULL` is never true):
    /// `User.email.eq(nil)` → `"users"."email" IS NULL`; an optional holding a value compares
    /// with `=` as usual. On a non-optional column, `eq(nil)` does not compile.
    public func eq(_ value: Value) -> SQLExpression<Bool> {
        value.isSQLNil ? isNull() : SQLExpression(.binary(sqlNode, .eq, bind(value)))
    }
    /// `User.email.neq(nil)` → `"users"."email" IS NOT NULL`; a value compares with `<>`.
    public func neq(_ value: Value) -> SQLExpression<Bool> {
        value.isSQLNil ? isNotNull() : SQLExpression(.binary(sqlNode, .neq, bind(value)))
    }
}
