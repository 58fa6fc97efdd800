#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A value in a result of the deprecated `ExecuteSql` operation: the model's `Value` union.
public enum ExecuteSqlValue: Sendable, Hashable, Codable {
    /// `{"isNull": true}`: SQL NULL.
    case isNull(Bool)
    /// A bit or boolean.
    case bitValue(Bool)
    /// A 64-bit integer.
    case bigIntValue(Int64)
    /// A 32-bit integer.
    case intValue(Int32)
    /// A double.
    case doubleValue(Double)
    /// A single-precision float.
    case realValue(Float)
    /// A string.
    case stringValue(String)
    /// Raw bytes; base64 on the wire.
    case blobValue(Data)
    /// An array of values.
    case arrayValues([ExecuteSqlValue])
    /// A structure of values.
    case structValue(ExecuteSqlStructValue)
    /// A member this library does not know (its name); never sent.
    case unknown(String)

    /// Decodes the one member that is set; an unknown member becomes ``unknown(_:)``.
    public init(from decoder: Decoder) throws {
        let (c, key) = try UnionDecoding.singleMember(of: "Value", in: decoder)
        switch key.stringValue {
        case "isNull": self = .isNull(try c.decode(Bool.self, forKey: key))
        case "bitValue": self = .bitValue(try c.decode(Bool.self, forKey: key))
        case "bigIntValue": self = .bigIntValue(try c.decode(Int64.self, forKey: key))
        case "intValue": self = .intValue(try c.decode(Int32.self, forKey: key))
        case "doubleValue": self = .doubleValue(try c.decode(Double.self, forKey: key))
        case "realValue": self = .realValue(try c.decode(Float.self, forKey: key))
        case "stringValue": self = .stringValue(try c.decode(String.self, forKey: key))
        case "blobValue": self = .blobValue(try UnionDecoding.decodeBlob(c, key))
        case "arrayValues": self = .arrayValues(try c.decode([ExecuteSqlValue].self, forKey: key))
        case "structValue": self = .structValue(try c.decode(ExecuteSqlStructValue.self, forKey: key))
        default: self = .unknown(key.stringValue)
        }
    }

    /// Encodes the one member that is set; throws for ``unknown(_:)``.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: AnyCodingKey.self)
        switch self {
        case .isNull(let v): try c.encode(v, forKey: .init("isNull"))
        case .bitValue(let v): try c.encode(v, forKey: .init("bitValue"))
        case .bigIntValue(let v): try c.encode(v, forKey: .init("bigIntValue"))
        case .intValue(let v): try c.encode(v, forKey: .init("intValue"))
        case .doubleValue(let v): try c.encode(v, forKey: .init("doubleValue"))
        case .realValue(let v): try c.encode(v, forKey: .init("realValue"))
        case .stringValue(let v): try c.encode(v, forKey: .init("stringValue"))
        case .blobValue(let v): try c.encode(v.base64EncodedString(), forKey: .init("blobValue"))
        case .arrayValues(let v): try c.encode(v, forKey: .init("arrayValues"))
        case .structValue(let v): try c.encode(v, forKey: .init("structValue"))
        case .unknown(let name): throw UnionDecoding.unknownMember(name, shape: "Value", encoder: encoder)
        }
    }
}

/// A structured value in an `ExecuteSql` result (the model's `StructValue`).
public struct ExecuteSqlStructValue: Sendable, Hashable, Codable {
    /// The structure's values, in order.
    public var attributes: [ExecuteSqlValue]?
    /// Creates a value with the given members; each defaults to unset.
    public init(attributes: [ExecuteSqlValue]? = nil) { self.attributes = attributes }
}
