#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Encodes one model into column values. The column list comes from the descriptors, not
/// from the keys `Encodable` happened to emit: a key that synthesized `encodeIfPresent`
/// dropped is an explicit NULL. A key with no descriptor in `columns`, or a property whose
/// Swift type differs from its descriptor's, is a typed error.
struct SQLRowEncoder {
    let model: String
    let columns: [SQLColumnSchema]
    /// Each coding key's position in `columns`, built once for every row this encoder encodes.
    let indexByKey: [String: Int]

    init<M: Table>(_: M.Type) {
        model = String(describing: M.self)
        columns = M.columns
        var index: [String: Int] = [:]
        for (i, c) in M.columns.enumerated() where index[c.key] == nil { index[c.key] = i }
        indexByKey = index
    }

    /// The row's values in `columns` order; NULL for a column the model did not encode.
    func encode<M: Encodable>(_ row: M) throws -> [SQLValue] {
        try encode(row, into: Storage(model: model, columns: columns, indexByKey: indexByKey))
    }

    /// Each row's values, as ``encode(_:)`` gives them, through one storage for all rows.
    func encodeAll<M: Encodable>(_ rows: [M]) throws -> [[SQLValue]] {
        var defaults: [Int: [Int]] = [:]
        return try encodeAll(rows, defaults: &defaults)
    }

    /// Each row's values, and in `defaults`, by row index, the positions whose value was
    /// ``OrDefault/default`` (bound as NULL in the values).
    func encodeAll<M: Encodable>(_ rows: [M], defaults: inout [Int: [Int]]) throws -> [[SQLValue]] {
        let storage = Storage(model: model, columns: columns, indexByKey: indexByKey)
        var out: [[SQLValue]] = []
        out.reserveCapacity(rows.count)
        for (r, row) in rows.enumerated() {
            out.append(try encode(row, into: storage))
            if !storage.state.pointee.defaults.isEmpty { defaults[r] = storage.state.pointee.defaults }
        }
        return out
    }

    private func encode<M: Encodable>(_ row: M, into storage: Storage) throws -> [SQLValue] {
        storage.reset()
        try row.encode(to: RowEncoder(storage: storage))
        if let failure = storage.state.pointee.failure { throw failure }
        return storage.state.pointee.slots
    }

    /// Where encoded values go: by position in the column list (inserts), or by key (the
    /// check for keys without a descriptor, which must also see keys outside the list).
    ///
    /// The column facts a row needs are kept per position (no copy of a whole
    /// `SQLColumnSchema` per value), and the mutable state sits behind a pointer: the class's
    /// own `var`s would cost a dynamic exclusivity check on every access, which was the
    /// largest single cost of encoding a row.
    final class Storage {
        let model: String
        let list: [SQLColumnSchema]
        let keys: [String]
        let types: [SQLColumnType]
        let valueTypes: [SQLValueType]
        let indexByKey: [String: Int]
        /// Whether keys and types are checked against the columns (and values kept by position).
        let checks: Bool
        let state: UnsafeMutablePointer<State>

        struct State {
            /// The values by position, when `checks`.
            var slots: [SQLValue]
            /// The values by key, when not `checks`.
            var values: [String: SQLValue] = [:]
            /// The position the next key is expected at: models encode in declaration order.
            var cursor = 0
            /// Set when the model encodes in a shape a row cannot hold.
            var failure: SQLRenderError?
            /// The positions whose value was ``OrDefault/default``.
            var defaults: [Int] = []
        }

        convenience init(model: String, columns: [SQLColumnSchema], checks: Bool = true) {
            var index: [String: Int] = [:]
            for (i, c) in columns.enumerated() where index[c.key] == nil { index[c.key] = i }
            self.init(model: model, columns: columns, indexByKey: index, checks: checks)
        }

        init(model: String, columns: [SQLColumnSchema], indexByKey: [String: Int], checks: Bool = true) {
            self.model = model
            list = columns
            keys = columns.map(\.key)
            types = columns.map(\.type)
            valueTypes = columns.map(\.valueType)
            self.indexByKey = indexByKey
            self.checks = checks
            state = .allocate(capacity: 1)
            state.initialize(to: State(slots: []))
            reset()
        }

        deinit {
            state.deinitialize(count: 1)
            state.deallocate()
        }

        /// Ready for the next row.
        func reset() {
            state.pointee = State(slots: checks ? Array(repeating: .null, count: list.count) : [])
        }

        /// The position of `key` in the column list: the expected one first, then a lookup.
        @inline(__always)
        func position(_ key: String) -> Int? {
            let c = state.pointee.cursor
            if c < keys.count, keys[c] == key {
                state.pointee.cursor = c + 1
                return c
            }
            guard let i = indexByKey[key] else { return nil }
            state.pointee.cursor = i + 1
            return i
        }

        /// Records `value` for `key` at `position`.
        @inline(__always)
        func store(_ value: SQLValue, key: String, at position: Int?) {
            if checks {
                if let position { state.pointee.slots[position] = value }
            } else {
                state.pointee.values[key] = value
            }
        }

        func fail(_ error: SQLRenderError) {
            if state.pointee.failure == nil { state.pointee.failure = error }
        }
        func fail(shape what: String) {
            fail(.invalidValue("a table model must encode as one keyed container of column values; it used \(what)"))
        }

        /// Whether `key` has a descriptor (at `position`); records that it has none.
        @inline(__always)
        func declared(_ key: String, at position: Int?) -> Bool {
            if position != nil { return true }
            if checks { fail(.undeclaredColumn(model: model, key: key)) }
            return false
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
            let name = key.stringValue
            let position = storage.position(name)
            _ = storage.declared(name, at: position)
            storage.store(.null, key: name, at: position)
        }

        // The standard library's own value types arrive here, statically typed, from a
        // synthesized `encode(to:)`: no dynamic cast per value.
        mutating func encode(_ value: String, forKey key: Key) throws { try bindable(value, forKey: key) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { try bindable(value, forKey: key) }
        mutating func encode(_ value: Int, forKey key: Key) throws { try bindable(value, forKey: key) }
        mutating func encode(_ value: Int32, forKey key: Key) throws { try bindable(value, forKey: key) }
        mutating func encode(_ value: Int16, forKey key: Key) throws { try bindable(value, forKey: key) }
        mutating func encode(_ value: Double, forKey key: Key) throws { try bindable(value, forKey: key) }
        mutating func encode(_ value: Float, forKey key: Key) throws { try bindable(value, forKey: key) }
        mutating func encode(_ value: Bool, forKey key: Key) throws { try bindable(value, forKey: key) }
        mutating func encode(_ value: Int8, forKey key: Key) throws { try bindable(value, forKey: key) }
        mutating func encode(_ value: UInt, forKey key: Key) throws { try bindable(value, forKey: key) }
        mutating func encode(_ value: UInt8, forKey key: Key) throws { try bindable(value, forKey: key) }
        mutating func encode(_ value: UInt16, forKey key: Key) throws { try bindable(value, forKey: key) }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { try bindable(value, forKey: key) }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { try bindable(value, forKey: key) }

        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            // Foundation's value types by identity first (a metadata comparison), the rest by a
            // cast to the protocol (a conformance lookup).
            if T.self == Date.self { return try bindable(unsafeBitCast(value, to: Date.self), forKey: key) }
            if T.self == Decimal.self { return try bindable(unsafeBitCast(value, to: Decimal.self), forKey: key) }
            if T.self == Data.self { return try bindable(unsafeBitCast(value, to: Data.self), forKey: key) }
            if T.self == UUID.self { return try bindable(unsafeBitCast(value, to: UUID.self), forKey: key) }
            if let bindable = value as? any SQLBindable { return try self.bindable(bindable, forKey: key) }
            let name = key.stringValue
            let position = storage.position(name)
            _ = storage.declared(name, at: position)
            let type = position.map { storage.types[$0] } ?? .text
            // Any other Codable value is stored as JSON text, in a JSON (or text) column.
            if let position, storage.checks, type != .json, type != .jsonb {
                storage.fail(.columnTypeMismatch(
                    model: storage.model,
                    key: name,
                    declared: storage.valueTypes[position].name,
                    actual: String(describing: T.self)
                ))
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            let text = String(decoding: try encoder.encode(value), as: UTF8.self)
            let stored: SQLValue = type == .json || type == .jsonb ? .typed(text, .json) : .string(text)
            storage.store(stored, key: name, at: position)
        }

        /// Stores a bindable value, after checking its Swift type against the descriptor's.
        @inline(__always)
        private mutating func bindable<V: SQLBindable>(_ value: V, forKey key: Key) throws {
            let name = key.stringValue
            let position = storage.position(name)
            guard let position else {
                _ = storage.declared(name, at: nil)
                storage.store(try value.sqlValue(for: .text), key: name, at: nil)
                return
            }
            if storage.checks, !storage.valueTypes[position].matches(V.SQLBase.self) {
                storage.fail(.columnTypeMismatch(
                    model: storage.model,
                    key: name,
                    declared: storage.valueTypes[position].name,
                    actual: String(describing: V.SQLBase.self)
                ))
            }
            if value.isSQLDefault {
                storage.state.pointee.defaults.append(position)
                return storage.store(.null, key: name, at: position)
            }
            storage.store(try value.sqlValue(for: storage.types[position]), key: name, at: position)
        }

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
        if let failure = storage.state.pointee.failure { throw failure }
        let covered = Set(columns.map(\.key))
        return storage.state.pointee.values.keys.filter { !covered.contains($0) }.sorted()
    }
}

extension Table {
    /// The model's values in `columns` order, as an insert binds them (a key the model did
    /// not encode is NULL).
    public static func columnValues(of model: Self) throws -> [SQLValue] {
        try SQLRowEncoder(Self.self).encode(model)
    }
}
