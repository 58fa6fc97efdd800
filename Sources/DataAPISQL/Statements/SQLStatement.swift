/// Anything that renders to one statement.
public protocol SQLStatement: Sendable {
    /// SQL with placeholders in `dialect`'s style, the values to bind, and the result
    /// columns when the statement returns rows.
    func render(_ dialect: SQLDialect) throws -> SQLQuery
}
