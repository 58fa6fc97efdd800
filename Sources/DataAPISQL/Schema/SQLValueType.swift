/// The Swift type a column holds, with optionality removed (`Int64` for `Int64?`): what
/// the row encoder and the executor's decoder compare a model's property type against.
public struct SQLValueType: Sendable, Hashable, CustomStringConvertible {
    let id: ObjectIdentifier
    /// The type's name (`Int64`, `JSONValue<Settings>`).
    public let name: String

    /// The identity of `type`.
    public init(_ type: Any.Type) {
        id = ObjectIdentifier(type)
        name = String(describing: type)
    }

    /// The base type of a bindable value type (`Int64` for `Int64?`).
    public static func of<V: SQLBindable>(_: V.Type) -> SQLValueType { SQLValueType(V.SQLBase.self) }

    /// Whether `type` is this type.
    public func matches(_ type: Any.Type) -> Bool { ObjectIdentifier(type) == id }

    /// The type's name (`Int64`).
    public var description: String { name }
}
