#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A Swift type that can be stored in a column and bound as a parameter.
///
/// `SQLBase` is the type with optionality removed (`Int64` for both `Int64` and `Int64?`):
/// comparisons between a nullable and a non-nullable column of the same type type-check.
public protocol SQLBindable: Sendable {
    /// The type with optionality removed (`Int64` for `Int64?`).
    associatedtype SQLBase: SQLBindable = Self where SQLBase.SQLBase == SQLBase
    /// The SQL type a column of this Swift type gets unless its descriptor says otherwise.
    static var defaultSQLType: SQLColumnType { get }
    /// Whether `nil` is a value of this type.
    static var isOptional: Bool { get }
    /// The value to bind for a column declared as `type`.
    func sqlValue(for type: SQLColumnType) throws -> SQLValue
    /// Whether the value stands for the column's declared default (``OrDefault/default``):
    /// an inserted model leaves the column out, or writes `DEFAULT`. False for every other type.
    var isSQLDefault: Bool { get }
}

extension SQLBindable {
    /// False: a value of this type is never NULL.
    public static var isOptional: Bool { false }
    /// False: only ``OrDefault/default`` stands for a column's default.
    public var isSQLDefault: Bool { false }
}

extension Bool: SQLBindable {
    /// The type with optionality removed.
    public typealias SQLBase = Bool
    /// The SQL type a column of this type gets unless its descriptor says otherwise.
    public static var defaultSQLType: SQLColumnType { .boolean }
    /// The value to bind for a column declared as `type`; throws ``SQLRenderError`` when it cannot be sent.
    public func sqlValue(for type: SQLColumnType) throws -> SQLValue { .bool(self) }
}

/// Integers bind as 64-bit longs.
public protocol SQLInteger: SQLBindable, BinaryInteger {}
extension SQLInteger {
    /// The value to bind for a column declared as `type`; throws ``SQLRenderError`` when it cannot be sent.
    public func sqlValue(for type: SQLColumnType) throws -> SQLValue {
        guard let v = Int64(exactly: self) else { throw SQLRenderError.valueOutOfRange("\(self)") }
        return .int(v)
    }
}
extension Int: SQLInteger {
    /// The type with optionality removed.
    public typealias SQLBase = Int
    /// The SQL type a column of this type gets unless its descriptor says otherwise.
    public static var defaultSQLType: SQLColumnType { .bigint }
}
extension Int8: SQLInteger {
    /// The type with optionality removed.
    public typealias SQLBase = Int8
    /// The SQL type a column of this type gets unless its descriptor says otherwise.
    public static var defaultSQLType: SQLColumnType { .smallint }
}
extension Int16: SQLInteger {
    /// The type with optionality removed.
    public typealias SQLBase = Int16
    /// The SQL type a column of this type gets unless its descriptor says otherwise.
    public static var defaultSQLType: SQLColumnType { .smallint }
}
extension Int32: SQLInteger {
    /// The type with optionality removed.
    public typealias SQLBase = Int32
    /// The SQL type a column of this type gets unless its descriptor says otherwise.
    public static var defaultSQLType: SQLColumnType { .integer }
}
extension Int64: SQLInteger {
    /// The type with optionality removed.
    public typealias SQLBase = Int64
    /// The SQL type a column of this type gets unless its descriptor says otherwise.
    public static var defaultSQLType: SQLColumnType { .bigint }
}
extension UInt8: SQLInteger {
    /// The type with optionality removed.
    public typealias SQLBase = UInt8
    /// The SQL type a column of this type gets unless its descriptor says otherwise.
    public static var defaultSQLType: SQLColumnType { .smallint }
}
extension UInt16: SQLInteger {
    /// The type with optionality removed.
    public typealias SQLBase = UInt16
    /// The SQL type a column of this type gets unless its descriptor says otherwise.
    public static var defaultSQLType: SQLColumnType { .integer }
}
extension UInt32: SQLInteger {
    /// The type with optionality removed.
    public typealias SQLBase = UInt32
    /// The SQL type a column of this type gets unless its descriptor says otherwise.
    public static var defaultSQLType: SQLColumnType { .bigint }
}
extension UInt64: SQLInteger {
    /// The type with optionality removed.
    public typealias SQLBase = UInt64
    /// The SQL type a column of this type gets unless its descriptor says otherwise.
    public static var defaultSQLType: SQLColumnType { .bigint }
}
extension UInt: SQLInteger {
    /// The type with optionality removed.
    public typealias SQLBase = UInt
    /// The SQL type a column of this type gets unless its descriptor says otherwise.
    public static var defaultSQLType: SQLColumnType { .bigint }
}

extension Double: SQLBindable {
    /// The type with optionality removed.
    public typealias SQLBase = Double
    /// The SQL type a column of this type gets unless its descriptor says otherwise.
    public static var defaultSQLType: SQLColumnType { .double }
    /// The value to bind for a column declared as `type`; throws ``SQLRenderError`` when it cannot be sent.
    public func sqlValue(for type: SQLColumnType) throws -> SQLValue {
        guard isFinite else { throw SQLRenderError.valueOutOfRange("\(self)") }
        return .double(self)
    }
}
extension Float: SQLBindable {
    /// The type with optionality removed.
    public typealias SQLBase = Float
    /// The SQL type a column of this type gets unless its descriptor says otherwise.
    public static var defaultSQLType: SQLColumnType { .real }
    /// The value to bind for a column declared as `type`; throws ``SQLRenderError`` when it cannot be sent.
    public func sqlValue(for type: SQLColumnType) throws -> SQLValue { try Double(self).sqlValue(for: type) }
}

extension String: SQLBindable {
    /// The type with optionality removed.
    public typealias SQLBase = String
    /// The SQL type a column of this type gets unless its descriptor says otherwise.
    public static var defaultSQLType: SQLColumnType { .text }
    /// A string for a uuid, json, date, time, timestamp or decimal column carries that type hint.
    public func sqlValue(for type: SQLColumnType) throws -> SQLValue {
        if let hint = type.hint { return .typed(self, hint) }
        return .string(self)
    }
}

extension Decimal: SQLBindable {
    /// The type with optionality removed.
    public typealias SQLBase = Decimal
    /// The SQL type a column of this type gets unless its descriptor says otherwise.
    public static var defaultSQLType: SQLColumnType { .decimal(precision: 38, scale: 10) }
    /// The value to bind for a column declared as `type`; throws ``SQLRenderError`` when it cannot be sent.
    public func sqlValue(for type: SQLColumnType) throws -> SQLValue {
        guard !isNaN else { throw SQLRenderError.valueOutOfRange("NaN") }
        return .typed(sqlText, .decimal)
    }
}

extension Date: SQLBindable {
    /// The type with optionality removed.
    public typealias SQLBase = Date
    /// The SQL type a column of this type gets unless its descriptor says otherwise.
    public static var defaultSQLType: SQLColumnType { .timestamp }
    /// Written as the column declares it: a timestamp, a timestamp with time zone, a date
    /// or a time of day. The executor formats it in its configured time zone (UTC by
    /// default; always UTC for `timestamptz`).
    public func sqlValue(for type: SQLColumnType) throws -> SQLValue {
        switch type {
        case .date: return .temporal(self, .date)
        case .time: return .temporal(self, .time)
        case .timestamptz: return .temporal(self, .timestamptz)
        default: return .temporal(self, .timestamp)
        }
    }
}

extension UUID: SQLBindable {
    /// The type with optionality removed.
    public typealias SQLBase = UUID
    /// The SQL type a column of this type gets unless its descriptor says otherwise.
    public static var defaultSQLType: SQLColumnType { .uuid }
    /// A uuid column gets the UUID hint; a text column (MySQL's `CHAR(36)`) the plain string.
    public func sqlValue(for type: SQLColumnType) throws -> SQLValue {
        type == .uuid ? .typed(uuidString.lowercased(), .uuid) : .string(uuidString.lowercased())
    }
}

extension Data: SQLBindable {
    /// The type with optionality removed.
    public typealias SQLBase = Data
    /// The SQL type a column of this type gets unless its descriptor says otherwise.
    public static var defaultSQLType: SQLColumnType { .blob }
    /// The value to bind for a column declared as `type`; throws ``SQLRenderError`` when it cannot be sent.
    public func sqlValue(for type: SQLColumnType) throws -> SQLValue { .blob(self) }
}

extension Optional: SQLBindable where Wrapped: SQLBindable {
    /// The type with optionality removed.
    public typealias SQLBase = Wrapped.SQLBase
    /// The SQL type a column of this type gets unless its descriptor says otherwise.
    public static var defaultSQLType: SQLColumnType { Wrapped.defaultSQLType }
    /// True: `nil` binds as SQL NULL.
    public static var isOptional: Bool { true }
    /// Whether the wrapped value stands for the column's default (nil does not).
    public var isSQLDefault: Bool { self?.isSQLDefault ?? false }
    /// The value to bind for a column declared as `type`; throws ``SQLRenderError`` when it cannot be sent.
    public func sqlValue(for type: SQLColumnType) throws -> SQLValue {
        switch self {
        case .none: return .null
        case .some(let v): return try v.sqlValue(for: type)
        }
    }
}

/// Enums backed by a String or an Int store their raw value.
extension SQLBindable where Self: RawRepresentable, RawValue: SQLBindable {
    /// The SQL type a column of this type gets unless its descriptor says otherwise.
    public static var defaultSQLType: SQLColumnType { RawValue.defaultSQLType }
    /// The value to bind for a column declared as `type`; throws ``SQLRenderError`` when it cannot be sent.
    public func sqlValue(for type: SQLColumnType) throws -> SQLValue { try rawValue.sqlValue(for: type) }
}

/// Any Codable value stored as JSON text: `JSONValue(settings)`.
public struct JSONValue<Value: Codable & Sendable & Hashable>: SQLBindable, Codable, Hashable {
    /// The type with optionality removed.
    public typealias SQLBase = JSONValue<Value>
    /// The wrapped value, encoded as JSON text.
    public var value: Value
    /// Wraps a value to store it as JSON.
    public init(_ value: Value) { self.value = value }
    /// The SQL type a column of this type gets unless its descriptor says otherwise.
    public static var defaultSQLType: SQLColumnType { .json }
    /// The value to bind for a column declared as `type`; throws ``SQLRenderError`` when it cannot be sent.
    public func sqlValue(for type: SQLColumnType) throws -> SQLValue {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let text = String(decoding: try encoder.encode(value), as: UTF8.self)
        return type == .json || type == .jsonb ? .typed(text, .json) : .string(text)
    }
    /// Decodes the wrapped value from the JSON document itself.
    public init(from decoder: Decoder) throws { value = try Value(from: decoder) }
    /// Encodes the wrapped value itself, not a wrapper.
    public func encode(to encoder: Encoder) throws { try value.encode(to: encoder) }
}

/// Arrays of scalars, for PostgreSQL array columns: bound as an array literal string and cast
/// (`CAST(:p AS bigint[])`), since the Data API rejects array parameters.
extension Array: SQLBindable where Element: SQLBindable {
    /// The type with optionality removed.
    public typealias SQLBase = [Element]
    /// The SQL type a column of this type gets unless its descriptor says otherwise.
    public static var defaultSQLType: SQLColumnType { .array(Element.defaultSQLType) }
    /// The value to bind for a column declared as `type`; throws ``SQLRenderError`` when it cannot be sent.
    public func sqlValue(for type: SQLColumnType) throws -> SQLValue {
        guard case .array(let elementType) = type else {
            throw SQLRenderError.unsupported(feature: "an array value for a \(type) column", dialect: "any")
        }
        var parts: [String] = []
        for element in self {
            switch try element.sqlValue(for: elementType) {
            case .null: parts.append("NULL")
            case .bool(let b): parts.append(b ? "t" : "f")
            case .int(let i): parts.append(String(i))
            case .double(let d): parts.append(String(d))
            case .string(let s), .typed(let s, _): parts.append(Self.quote(s))
            case .temporal(let d, let kind): parts.append(Self.quote(SQLDateFormat.format(d, kind)))
            case .blob: throw SQLRenderError.unsupported(feature: "arrays of binary values", dialect: "any")
            }
        }
        return .string("{" + parts.joined(separator: ",") + "}")
    }

    /// An element of a PostgreSQL array literal: double-quoted, `"` and `\` escaped.
    static func quote(_ s: String) -> String {
        var out = "\""
        for ch in s.unicodeScalars {
            if ch == "\"" || ch == "\\" { out.append("\\") }
            out.unicodeScalars.append(ch)
        }
        return out + "\""
    }
}
