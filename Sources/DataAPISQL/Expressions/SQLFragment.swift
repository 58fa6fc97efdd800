/// Raw SQL that binds what it interpolates: `"lower(\(User.name)) = \(value)"` binds `value`;
/// text goes in only through `\(unsafeRaw:)`.
///
/// ```swift
/// let f: SQLFragment = "\(User.name) ILIKE \("%ken%")"   // "users"."name" ILIKE :p1
/// ```
public struct SQLFragment: SQLExpressible, ExpressibleByStringInterpolation, Hashable {
    /// Fragments are conditions unless retyped with `typed(_:)`.
    public typealias Value = Bool
    /// Text, or an expression rendered in place.
    public enum Part: Sendable, Hashable { case text(String), expression(SQLExpressionNode) }
    /// The fragment's pieces in order.
    public var parts: [Part]
    /// The fragment as a tree node.
    public var node: SQLExpressionNode { .fragment(parts) }
    /// The fragment as a tree node.
    public var sqlNode: SQLExpressionNode { node }
    /// Boolean.
    public var sqlType: SQLColumnType { .boolean }

    /// Text without interpolations.
    public init(stringLiteral value: String) { parts = [.text(value)] }
    /// Text whose interpolations are bound.
    public init(stringInterpolation: Interpolation) { parts = stringInterpolation.parts }

    /// The fragment typed as `T` (fragments are boolean by default, to fit `where`).
    public func typed<T: SQLBindable>(_ type: T.Type) -> SQLExpression<T> { SQLExpression(node) }

    /// `CURRENT_TIMESTAMP`, for column defaults.
    public static let currentTimestamp = SQLFragment(parts: [.expression(.currentTimestamp)])

    init(parts: [Part]) { self.parts = parts }

    /// Builds a fragment: values bound, expressions rendered, text only through `unsafeRaw:`.
    public struct Interpolation: StringInterpolationProtocol {
        var parts: [Part] = []
        /// An empty fragment.
        public init(literalCapacity: Int, interpolationCount: Int) {}
        /// Literal text from the source.
        public mutating func appendLiteral(_ literal: String) { parts.append(.text(literal)) }
        /// A value: bound as a parameter, never spliced into the text.
        public mutating func appendInterpolation<V: SQLBindable>(_ value: V) {
            do {
                parts.append(.expression(.bind(try value.sqlValue(for: V.defaultSQLType), cast: V.defaultSQLType)))
            } catch let e as SQLRenderError {
                parts.append(.expression(.invalid(e)))
            } catch {
                parts.append(.expression(.invalid(.invalidValue("\(error)"))))
            }
        }
        /// A column or expression: rendered in place.
        public mutating func appendInterpolation<E: SQLExpressible>(_ expression: E) {
            parts.append(.expression(expression.sqlNode))
        }
        /// SQL text inserted verbatim. Never pass user input here.
        public mutating func appendInterpolation(unsafeRaw text: String) { parts.append(.text(text)) }
    }
}
