/// A function that needs a window: `rowNumber()`, `rank()`, `denseRank()`; `over(…)` makes
/// it an expression.
///
/// ```swift
/// Member.select(Member.name, rowNumber().over(partitionBy: Member.teamId, orderBy: Member.age.desc()).as("n"))
/// // SELECT "members"."name", ROW_NUMBER() OVER (PARTITION BY "members"."team_id"
/// //   ORDER BY "members"."age" DESC) AS "n" FROM "members"
/// ```
public struct SQLWindowFunction<Value: SQLBindable>: Sendable, Hashable {
    let node: SQLExpressionNode

    /// The function over a window: rows split by `partitionBy`, ordered by `orderBy`.
    public func over(
        partitionBy partition: any SQLExpressible...,
        orderBy order: SQLOrdering...
    ) -> SQLExpression<Value> {
        SQLExpression(.window(node, partitionBy: partition.map(\.sqlNode), orderBy: order))
    }
}

/// `ROW_NUMBER()`: 1, 2, 3… in the window's order.
public func rowNumber() -> SQLWindowFunction<Int64> { SQLWindowFunction(node: .function("ROW_NUMBER", [])) }
/// `RANK()`: ties share a rank, and the next rank skips.
public func rank() -> SQLWindowFunction<Int64> { SQLWindowFunction(node: .function("RANK", [])) }
/// `DENSE_RANK()`: ties share a rank, without gaps.
public func denseRank() -> SQLWindowFunction<Int64> { SQLWindowFunction(node: .function("DENSE_RANK", [])) }

extension SQLExpression {
    /// An aggregate over a window instead of a group:
    ///
    /// ```swift
    /// Member.age.sum().over(partitionBy: Member.teamId)
    /// // SUM("members"."age") OVER (PARTITION BY "members"."team_id")
    /// ```
    public func over(
        partitionBy partition: any SQLExpressible...,
        orderBy order: SQLOrdering...
    ) -> SQLExpression<Value> {
        SQLExpression(.window(node, partitionBy: partition.map(\.sqlNode), orderBy: order), type: sqlType)
    }
}
