#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A value in a Data API request parameter or result cell: the model's `Field` union.
///
/// Exactly one member is ever set. `unknown` holds the name of a member this version of
/// the library does not know, so that a newer service does not fail a whole response.
public enum Field: Sendable, Hashable, Codable {
    /// `{"isNull": true}`. Use ``Field/null`` for SQL NULL.
    case isNull(Bool)
    /// A boolean.
    case booleanValue(Bool)
    /// A 64-bit integer.
    case longValue(Int64)
    /// A double.
    case doubleValue(Double)
    /// A string; also decimals, dates and times, read with a ``TypeHint``.
    case stringValue(String)
    /// Raw bytes; base64 on the wire.
    case blobValue(Data)
    /// An array (results only; the service refuses array parameters).
    case arrayValue(ArrayValue)
    /// A member this library does not know (its name); never sent.
    case unknown(String)

    /// SQL NULL: `{"isNull": true}`.
    public static let null = Field.isNull(true)

    /// Whether this field is SQL NULL.
    public var isSQLNull: Bool { if case .isNull(true) = self { true } else { false } }

    /// Decodes the one member that is set; an unknown member becomes ``unknown(_:)``.
    public init(from decoder: Decoder) throws {
        let (c, key) = try UnionDecoding.singleMember(of: "Field", in: decoder)
        switch key.stringValue {
        case "isNull": self = .isNull(try c.decode(Bool.self, forKey: key))
        case "booleanValue": self = .booleanValue(try c.decode(Bool.self, forKey: key))
        case "longValue": self = .longValue(try c.decode(Int64.self, forKey: key))
        case "doubleValue": self = .doubleValue(try c.decode(Double.self, forKey: key))
        case "stringValue": self = .stringValue(try c.decode(String.self, forKey: key))
        case "blobValue": self = .blobValue(try UnionDecoding.decodeBlob(c, key))
        case "arrayValue": self = .arrayValue(try c.decode(ArrayValue.self, forKey: key))
        default: self = .unknown(key.stringValue)
        }
    }

    /// Encodes the one member that is set; throws for ``unknown(_:)``.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: AnyCodingKey.self)
        switch self {
        case .isNull(let v): try c.encode(v, forKey: .init("isNull"))
        case .booleanValue(let v): try c.encode(v, forKey: .init("booleanValue"))
        case .longValue(let v): try c.encode(v, forKey: .init("longValue"))
        case .doubleValue(let v): try c.encode(v, forKey: .init("doubleValue"))
        case .stringValue(let v): try c.encode(v, forKey: .init("stringValue"))
        case .blobValue(let v): try c.encode(v.base64EncodedString(), forKey: .init("blobValue"))
        case .arrayValue(let v): try c.encode(v, forKey: .init("arrayValue"))
        case .unknown(let name): throw UnionDecoding.unknownMember(name, shape: "Field", encoder: encoder)
        }
    }
}

/// An array in a result (`arrayValue`): the model's `ArrayValue` union. Entries may be null.
public enum ArrayValue: Sendable, Hashable, Codable {
    /// Booleans.
    case booleanValues([Bool?])
    /// 64-bit integers.
    case longValues([Int64?])
    /// Doubles.
    case doubleValues([Double?])
    /// Strings.
    case stringValues([String?])
    /// Nested arrays (multi-dimensional results).
    case arrayValues([ArrayValue])
    /// A member this library does not know (its name); never sent.
    case unknown(String)

    /// Decodes the one member that is set; an unknown member becomes ``unknown(_:)``.
    public init(from decoder: Decoder) throws {
        let (c, key) = try UnionDecoding.singleMember(of: "ArrayValue", in: decoder)
        switch key.stringValue {
        case "booleanValues": self = .booleanValues(try c.decode([Bool?].self, forKey: key))
        case "longValues": self = .longValues(try c.decode([Int64?].self, forKey: key))
        case "doubleValues": self = .doubleValues(try c.decode([Double?].self, forKey: key))
        case "stringValues": self = .stringValues(try c.decode([String?].self, forKey: key))
        case "arrayValues": self = .arrayValues(try c.decode([ArrayValue].self, forKey: key))
        default: self = .unknown(key.stringValue)
        }
    }

    /// Encodes the one member that is set; throws for ``unknown(_:)``.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: AnyCodingKey.self)
        switch self {
        case .booleanValues(let v): try c.encode(v, forKey: .init("booleanValues"))
        case .longValues(let v): try c.encode(v, forKey: .init("longValues"))
        case .doubleValues(let v): try c.encode(v, forKey: .init("doubleValues"))
        case .stringValues(let v): try c.encode(v, forKey: .init("stringValues"))
        case .arrayValues(let v): try c.encode(v, forKey: .init("arrayValues"))
        case .unknown(let name): throw UnionDecoding.unknownMember(name, shape: "ArrayValue", encoder: encoder)
        }
    }
}

extension Field: CustomStringConvertible {
    /// The member and its value: `longValue(1)`, `stringValue("Ada")`, `isNull`, `blobValue(3 bytes)`.
    public var description: String {
        switch self {
        case .isNull(let v): v ? "isNull" : "isNull(false)"
        case .booleanValue(let v): "booleanValue(\(v))"
        case .longValue(let v): "longValue(\(v))"
        case .doubleValue(let v): "doubleValue(\(v))"
        case .stringValue(let v): "stringValue(\(String(reflecting: v)))"
        case .blobValue(let v): "blobValue(\(v.count) bytes)"
        case .arrayValue(let v): "arrayValue(\(v))"
        case .unknown(let name): "unknown(\(name))"
        }
    }
}
