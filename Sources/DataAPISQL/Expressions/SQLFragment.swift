/// Raw SQL that binds what it interpolates: `"lower(\(User.name)) = \(value)"` binds `value`;
/// text goes in only through `\(unsafeRaw:)`.
///
/// ```swift
/// let f: SQLFragment = "\(User.name) ILIKE \("%ken%")"   // "users"."name" ILIKE :p1
/// ```
public struct SQLFragment: SQLExpressible, ExpressibleByStringInterpolation, Hashable {
    public typealias Value = Bool
    public enum Part: Sendable, Hashable { case text(String), expression(SQLExpressionNode) }
    public var parts: [Part]
    public var node: SQLExpressionNode { .fragment(parts) }
    public var sqlNode: SQLExpressionNode { node }
    public var sqlType: SQLColumnType { .boolean }

    public init(stringLiteral value: String) { parts = [.text(value)] }
    public init(stringInterpolation: Interpolation) { parts = stringInterpolation.parts }

    /// The fragment typed as `T` (fragments are boolean by default, to fit `where`).
    public func typed<T: SQLBindable>(_ type: T.Type) -> SQLExpression<T> { SQLExpression(node) }

    /// `CURRENT_TIMESTAMP`, for column defaults.
    public static let currentTimestamp = SQLFragment(parts: [.expression(.currentTimestamp)])

    init(parts: [Part]) { self.parts = parts }

    public struct Interpolation: StringInterpolationProtocol {
        var parts: [Part] = []
        public init(literalCapacity: Int, interpolationCount: Int) {}
        public mutating func appendLiteral(_ literal: String) { parts.append(.text(literal)) }
        /// A value: bound as a parameter, never spliced into the text.
        public mutating func appendInterpolation<V: SQLBindable>(_ value: V) {
            do { parts.append(.expression(.bind(try value.sqlValue(for: V.defaultSQLType), cast: V.defaultSQLType))) } catch let e as SQLRenderError {
                parts.append(.expression(.invalid(e)))
            } catch { parts.append(.expression(.invalid(.invalidValue("\(error)")))) }
        }
        /// A column or expression: rendered in place.
        public mutating func appendInterpolation<E: SQLExpressible>(_ expression: E) { parts.append(.expression(expression.sqlNode)) }
        /// SQL text inserted verbatim. Never pass user input here.
        public mutating func appendInterpolation(unsafeRaw text: String) { parts.append(.text(text)) }
    }
}
