import Foundation

/// Encodes one model into column values. The column list comes from the descriptors, not
/// from the keys `Encodable` happened to emit: a key that synthesized `encodeIfPresent`
/// dropped is an explicit NULL.
struct SQLRowEncoder {
    let columns: [SQLColumnSchema]

    /// Values by coding key; keys the model did not encode are absent.
    func encode<M: Encodable>(_ model: M) throws -> [String: SQLValue] {
        let storage = Storage(types: Dictionary(columns.map { ($0.key, $0.type) }) { a, _ in a })
        try model.encode(to: RowEncoder(storage: storage))
        return storage.values
    }

    final class Storage {
        let types: [String: SQLColumnType]
        var values: [String: SQLValue] = [:]
        init(types: [String: SQLColumnType]) { self.types = types }
    }

    struct RowEncoder: Encoder {
        let storage: Storage
        var codingPath: [CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }
        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> { KeyedEncodingContainer(Container<Key>(storage: storage)) }
        func unkeyedContainer() -> UnkeyedEncodingContainer { fatalError("a table model encodes as a keyed container") }
        func singleValueContainer() -> SingleValueEncodingContainer { fatalError("a table model encodes as a keyed container") }
    }

    struct Container<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let storage: Storage
        var codingPath: [CodingKey] { [] }

        mutating func encodeNil(forKey key: Key) throws { storage.values[key.stringValue] = .null }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            let type = storage.types[key.stringValue] ?? .text
            if let bindable = value as? any SQLBindable {
                storage.values[key.stringValue] = try bindable.sqlValue(for: type)
                return
            }
            // Any other Codable value is stored as JSON text.
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            let text = String(decoding: try encoder.encode(value), as: UTF8.self)
            storage.values[key.stringValue] = type == .json || type == .jsonb ? .typed(text, .json) : .string(text)
        }
        mutating func nestedContainer<N: CodingKey>(keyedBy: N.Type, forKey key: Key) -> KeyedEncodingContainer<N> {
            fatalError("nested containers are not supported in a table model; store the value as JSONValue")
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
            fatalError("nested containers are not supported in a table model; store the value as JSONValue")
        }
        mutating func superEncoder() -> Encoder { RowEncoder(storage: storage) }
        mutating func superEncoder(forKey key: Key) -> Encoder { RowEncoder(storage: storage) }
    }
}

extension Table {
    /// The coding keys a sample value encodes, minus those with a column descriptor: empty
    /// when every key is covered. Give `sample` non-nil optionals, since synthesized
    /// `Encodable` skips nil keys.
    public static func codingKeysWithoutColumns(sample: Self) throws -> [String] {
        let storage = SQLRowEncoder.Storage(types: [:])
        try sample.encode(to: SQLRowEncoder.RowEncoder(storage: storage))
        let covered = Set(columns.map(\.key))
        return storage.values.keys.filter { !covered.contains($0) }.sorted()
    }
}
