/// A whole statement written as SQL text, binding what it interpolates: values become
/// parameters, columns render as qualified identifiers, and text goes in only through
/// `\(unsafeRaw:)`.
///
/// ```swift
/// let q: SQL = "SELECT id FROM users WHERE name = \(name) AND \(User.age) > \(18)"
/// // SELECT id FROM users WHERE name = :p1 AND "users"."age" > :p2
/// ```
public struct SQL: SQLStatement, ExpressibleByStringInterpolation, Hashable {
    public typealias StringInterpolation = SQLFragment.Interpolation
    var parts: [SQLFragment.Part]

    public init(stringLiteral value: String) { parts = [.text(value)] }
    public init(stringInterpolation: SQLFragment.Interpolation) { parts = stringInterpolation.parts }
    /// Trusted SQL text taken as is. Never build it from user input; interpolate values instead.
    public init(unsafeRaw text: String) { parts = [.text(text)] }

    public func render(_ dialect: SQLDialect) throws -> SQLQuery {
        var w = SQLWriter(dialect: dialect)
        try w.expression(.fragment(parts))
        return try w.query
    }
}

/// `SAVEPOINT "name"`, `RELEASE SAVEPOINT "name"` and `ROLLBACK TO SAVEPOINT "name"`: the
/// statements a nested transaction runs, the same in PostgreSQL and MySQL.
public struct SQLSavepoint: SQLStatement, Hashable {
    public enum Action: String, Sendable, Hashable {
        case create = "SAVEPOINT ", release = "RELEASE SAVEPOINT ", rollback = "ROLLBACK TO SAVEPOINT "
    }
    public var action: Action
    public var name: String

    public init(_ action: Action, _ name: String) {
        self.action = action
        self.name = name
    }

    public func render(_ dialect: SQLDialect) throws -> SQLQuery {
        var w = SQLWriter(dialect: dialect)
        w.write(action.rawValue)
        w.identifier(name)
        return try w.query
    }
}
