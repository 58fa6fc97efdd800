#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A calendar or clock unit, for `extract` and date arithmetic.
public enum SQLDateUnit: String, Sendable, Hashable {
    /// A calendar or clock unit, spelled as SQL spells it (`YEAR`, `DAY`).
    case year = "YEAR", month = "MONTH", day = "DAY", hour = "HOUR", minute = "MINUTE", second = "SECOND"
}

extension SQLExpressible where Value.SQLBase == Date {
    /// One whole-number field of a date or timestamp: `Event.at.extract(.year)` →
    /// `EXTRACT(YEAR FROM "events"."at")`. An `Int64` (PostgreSQL answers numeric text, which
    /// the executor reads exactly); `.second` drops the fraction (`FLOOR`).
    public func extract(_ unit: SQLDateUnit) -> SQLExpression<Int64> {
        let field: SQLExpressionNode = .fragment([
            .text("EXTRACT(" + unit.rawValue + " FROM "),
            .expression(sqlNode),
            .text(")"),
        ])
        return SQLExpression(unit == .second ? .function("FLOOR", [field]) : field, type: .bigint)
    }

    /// The date moved by `amount` units (negative: back).
    ///
    /// ```swift
    /// Event.at.adding(3, .day)
    /// ```
    /// ```sql
    /// ("events"."at" + :p1 * INTERVAL '1 DAY')      -- PostgreSQL
    /// DATE_ADD(`events`.`at`, INTERVAL :p1 DAY)      -- MySQL
    /// ```
    ///
    /// On PostgreSQL a `date` plus an interval is a timestamp.
    public func adding(_ amount: Int, _ unit: SQLDateUnit) -> SQLExpression<Value> {
        SQLExpression(.dateAdd(sqlNode, .bind(.int(Int64(amount)), cast: nil), unit.rawValue), type: sqlType)
    }

    /// `Event.at.subtracting(1, .month)`: `adding(-1, .month)`.
    public func subtracting(_ amount: Int, _ unit: SQLDateUnit) -> SQLExpression<Value> { adding(-amount, unit) }
}
