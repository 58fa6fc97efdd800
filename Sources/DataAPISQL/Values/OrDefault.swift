/// A model property that is either a value or the column's declared default: `.default`
/// leaves the column out of an INSERT (or writes `DEFAULT` in a multi-row one), so the
/// database fills it in, as a nil value of an optional defaulted column does.
///
/// ```swift
/// struct Gizmo: Table {
///     var id: Int64
///     var size: OrDefault<Int32>      // .default or .value(3); a literal works too: `size: 3`
///     static let size = Column<Gizmo, OrDefault<Int32>>(CodingKeys.size).defaultValue(1)
///     …
/// }
/// Gizmo.insert(Gizmo(id: 1, size: .default))   // INSERT INTO "gizmos" ("id") VALUES (:p1)
/// Gizmo.insert([Gizmo(id: 2, size: .default), Gizmo(id: 3, size: 5)])
/// // INSERT INTO "gizmos" ("id", "size") VALUES (:p1, DEFAULT), (:p2, :p3)
/// ```
///
/// Mixing `.default` and values across rows works in one multi-row INSERT statement only:
/// `db.insert(contentsOf:)` and the other batch inserts send every row through one value
/// list, so there every row must ask for the default or every row must give a value
/// (otherwise ``SQLRenderError/mixedDefault(_:)``).
///
/// The column compares and decodes as `Value` (`Gizmo.size.gt(2)`); a row read back always
/// holds `.value(…)`. Wrap a non-optional type: an optional defaulted column already takes
/// nil as "the default". An update may set it too (`.set(Gizmo.size, to: .default)` →
/// `SET "size" = DEFAULT`); comparisons take `Value`, so `.default` cannot reach one, and
/// binding it anywhere else is ``SQLRenderError/invalidValue(_:)``.
public enum OrDefault<Value: SQLBindable & Codable>: SQLBindable, Codable {
    /// The wrapped type's base type.
    public typealias SQLBase = Value.SQLBase
    /// The column's declared default (or NULL where it declares none).
    case `default`
    /// A value.
    case value(Value)

    /// The value, or nil for `.default`.
    public var wrapped: Value? {
        if case .value(let v) = self { return v }
        return nil
    }

    /// The wrapped type's column type.
    public static var defaultSQLType: SQLColumnType { Value.defaultSQLType }
    /// Whether the wrapped type is optional.
    public static var isOptional: Bool { Value.isOptional }
    /// Whether this is `.default`.
    public var isSQLDefault: Bool { if case .default = self { true } else { false } }
    /// The wrapped value's SQL value; `.default` throws, as it has none.
    public func sqlValue(for type: SQLColumnType) throws -> SQLValue {
        guard case .value(let v) = self else {
            throw SQLRenderError.invalidValue(".default stands for a column's default in an inserted model only")
        }
        return try v.sqlValue(for: type)
    }

    /// Decodes the value (a stored row always has one).
    public init(from decoder: Decoder) throws { self = .value(try Value(from: decoder)) }
    /// Encodes the value; `.default` encodes as nil, which the row encoder reads as the marker.
    public func encode(to encoder: Encoder) throws {
        switch self {
        case .value(let v): try v.encode(to: encoder)
        case .default:
            var c = encoder.singleValueContainer()
            try c.encodeNil()
        }
    }
}

extension OrDefault: Equatable where Value: Equatable {}
extension OrDefault: Hashable where Value: Hashable {}

extension OrDefault: ExpressibleByIntegerLiteral where Value: ExpressibleByIntegerLiteral {
    /// `size: 3` for `.value(3)`.
    public init(integerLiteral value: Value.IntegerLiteralType) { self = .value(Value(integerLiteral: value)) }
}
extension OrDefault: ExpressibleByFloatLiteral where Value: ExpressibleByFloatLiteral {
    /// `score: 2.5` for `.value(2.5)`.
    public init(floatLiteral value: Value.FloatLiteralType) { self = .value(Value(floatLiteral: value)) }
}
extension OrDefault: ExpressibleByUnicodeScalarLiteral, ExpressibleByExtendedGraphemeClusterLiteral,
    ExpressibleByStringLiteral where Value == String {
    /// `label: "x"` for `.value("x")`.
    public init(stringLiteral value: String) { self = .value(value) }
}
extension OrDefault: ExpressibleByBooleanLiteral where Value: ExpressibleByBooleanLiteral {
    /// `active: true` for `.value(true)`.
    public init(booleanLiteral value: Value.BooleanLiteralType) { self = .value(Value(booleanLiteral: value)) }
}
