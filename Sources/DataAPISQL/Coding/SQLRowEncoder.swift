import Foundation

/// Encodes one model into column values. The column list comes from the descriptors, not
/// from the keys `Encodable` happened to emit: a key that synthesized `encodeIfPresent`
/// dropped is an explicit NULL. A key with no descriptor in `columns`, or a property whose
/// Swift type differs from its descriptor's, is a typed error.
struct SQLRowEncoder {
    let model: String
    let columns: [SQLColumnSchema]
    /// The descriptors by coding key, built once for every row this encoder encodes.
    let columnsByKey: [String: SQLColumnSchema]

    init<M: Table>(_: M.Type) {
        model = String(describing: M.self)
        columns = M.columns
        columnsByKey = Storage.byKey(M.columns)
    }

    /// Values by coding key; keys the model did not encode are absent.
    func encode<M: Encodable>(_ row: M) throws -> [String: SQLValue] {
        let storage = Storage(model: model, columnsByKey: columnsByKey, count: columns.count)
        try row.encode(to: RowEncoder(storage: storage))
        if let failure = storage.failure { throw failure }
        return storage.values
    }

    final class Storage {
        let model: String
        let columns: [String: SQLColumnSchema]
        /// Whether keys and types are checked against the columns.
        let checks: Bool
        var values: [String: SQLValue] = [:]
        /// Set when the model encodes in a shape a row cannot hold.
        var failure: SQLRenderError?

        init(model: String, columns: [SQLColumnSchema], checks: Bool = true) {
            self.model = model
            self.columns = Self.byKey(columns)
            self.checks = checks
        }

        init(model: String, columnsByKey: [String: SQLColumnSchema], count: Int) {
            self.model = model
            columns = columnsByKey
            checks = true
            values.reserveCapacity(count)
        }

        static func byKey(_ columns: [SQLColumnSchema]) -> [String: SQLColumnSchema] {
            Dictionary(columns.map { ($0.key, $0) }) { a, _ in a }
        }

        func fail(_ error: SQLRenderError) {
            if failure == nil { failure = error }
        }
        func fail(shape what: String) {
            fail(.invalidValue("a table model must encode as one keyed container of column values; it used \(what)"))
        }

        /// The descriptor for `key`, or nil after recording that there is none.
        func column(_ key: String) -> SQLColumnSchema? {
            if let c = columns[key] { return c }
            if checks { fail(.undeclaredColumn(model: model, key: key)) }
            return nil
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
            KeyedEncodingContainer(Container<N>(storage: Storage(model: "", columns: [], checks: false)))
        }
        mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer { self }
        mutating func superEncoder() -> Encoder { RowEncoder(storage: Storage(model: "", columns: [], checks: false)) }
    }

    struct RowEncoder: Encoder {
        let storage: Storage
        var codingPath: [CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }
        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            KeyedEncodingContainer(Container<Key>(storage: storage))
        }
        func unkeyedContainer() -> UnkeyedEncodingContainer {
            storage.fail(shape: "an unkeyed container")
            return Discard(storage: storage)
        }
        func singleValueContainer() -> SingleValueEncodingContainer {
            storage.fail(shape: "a single value")
            return Discard(storage: storage)
        }
    }

    struct Container<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let storage: Storage
        var codingPath: [CodingKey] { [] }

        mutating func encodeNil(forKey key: Key) throws {
            _ = storage.column(key.stringValue)
            storage.values[key.stringValue] = .null
        }

        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            let name = key.stringValue
            let column = storage.column(name)
            let type = column?.type ?? .text
            if let bindable = value as? any SQLBindable {
                if let column, storage.checks, !column.valueType.matches(Self.baseType(of: bindable)) {
                    storage.fail(.columnTypeMismatch(model: storage.model, key: name, declared: column.valueType.name,
                                                     actual: String(describing: Self.baseType(of: bindable))))
                }
                storage.values[name] = try bindable.sqlValue(for: type)
                return
            }
            // Any other Codable value is stored as JSON text, in a JSON (or text) column.
            if let column, storage.checks, type != .json, type != .jsonb {
                storage.fail(.columnTypeMismatch(model: storage.model, key: name, declared: column.valueType.name,
                                                 actual: String(describing: T.self)))
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            let text = String(decoding: try encoder.encode(value), as: UTF8.self)
            storage.values[name] = type == .json || type == .jsonb ? .typed(text, .json) : .string(text)
        }

        static func baseType(of value: some SQLBindable) -> Any.Type { baseType(type(of: value)) }
        static func baseType<V: SQLBindable>(_: V.Type) -> Any.Type { V.SQLBase.self }

        mutating func nestedContainer<N: CodingKey>(keyedBy: N.Type, forKey key: Key) -> KeyedEncodingContainer<N> {
            storage.fail(shape: "a nested container for \(key.stringValue) (store the value as JSONValue)")
            return KeyedEncodingContainer(Container<N>(storage: Storage(model: "", columns: [], checks: false)))
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
            storage.fail(shape: "a nested container for \(key.stringValue) (store the value as JSONValue)")
            return Discard(storage: storage)
        }
        mutating func superEncoder() -> Encoder { RowEncoder(storage: storage) }
        mutating func superEncoder(forKey key: Key) -> Encoder { RowEncoder(storage: storage) }
    }
}

extension Table {
    /// The coding keys a sample value encodes, minus those with a column descriptor: empty
    /// when every key is covered. Give `sample` non-nil optionals, since synthesized
    /// `Encodable` skips nil keys. (Inserts make the same check and throw
    /// ``SQLRenderError/undeclaredColumn(model:key:)``.)
    public static func codingKeysWithoutColumns(sample: Self) throws -> [String] {
        let storage = SQLRowEncoder.Storage(model: "\(Self.self)", columns: columns, checks: false)
        try sample.encode(to: SQLRowEncoder.RowEncoder(storage: storage))
        if let failure = storage.failure { throw failure }
        let covered = Set(columns.map(\.key))
        return storage.values.keys.filter { !covered.contains($0) }.sorted()
    }
}

extension Table {
    /// The model's values in `columns` order, as an insert binds them (a key the model did
    /// not encode is NULL).
    public static func columnValues(of model: Self) throws -> [SQLValue] {
        let encoded = try SQLRowEncoder(Self.self).encode(model)
        return columns.map { encoded[$0.key] ?? .null }
    }
}
