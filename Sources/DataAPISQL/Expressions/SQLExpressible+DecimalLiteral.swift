#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A number literal written where a `Decimal` is expected, keeping the digits as written.
/// Swift turns `1234.56` into a `Decimal` through `Double`, which keeps the binary
/// expansion (`1234.5599999999997952`); this type reads the literal's shortest decimal
/// form instead (`1234.56`), and integer literals exactly.
///
/// ```swift
/// Account.balance.lt(1234.56)   // "accounts"."balance" < :p1, bound as the DECIMAL 1234.56
/// ```
public struct SQLDecimalLiteral: ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral, Sendable, Hashable {
    /// The literal's value.
    public let value: Decimal

    /// The float literal's shortest decimal spelling, as a `Decimal`.
    public init(floatLiteral literal: Double) {
        value = Decimal(string: "\(literal)", locale: Locale(identifier: "en_US_POSIX")) ?? Decimal(literal)
    }

    /// The integer literal, exactly.
    public init(integerLiteral literal: Int64) { value = Decimal(literal) }
}

/// On decimal columns, number literals bind the digits written: these overloads win over
/// the generic ones for literals only (a `Decimal` value still takes the generic path).
extension SQLExpressible where Value.SQLBase == Decimal {
    /// `Account.balance.eq(19.99)` → `("accounts"."balance" = :p1)`, bound as `19.99`
    public func eq(_ literal: SQLDecimalLiteral) -> SQLExpression<Bool> { eq(literal.value) }
    /// `Account.balance.neq(19.99)` → `("accounts"."balance" <> :p1)`
    public func neq(_ literal: SQLDecimalLiteral) -> SQLExpression<Bool> { neq(literal.value) }
    /// `Account.balance.lt(1234.56)` → `("accounts"."balance" < :p1)`, bound as `1234.56`
    public func lt(_ literal: SQLDecimalLiteral) -> SQLExpression<Bool> { lt(literal.value) }
    /// `Account.balance.lte(1234.56)` → `("accounts"."balance" <= :p1)`
    public func lte(_ literal: SQLDecimalLiteral) -> SQLExpression<Bool> { lte(literal.value) }
    /// `Account.balance.gt(0.01)` → `("accounts"."balance" > :p1)`
    public func gt(_ literal: SQLDecimalLiteral) -> SQLExpression<Bool> { gt(literal.value) }
    /// `Account.balance.gte(0.01)` → `("accounts"."balance" >= :p1)`
    public func gte(_ literal: SQLDecimalLiteral) -> SQLExpression<Bool> { gte(literal.value) }
    /// `Account.balance.between(0.1, 9.9)` → `("accounts"."balance" BETWEEN :p1 AND :p2)`
    public func between(_ low: SQLDecimalLiteral, _ high: SQLDecimalLiteral) -> SQLExpression<Bool> {
        between(low.value, high.value)
    }
    /// `Account.balance.in([0.1, 0.2])` → `"accounts"."balance" IN (:p1, :p2)`
    public func `in`(_ literals: [SQLDecimalLiteral]) -> SQLExpression<Bool> { self.in(literals.map(\.value)) }
    /// `Account.balance.notIn([0.1, 0.2])` → `"accounts"."balance" NOT IN (:p1, :p2)`
    public func notIn(_ literals: [SQLDecimalLiteral]) -> SQLExpression<Bool> { notIn(literals.map(\.value)) }
    /// `Account.balance.plus(0.1)` → `("accounts"."balance" + :p1)`
    public func plus(_ literal: SQLDecimalLiteral) -> SQLExpression<Value> { plus(literal.value) }
    /// `Account.balance.minus(0.1)` → `("accounts"."balance" - :p1)`
    public func minus(_ literal: SQLDecimalLiteral) -> SQLExpression<Value> { minus(literal.value) }
    /// `Account.balance.times(1.1)` → `("accounts"."balance" * :p1)`
    public func times(_ literal: SQLDecimalLiteral) -> SQLExpression<Value> { times(literal.value) }
    /// `Account.balance.dividedBy(0.5)` → `("accounts"."balance" / :p1)`
    public func dividedBy(_ literal: SQLDecimalLiteral) -> SQLExpression<Value> { dividedBy(literal.value) }
    /// `Account.credit.coalesce(0.1)` → `COALESCE("accounts"."credit", :p1)`
    public func coalesce(_ literal: SQLDecimalLiteral) -> SQLExpression<Value.SQLBase> { coalesce(literal.value) }
    /// `Account.credit.isNotDistinct(from: 0.1)` → `("accounts"."credit" IS NOT DISTINCT FROM :p1)`
    public func isNotDistinct(from literal: SQLDecimalLiteral) -> SQLExpression<Bool> {
        isNotDistinct(from: literal.value)
    }
    /// `Account.credit.isDistinct(from: 0.1)` → `("accounts"."credit" IS DISTINCT FROM :p1)`
    public func isDistinct(from literal: SQLDecimalLiteral) -> SQLExpression<Bool> { isDistinct(from: literal.value) }
}

extension Update {
    /// `.set(Account.balance, to: 19.99)` → `SET "balance" = :p1`, bound as `19.99`
    public func set(_ column: Column<Model, Decimal>, to literal: SQLDecimalLiteral) -> Self {
        with(column.name, column.bind(literal.value))
    }
    /// `.set(Account.credit, to: 19.99)` on an optional decimal column, bound as `19.99`
    public func set(_ column: Column<Model, Decimal?>, to literal: SQLDecimalLiteral) -> Self {
        with(column.name, column.bind(literal.value))
    }
}

extension Column where Value.SQLBase == Decimal {
    /// `.defaultValue(0.1)` on a decimal column → `DEFAULT ('0.1')`, the digits written.
    public func defaultValue(_ literal: SQLDecimalLiteral) -> Self { defaultValue(node: bind(literal.value)) }
}
