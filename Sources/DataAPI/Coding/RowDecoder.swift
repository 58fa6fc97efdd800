import DataAPIClient
import DataAPISQL
import Foundation

/// Decodes rows into a `Decodable` model by position: each property's coding key is matched
/// to its column through the plan, following the order the model asked for keys in the
/// previous row, so a model whose properties decode in column order does one string
/// comparison per value and no dictionary lookup. One decoder serves every row of a result.
final class RowDecoder {
    let plan: DecodingPlan
    /// The columns this model reads (a pair of models splits a row in two).
    let range: Range<Int>
    /// The type decoded, named in errors only (naming a type is not free).
    let modelType: Any.Type
    var model: String { String(describing: modelType) }
    // One decoder serves one result on one task at a time; the per-access exclusivity
    // checks of class properties would cost more than the decoding itself.
    @exclusivity(unchecked) var row: [Field] = []
    @exclusivity(unchecked) var rowIndex = 0
    /// The column the next key is expected at.
    @exclusivity(unchecked) var cursor: Int

    init(plan: DecodingPlan, range: Range<Int>? = nil, model: Any.Type) {
        self.plan = plan
        self.range = range ?? 0..<plan.columns.count
        modelType = model
        cursor = self.range.lowerBound
    }

    /// Decodes `row` (the `index`th of the result) as `T`.
    func decode<T: Decodable>(_: T.Type, row: [Field], index: Int) throws -> T {
        guard row.count >= range.upperBound else {
            throw error(property: nil, column: nil, arrived: "a row of \(row.count) fields",
                        reason: "the statement declares \(plan.columns.count) columns")
        }
        self.row = row
        rowIndex = index
        cursor = range.lowerBound
        do {
            return try T(from: ModelDecoder(state: self))
        } catch let e as RowDecodingError {
            throw e
        } catch let e as DecodingError {
            throw error(property: Self.path(e), column: nil, arrived: "a value", reason: FieldDecoding.shape(e))
        }
    }

    /// Every record decoded as `T`.
    func decodeAll<T: Decodable>(_: T.Type, _ records: [[Field]]) throws -> [T] {
        var out: [T] = []
        out.reserveCapacity(records.count)
        for (i, row) in records.enumerated() { out.append(try decode(T.self, row: row, index: i)) }
        return out
    }

    /// The column index of `key`: the expected position first, then a search.
    @inline(__always)
    func index(of key: String) throws -> Int {
        let c = cursor
        if c < range.upperBound, plan.keys[c] == key {
            cursor = c + 1
            return c
        }
        // `decodeIfPresent` asks for the same key twice (nil check, then value).
        if c > range.lowerBound, plan.keys[c - 1] == key { return c - 1 }
        guard let i = plan.index(of: key, in: range) else {
            throw error(property: key, column: nil, arrived: "no column",
                        reason: "the result has no column for this property (is it missing from \(model).columns?)")
        }
        cursor = i + 1
        return i
    }

    func value<T: Decodable>(_: T.Type, key: String) throws -> T {
        let i = try index(of: key)
        let column = plan.columns[i]
        if let declared = column.valueType, !declared.matches(T.self), !declared.matches(Self.base(T.self)),
           !Self.isJSONStored(T.self, column), !Self.bindableBase(T.self, matches: declared) {
            throw error(property: key, column: i, arrived: FieldDecoding.kind(row[i]),
                        reason: "the property is \(T.self) but its column descriptor declares \(declared)")
        }
        do {
            return try FieldDecoding.value(T.self, row[i], column, plan.temporal)
        } catch let m as FieldMismatch {
            throw error(property: key, column: i, arrived: FieldDecoding.kind(row[i]), reason: m.reason)
        }
    }

    func isNull(key: String) throws -> Bool { row[try index(of: key)].isSQLNull }

    static func base(_ t: Any.Type) -> Any.Type { (t as? any OptionalFieldDecodable.Type)?.wrappedType ?? t }

    /// Whether `t` is a bindable wrapper of the declared type (`OrDefault<Int32>` for `Int32`).
    static func bindableBase(_ t: Any.Type, matches declared: SQLValueType) -> Bool {
        func sqlBase<B: SQLBindable>(_: B.Type) -> Any.Type { B.SQLBase.self }
        guard let bindable = t as? any SQLBindable.Type else { return false }
        return declared.matches(sqlBase(bindable))
    }

    /// A plain Codable property stored in a JSON column is not itself bindable.
    static func isJSONStored(_ t: Any.Type, _ column: DecodingColumn) -> Bool {
        !(base(t) is any SQLBindable.Type) && (column.sqlType == .json || column.sqlType == .jsonb)
    }

    func error(property: String?, column: Int?, arrived: String, reason: String) -> RowDecodingError {
        let c = column.map { plan.columns[$0] }
        return RowDecodingError(
            model: model, property: property, column: c.map { $0.label ?? "#\(column! + 1)" } ?? property ?? "-",
            sqlType: c?.typeDescription ?? "-", arrived: arrived, reason: reason, rowIndex: rowIndex, sql: plan.sql)
    }

    static func path(_ e: DecodingError) -> String? {
        switch e {
        case .keyNotFound(let k, _): k.stringValue
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c): c.codingPath.last?.stringValue
        @unknown default: nil
        }
    }
}

/// The `Decoder` a model's `init(from:)` sees: one keyed container over the row.
struct ModelDecoder: Decoder {
    let state: RowDecoder
    var codingPath: [CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(RowContainer<Key>(state: state))
    }
    func unkeyedContainer() throws -> UnkeyedDecodingContainer {
        throw state.error(
            property: nil, column: nil, arrived: "a row", reason: "a model must decode from a keyed container")
    }
    func singleValueContainer() throws -> SingleValueDecodingContainer {
        throw state.error(
            property: nil, column: nil, arrived: "a row", reason: "a model must decode from a keyed container")
    }
}

struct RowContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let state: RowDecoder
    var codingPath: [CodingKey] { [] }
    var allKeys: [Key] { state.range.compactMap { Key(stringValue: state.plan.keys[$0]) } }

    /// Every key is "present": a key the result lacks fails in `decodeNil`/`decode` with
    /// a typed error, never as a silent nil.
    func contains(_ key: Key) -> Bool { true }
    func decodeNil(forKey key: Key) throws -> Bool { try state.isNull(key: key.stringValue) }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try state.value(Bool.self, key: key.stringValue) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String {
        try state.value(String.self, key: key.stringValue)
    }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
        try state.value(Double.self, key: key.stringValue)
    }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float {
        try state.value(Float.self, key: key.stringValue)
    }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try state.value(Int.self, key: key.stringValue) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try state.value(Int8.self, key: key.stringValue) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 {
        try state.value(Int16.self, key: key.stringValue)
    }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 {
        try state.value(Int32.self, key: key.stringValue)
    }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 {
        try state.value(Int64.self, key: key.stringValue)
    }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try state.value(UInt.self, key: key.stringValue) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 {
        try state.value(UInt8.self, key: key.stringValue)
    }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 {
        try state.value(UInt16.self, key: key.stringValue)
    }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 {
        try state.value(UInt32.self, key: key.stringValue)
    }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 {
        try state.value(UInt64.self, key: key.stringValue)
    }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try state.value(T.self, key: key.stringValue)
    }

    func nestedContainer<N: CodingKey>(keyedBy type: N.Type, forKey key: Key) throws -> KeyedDecodingContainer<N> {
        throw state.error(property: key.stringValue, column: nil, arrived: "a column",
                          reason: "a nested container cannot be read from one column (store the value as JSONValue)")
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> UnkeyedDecodingContainer {
        throw state.error(property: key.stringValue, column: nil, arrived: "a column",
                          reason: "a nested container cannot be read from one column (store the value as JSONValue)")
    }
    func superDecoder() throws -> Decoder { ModelDecoder(state: state) }
    func superDecoder(forKey key: Key) throws -> Decoder { ModelDecoder(state: state) }
}
