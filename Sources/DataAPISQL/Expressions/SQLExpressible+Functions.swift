#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Number types that aggregate and add up.
public protocol SQLNumeric: SQLBindable {}
extension Int: SQLNumeric {}
extension Int8: SQLNumeric {}
extension Int16: SQLNumeric {}
extension Int32: SQLNumeric {}
extension Int64: SQLNumeric {}
extension UInt8: SQLNumeric {}
extension UInt16: SQLNumeric {}
extension UInt32: SQLNumeric {}
extension UInt64: SQLNumeric {}
extension UInt: SQLNumeric {}
extension Double: SQLNumeric {}
extension Float: SQLNumeric {}
extension Decimal: SQLNumeric {}

extension SQLExpressible {
    /// `User.id.count()` → `COUNT("users"."id")`
    public func count() -> SQLExpression<Int64> { typed(.aggregate("COUNT", sqlNode, distinct: false)) }
    /// `User.country.countDistinct()` → `COUNT(DISTINCT "users"."country")`
    public func countDistinct() -> SQLExpression<Int64> { typed(.aggregate("COUNT", sqlNode, distinct: true)) }
    /// `User.age.min()` → `MIN("users"."age")`, nullable: an empty set has no minimum.
    public func min() -> SQLExpression<Value.SQLBase?> {
        typed(.aggregate("MIN", sqlNode, distinct: false), type: sqlType)
    }
    /// `User.age.max()` → `MAX("users"."age")`
    public func max() -> SQLExpression<Value.SQLBase?> {
        typed(.aggregate("MAX", sqlNode, distinct: false), type: sqlType)
    }
    /// `User.email.coalesce("none")` → `COALESCE("users"."email", :p1)`
    public func coalesce(_ fallback: Value.SQLBase) -> SQLExpression<Value.SQLBase> {
        typed(.function("COALESCE", [sqlNode, bind(fallback)]), type: sqlType)
    }
    /// The expression with an alias in a select list: `User.id.count().as("n")` → `COUNT(…) AS "n"`
    public func `as`(_ alias: String) -> SQLAliasedExpression<Value> { SQLAliasedExpression(self, alias: alias) }
    /// `CAST(x AS type)` with a new static type: `User.age.cast(to: .text, as: String.self)` →
    /// `CAST("users"."age" AS text)` (MySQL spells the type as its DDL does).
    public func cast<T: SQLBindable>(to type: SQLColumnType, as: T.Type) -> SQLExpression<T> {
        SQLExpression(.cast(sqlNode, type), type: type)
    }
    /// Ascending order: `.order(User.name.asc())` → `ORDER BY "users"."name" ASC`; `nulls: .first`
    /// adds `NULLS FIRST` (MySQL emulates it with an `IS NULL` sort key).
    public func asc(nulls: SQLNullsOrder? = nil) -> SQLOrdering {
        SQLOrdering(expression: sqlNode, descending: false, nulls: nulls)
    }
    /// Descending order: `.order(User.name.desc(nulls: .last))` → `"users"."name" DESC NULLS LAST`
    public func desc(nulls: SQLNullsOrder? = nil) -> SQLOrdering {
        SQLOrdering(expression: sqlNode, descending: true, nulls: nulls)
    }
}

extension SQLExpressible where Value.SQLBase: SQLInteger {
    /// `User.age.sum()` → `SUM("users"."age")`: an `Int64`, nil over no rows. PostgreSQL
    /// returns a bigint or a numeric and MySQL a DECIMAL; both decode as `Int64`, and a sum
    /// past `Int64` is a decoding error.
    public func sum() -> SQLExpression<Int64?> { typed(.aggregate("SUM", sqlNode, distinct: false), type: .bigint) }
    /// `User.age.avg()` → `AVG("users"."age")`: a `Decimal` (both databases return an exact
    /// numeric for integers), nil over no rows.
    public func avg() -> SQLExpression<Decimal?> {
        typed(.aggregate("AVG", sqlNode, distinct: false), type: .decimal(precision: 65, scale: 30))
    }
}

extension SQLExpressible where Value.SQLBase == Decimal {
    /// `Account.balance.sum()` → `SUM("accounts"."balance")`, a `Decimal`, nil over no rows.
    public func sum() -> SQLExpression<Decimal?> { typed(.aggregate("SUM", sqlNode, distinct: false), type: sqlType) }
    /// `Account.balance.avg()` → `AVG("accounts"."balance")`, a `Decimal`, nil over no rows.
    public func avg() -> SQLExpression<Decimal?> { typed(.aggregate("AVG", sqlNode, distinct: false), type: sqlType) }
}

extension SQLExpressible where Value.SQLBase: BinaryFloatingPoint {
    /// `User.score.sum()` → `SUM("users"."score")`, a `Double`, nil over no rows.
    public func sum() -> SQLExpression<Double?> { typed(.aggregate("SUM", sqlNode, distinct: false), type: .double) }
    /// `User.score.avg()` → `AVG("users"."score")`, a `Double`, nil over no rows.
    public func avg() -> SQLExpression<Double?> { typed(.aggregate("AVG", sqlNode, distinct: false), type: .double) }
}

extension SQLExpressible where Value.SQLBase: SQLNumeric {
    /// `User.age.plus(1)` → `("users"."age" + :p1)`
    public func plus(_ v: Value.SQLBase) -> SQLExpression<Value> {
        typed(.binary(sqlNode, .plus, bind(v)), type: sqlType)
    }
    /// `a.plus(b)` → `(a + b)`
    public func plus<E: SQLExpressible>(_ e: E) -> SQLExpression<Value> where E.Value.SQLBase == Value.SQLBase {
        typed(.binary(sqlNode, .plus, e.sqlNode), type: sqlType)
    }
    /// `User.age.minus(1)` → `("users"."age" - :p1)`
    public func minus(_ v: Value.SQLBase) -> SQLExpression<Value> {
        typed(.binary(sqlNode, .minus, bind(v)), type: sqlType)
    }
    /// `User.score.times(2)` → `("users"."score" * :p1)`
    public func times(_ v: Value.SQLBase) -> SQLExpression<Value> {
        typed(.binary(sqlNode, .times, bind(v)), type: sqlType)
    }
    /// `User.score.dividedBy(2)` → `("users"."score" / :p1)`
    public func dividedBy(_ v: Value.SQLBase) -> SQLExpression<Value> {
        typed(.binary(sqlNode, .divide, bind(v)), type: sqlType)
    }
}

extension SQLExpressible where Value.SQLBase == String {
    /// `User.name.lower()` → `LOWER("users"."name")`
    public func lower() -> SQLExpression<Value> { typed(.function("LOWER", [sqlNode]), type: sqlType) }
    /// `User.name.upper()` → `UPPER("users"."name")`
    public func upper() -> SQLExpression<Value> { typed(.function("UPPER", [sqlNode]), type: sqlType) }
    /// Characters, not bytes: `User.name.length()` → `CHAR_LENGTH("users"."name")`
    public func length() -> SQLExpression<Int64> { typed(.function("CHAR_LENGTH", [sqlNode])) }
    /// `User.first.concat(" ", User.last)` → PostgreSQL `("users"."first" || :p1 || "users"."last")`, MySQL `CONCAT(…)`
    public func concat(_ parts: SQLConcatPart...) -> SQLExpression<Value> {
        typed(.concat([sqlNode] + parts.map(\.node)), type: sqlType)
    }
}

/// A piece of a `concat`: a string value or a text expression.
public struct SQLConcatPart: Sendable, ExpressibleByStringLiteral {
    let node: SQLExpressionNode
    /// A string value, bound.
    public init(stringLiteral value: String) { node = .bind(.string(value), cast: nil) }
    /// A string value, bound.
    public init(_ value: String) { node = .bind(.string(value), cast: nil) }
    /// A text expression.
    public init<E: SQLExpressible>(_ e: E) where E.Value.SQLBase == String { node = e.sqlNode }
}

/// `COUNT(*)`: `User.select(countAll())` → `SELECT COUNT(*) FROM "users"`, a `Select<User, Int64>`.
public func countAll() -> SQLExpression<Int64> { SQLExpression(.aggregate("COUNT", nil, distinct: false)) }
/// The current time: `CURRENT_TIMESTAMP`.
public func now() -> SQLExpression<Date> { SQLExpression(.currentTimestamp) }

/// NULLS FIRST / NULLS LAST (MySQL emulates it with an `IS NULL` sort key).
public enum SQLNullsOrder: Sendable, Hashable { case first, last }

/// One ORDER BY term.
public struct SQLOrdering: Sendable, Hashable {
    /// What is sorted by.
    public var expression: SQLExpressionNode
    /// DESC rather than ASC.
    public var descending: Bool
    /// Where NULLs go, if said.
    public var nulls: SQLNullsOrder?

    /// Sorting by `expression`.
    public init(expression: SQLExpressionNode, descending: Bool = false, nulls: SQLNullsOrder? = nil) {
        self.expression = expression
        self.descending = descending
        self.nulls = nulls
    }
}
