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
        if let failure = storage.failure { throw failure }
        return storage.values
    }

    final class Storage {
        let types: [String: SQLColumnType]
        var values: [String: SQLValue] = [:]
        /// Set when the model encodes in a shape a row cannot hold.
        var failure: SQLRenderError?
        init(types: [String: SQLColumnType]) { self.types = types }
        func fail(_ what: String) {
            if failure == nil { failure = .invalidValue("a table model must encode as one keyed container of column values; it used \(what)") }
        }
    }

    /// Accepts and discards whatever is written, after recording that the shape is wrong.
    struct Discard: UnkeyedEncodingContainer, SingleValueEncodingContainer {
        let storage: Storage
        var codingPath: [CodingKey] { [] }
        var count: Int { 0 }
        mutating func encodeNil() throws {}
        mutating func encode<T: Encodable>(_ value: T) throws {}
        mutating func nestedContainer<N: CodingKey>(keyedBy: N.Type) -> KeyedEncodingContainer<N> {
            KeyedEncodingContainer(Container<N>(storage: Storage(types: [:])))
        }
        mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer { self }
        mutating func superEncoder() -> Encoder { RowEncoder(storage: Storage(types: [:])) }
    }

    struct RowEncoder: Encoder {
        let storage: Storage
        var codingPath: [CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }
        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> { KeyedEncodingContainer(Container<Key>(storage: storage)) }
        func unkeyedContainer() -> UnkeyedEncodingContainer { storage.fail("an unkeyed container"); return Discard(storage: storage) }
        func singleValueContainer() -> SingleValueEncodingContainer { storage.fail("a single value"); return Discard(storage: storage) }
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
            storage.fail("a nested container for \(key.stringValue) (store the value as JSONValue)")
            return KeyedEncodingContainer(Container<N>(storage: Storage(types: [:])))
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
            storage.fail("a nested container for \(key.stringValue) (store the value as JSONValue)")
            return Discard(storage: storage)
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
        if let failure = storage.failure { throw failure }
        let covered = Set(columns.map(\.key))
        return storage.values.keys.filter { !covered.contains($0) }.sorted()
    }
}
