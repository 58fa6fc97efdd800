/// A CASE expression being built: `caseWhen(…, then: …)`, more `when`s, then `else` or `end`.
///
/// ```swift
/// caseWhen(User.age.lt(18), then: "minor").when(User.age.lt(65), then: "adult").else("senior")
/// // CASE WHEN ("users"."age" < :p1) THEN :p2 WHEN ("users"."age" < :p3) THEN :p4 ELSE :p5 END
/// ```
public struct SQLCase<Value: SQLBindable>: Sendable, Hashable {
    var clauses: [SQLWhenClause]

    /// Another `WHEN condition THEN value`, tried after the earlier ones.
    public func when(_ condition: some SQLExpressible<Bool>, then value: Value) -> Self {
        SQLCase(clauses: clauses + [SQLWhenClause(condition: condition.sqlNode, result: Self.bind(value))])
    }
    /// Another `WHEN condition THEN expression`.
    public func when<E: SQLExpressible>(
        _ condition: some SQLExpressible<Bool>,
        then result: E
    ) -> Self where E.Value.SQLBase == Value.SQLBase {
        SQLCase(clauses: clauses + [SQLWhenClause(condition: condition.sqlNode, result: result.sqlNode)])
    }
    /// `… ELSE value END`: the expression, of the values' type.
    public func `else`(_ value: Value) -> SQLExpression<Value> {
        SQLExpression(.caseWhen(clauses, else: Self.bind(value)))
    }
    /// `… ELSE expression END`.
    public func `else`<E: SQLExpressible>(_ result: E) -> SQLExpression<Value> where E.Value.SQLBase == Value.SQLBase {
        SQLExpression(.caseWhen(clauses, else: result.sqlNode))
    }
    /// `… END` without ELSE: NULL when no condition holds, so the expression is optional.
    public func end() -> SQLExpression<Value?> { SQLExpression(.caseWhen(clauses, else: nil)) }

    static func bind(_ value: Value) -> SQLExpressionNode {
        do {
            return .bind(try value.sqlValue(for: Value.defaultSQLType), cast: Value.defaultSQLType)
        } catch let e as SQLRenderError {
            return .invalid(e)
        } catch {
            return .invalid(.invalidValue("\(error)"))
        }
    }
}

/// Starts a CASE expression:
/// `caseWhen(User.active, then: 1).else(0)` → `CASE WHEN "users"."active" THEN :p1 ELSE :p2 END`
public func caseWhen<T: SQLBindable>(_ condition: some SQLExpressible<Bool>, then value: T) -> SQLCase<T> {
    SQLCase(clauses: [SQLWhenClause(condition: condition.sqlNode, result: SQLCase<T>.bind(value))])
}

/// Starts a CASE expression whose result is an expression: `caseWhen(Post.views.isNull(), then: Post.title)…`
public func caseWhen<E: SQLExpressible>(
    _ condition: some SQLExpressible<Bool>,
    then result: E
) -> SQLCase<E.Value.SQLBase> {
    SQLCase(clauses: [SQLWhenClause(condition: condition.sqlNode, result: result.sqlNode)])
}
