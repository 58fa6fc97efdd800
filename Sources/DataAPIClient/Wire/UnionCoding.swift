#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A coding key that accepts any member name; used to read tagged unions member by member.
struct AnyCodingKey: CodingKey, Hashable {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { self.stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { return nil }
}

/// Shared rules for the model's tagged unions (`Field`, `ArrayValue`, `Value`).
///
/// A union must have exactly one non-null member, as botocore requires
/// ("must have one and only one member set"). A single member whose name the model
/// does not know is returned as `nil` key so the caller can produce its `unknown` case.
enum UnionDecoding {
    static func singleMember(
        of shape: String, in decoder: Decoder
    ) throws -> (container: KeyedDecodingContainer<AnyCodingKey>, key: AnyCodingKey) {
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        var present: [AnyCodingKey] = []
        for key in container.allKeys where try !container.decodeNil(forKey: key) {
            present.append(key)
        }
        guard present.count == 1 else {
            let names = present.map(\.stringValue).sorted().joined(separator: ", ")
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "\(shape) must have one and only one member set, found \(present.count)"
                    + (names.isEmpty ? "" : " (\(names))")))
        }
        return (container, present[0])
    }

    static func decodeBlob(
        _ container: KeyedDecodingContainer<AnyCodingKey>, _ key: AnyCodingKey
    ) throws -> Data {
        let text = try container.decode(String.self, forKey: key)
        guard let data = Data(base64Encoded: text) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: container, debugDescription: "\(key.stringValue) is not valid base64")
        }
        return data
    }

    static func unknownMember(_ name: String, shape: String, encoder: Encoder) -> EncodingError {
        EncodingError.invalidValue(name, .init(
            codingPath: encoder.codingPath,
            debugDescription: "cannot send the unknown \(shape) member '\(name)'"))
    }
}
