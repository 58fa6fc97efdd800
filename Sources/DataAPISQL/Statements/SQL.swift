/// A whole statement written as SQL text, binding what it interpolates: values become
/// parameters, columns render as qualified identifiers, and text goes in only through
/// `\(unsafeRaw:)`.
///
/// ```swift
/// let q: SQL = "SELECT id FROM users WHERE name = \(name) AND \(User.age) > \(18)"
/// // SELECT id FROM users WHERE name = :p1 AND "users"."age" > :p2
/// ```
public struct SQL: SQLStatement, ExpressibleByStringInterpolation, Hashable {
    /// Interpolations bind values, render columns, and splice text only through `unsafeRaw:`.
    public typealias StringInterpolation = SQLFragment.Interpolation
    var parts: [SQLFragment.Part]

    /// SQL text without interpolations.
    public init(stringLiteral value: String) { parts = [.text(value)] }
    /// SQL text whose interpolations are bound.
    public init(stringInterpolation: SQLFragment.Interpolation) { parts = stringInterpolation.parts }
    /// Trusted SQL text taken as is. Never build it from user input; interpolate values instead.
    public init(unsafeRaw text: String) { parts = [.text(text)] }

    /// The text with `:p1`, `:p2`… for the interpolated values; no result columns.
    public func render(_ dialect: SQLDialect) throws -> SQLQuery {
        var w = SQLWriter(dialect: dialect)
        try w.rawStatement(parts)
        return try w.query
    }
}

/// `SAVEPOINT "name"`, `RELEASE SAVEPOINT "name"` and `ROLLBACK TO SAVEPOINT "name"`: the
/// statements a nested transaction runs, the same in PostgreSQL and MySQL.
public struct SQLSavepoint: SQLStatement, Hashable {
    /// Which of the three statements.
    public enum Action: String, Sendable, Hashable {
        /// `SAVEPOINT`, `RELEASE SAVEPOINT` or `ROLLBACK TO SAVEPOINT`.
        case create = "SAVEPOINT ", release = "RELEASE SAVEPOINT ", rollback = "ROLLBACK TO SAVEPOINT "
    }
    /// What the statement does.
    public var action: Action
    /// The savepoint's name.
    public var name: String

    /// `action` on the savepoint `name`.
    public init(_ action: Action, _ name: String) {
        self.action = action
        self.name = name
    }

    /// `SAVEPOINT "name"` and the like, quoted for `dialect`.
    public func render(_ dialect: SQLDialect) throws -> SQLQuery {
        var w = SQLWriter(dialect: dialect)
        w.savepoint(self)
        return try w.query
    }
}
