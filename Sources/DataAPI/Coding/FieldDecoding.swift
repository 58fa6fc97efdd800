import DataAPIClient
import DataAPISQL
import Foundation

/// Why one field cannot become the requested Swift value; the caller adds the context
/// (model, property, column, SQL) to make a ``RowDecodingError``.
struct FieldMismatch: Error {
    let reason: String
}

/// Reads one result field as a Swift value, accepting each exact shape the Data API sends
/// for it: `SUM`/`AVG` and DECIMAL as numeric strings, MySQL booleans as `longValue` 0/1,
/// JSON as text, dates as text in the configured zone. Nothing lossy is accepted silently.
enum FieldDecoding {
    static func value<T: Decodable>(
        _ type: T.Type, _ field: Field, _ column: DecodingColumn, _ temporal: TemporalCoding
    ) throws -> T {
        if T.self == String.self { return unsafeBitCast(try string(field), to: T.self) }
        if T.self == Int64.self { return unsafeBitCast(try int64(field), to: T.self) }
        if T.self == Int.self { return unsafeBitCast(Int(try int64(field)), to: T.self) }
        if T.self == Double.self { return unsafeBitCast(try double(field), to: T.self) }
        if T.self == Bool.self { return unsafeBitCast(try bool(field), to: T.self) }
        if T.self == Decimal.self { return unsafeBitCast(try decimal(field), to: T.self) }
        if T.self == Date.self { return unsafeBitCast(try date(field, column, temporal), to: T.self) }
        if T.self == Data.self { return unsafeBitCast(try data(field), to: T.self) }
        if T.self == UUID.self { return unsafeBitCast(try uuid(field), to: T.self) }
        if T.self == Int32.self { return unsafeBitCast(try narrow(field, Int32.self), to: T.self) }
        if T.self == Int16.self { return unsafeBitCast(try narrow(field, Int16.self), to: T.self) }
        if T.self == Int8.self { return unsafeBitCast(try narrow(field, Int8.self), to: T.self) }
        if T.self == UInt8.self { return unsafeBitCast(try narrow(field, UInt8.self), to: T.self) }
        if T.self == UInt16.self { return unsafeBitCast(try narrow(field, UInt16.self), to: T.self) }
        if T.self == UInt32.self { return unsafeBitCast(try narrow(field, UInt32.self), to: T.self) }
        if T.self == UInt64.self { return unsafeBitCast(try narrow(field, UInt64.self), to: T.self) }
        if T.self == UInt.self { return unsafeBitCast(try narrow(field, UInt.self), to: T.self) }
        if T.self == Float.self { return unsafeBitCast(Float(try double(field)), to: T.self) }
        if let optional = T.self as? any OptionalFieldDecodable.Type {
            return try optional.decodeOptional(field, column, temporal) as! T
        }
        if let array = T.self as? any ArrayFieldDecodable.Type {
            return try array.decodeArray(field, column, temporal) as! T
        }
        if field.isSQLNull { throw FieldMismatch(reason: "NULL arrived for a non-optional \(T.self)") }
        if T.self is any SQLBindable.Type {
            // Enums and JSONValue: through their own Decodable, over this one field.
            do {
                return try T(from: SingleFieldDecoder(field: field, column: column, temporal: temporal))
            } catch is NeedsJSON {
                return try json(T.self, field)
            } catch let e as FieldMismatch {
                throw e
            } catch {
                // The error's text can quote the value (an enum's unknown raw value).
                throw FieldMismatch(reason: "\(T.self) could not be made from it (not one of its values)")
            }
        }
        // Any other Codable value is stored as JSON text.
        return try json(T.self, field)
    }

    static func string(_ f: Field) throws -> String {
        if case .stringValue(let s) = f { return s }
        throw mismatch(f, "String")
    }

    static func int64(_ f: Field) throws -> Int64 {
        switch f {
        case .longValue(let v): return v
        case .stringValue(let s):
            // SUM of integers (PostgreSQL numeric, MySQL DECIMAL) and longReturnType STRING.
            if let v = exactInteger(s) { return v }
            throw FieldMismatch(reason: "the text is not an integer that fits Int64")
        case .doubleValue(let d):
            if let v = Int64(exactly: d) { return v }
            throw FieldMismatch(reason: "the double is not an integer that fits Int64")
        default: throw mismatch(f, "Int64")
        }
    }

    /// `"90"`, `"-5"` and `"90.000"`: an integer, with zeros after a decimal point allowed.
    static func exactInteger(_ s: String) -> Int64? {
        if let v = Int64(s) { return v }
        guard let dot = s.firstIndex(of: "."), s[s.index(after: dot)...].allSatisfy({ $0 == "0" }) else { return nil }
        return Int64(s[..<dot])
    }

    static func narrow<I: FixedWidthInteger>(_ f: Field, _: I.Type) throws -> I {
        let v = try int64(f)
        guard let n = I(exactly: v) else { throw FieldMismatch(reason: "the integer does not fit \(I.self)") }
        return n
    }

    static func double(_ f: Field) throws -> Double {
        switch f {
        case .doubleValue(let d): return d
        case .longValue(let v): return Double(v)
        case .stringValue(let s):
            // AVG and DECIMAL as numeric text.
            if let d = Double(s), d.isFinite || s.lowercased().contains("inf") || s.lowercased() == "nan" { return d }
            throw FieldMismatch(reason: "the text is not a number")
        default: throw mismatch(f, "Double")
        }
    }

    static func bool(_ f: Field) throws -> Bool {
        switch f {
        case .booleanValue(let b): return b
        case .longValue(0): return false
        case .longValue(1): return true
        case .longValue: throw FieldMismatch(reason: "the integer is not a boolean (0 or 1)")
        default: throw mismatch(f, "Bool")
        }
    }

    static func decimal(_ f: Field) throws -> Decimal {
        switch f {
        case .stringValue(let s):
            if let d = parseDecimal(s) { return d }
            throw FieldMismatch(
                reason: "the text is not a decimal number that Decimal holds exactly (at most 38 digits)")
        case .longValue(let v): return Decimal(v)
        case .doubleValue(let d): return Decimal(d)
        default: throw mismatch(f, "Decimal")
        }
    }

    /// An exact decimal from `[-]digits[.digits]` (at least one digit), or nil past
    /// Decimal's 38 digits or for anything else.
    static func parseDecimal(_ s: String) -> Decimal? {
        var text = s
        return text.withUTF8 { parseDecimal(utf8: $0, s) }
    }

    /// One pass over the text: sign, digits and one point checked while the significand
    /// accumulates; past 19 significant digits the text goes to ``slowDecimal(_:)``.
    static func parseDecimal(utf8: UnsafeBufferPointer<UInt8>, _ s: String) -> Decimal? {
        var negative = false
        var significand: UInt64 = 0
        var digits = 0
        var sawDigit = false
        var seenDot = false
        var scale = 0
        var tooLong = false
        for (index, c) in utf8.enumerated() {
            if c &- 48 < 10 {
                sawDigit = true
                if tooLong || (digits == 0 && c == 48 && !seenDot) { continue }
                digits += 1
                if seenDot { scale += 1 }
                if digits > 19 {
                    tooLong = true
                    continue
                }
                significand = significand * 10 + UInt64(c &- 48)
            } else if c == UInt8(ascii: "-"), index == 0 {
                negative = true
            } else if c == UInt8(ascii: "."), !seenDot {
                seenDot = true
            } else {
                return nil
            }
        }
        guard sawDigit else { return nil }
        if tooLong { return slowDecimal(s) }
        if significand == 0 { return Decimal(sign: .plus, exponent: -scale, significand: 0) }
        return Decimal(sign: negative ? .minus : .plus, exponent: -scale, significand: Decimal(significand))
    }

    static func slowDecimal(_ s: String) -> Decimal? {
        let significant = s.utf8.drop { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "0") || $0 == UInt8(ascii: ".") }
            .filter { $0 != UInt8(ascii: ".") }.count
        guard significant <= 38 else { return nil }
        return Decimal(string: s, locale: Locale(identifier: "en_US_POSIX"))
    }

    static func date(_ f: Field, _ column: DecodingColumn, _ temporal: TemporalCoding) throws -> Date {
        guard case .stringValue(let s) = f else { throw mismatch(f, "Date") }
        guard let d = temporal.parse(s, utc: column.isUTC) else {
            throw FieldMismatch(reason: "the text is not a date, time or timestamp (YYYY-MM-DD HH:MM:SS[.ffffff])")
        }
        return d
    }

    static func data(_ f: Field) throws -> Data {
        if case .blobValue(let d) = f { return d }
        throw mismatch(f, "Data")
    }

    static func uuid(_ f: Field) throws -> UUID {
        guard case .stringValue(let s) = f else { throw mismatch(f, "UUID") }
        guard let u = UUID(uuidString: s) else { throw FieldMismatch(reason: "the text is not a UUID") }
        return u
    }

    static func json<T: Decodable>(_: T.Type, _ f: Field) throws -> T {
        guard case .stringValue(let s) = f else { throw mismatch(f, "\(T.self) (stored as JSON text)") }
        do {
            return try JSONDecoder().decode(T.self, from: Data(s.utf8))
        } catch let e as DecodingError {
            throw FieldMismatch(reason: "the JSON text does not decode as \(T.self) (\(Self.shape(e)))")
        } catch {
            throw FieldMismatch(reason: "the JSON text does not decode as \(T.self)")
        }
    }

    /// A decoding error's kind and coding path, without the value it quotes.
    static func shape(_ e: DecodingError) -> String {
        func path(_ c: DecodingError.Context) -> String { c.codingPath.map(\.stringValue).joined(separator: ".") }
        switch e {
        case .keyNotFound(let k, let c): return "no key \(k.stringValue) at \(path(c))"
        case .typeMismatch(let t, let c): return "not a \(t) at \(path(c))"
        case .valueNotFound(let t, let c): return "no \(t) at \(path(c))"
        case .dataCorrupted(let c): return "invalid at \(path(c))"
        @unknown default: return "invalid"
        }
    }

    static func mismatch(_ f: Field, _ expected: String) -> FieldMismatch {
        if f.isSQLNull { return FieldMismatch(reason: "NULL arrived for a non-optional \(expected)") }
        return FieldMismatch(reason: "a \(kind(f)) cannot be read as \(expected)")
    }

    /// The member name of a field (`stringValue`), never its value.
    static func kind(_ f: Field) -> String {
        switch f {
        case .isNull: "isNull"
        case .booleanValue: "booleanValue"
        case .longValue: "longValue"
        case .doubleValue: "doubleValue"
        case .stringValue: "stringValue"
        case .blobValue: "blobValue"
        case .arrayValue: "arrayValue"
        case .unknown(let name): name
        }
    }
}

/// `Optional<Wrapped>` read from a field: nil from `isNull`.
protocol OptionalFieldDecodable {
    static func decodeOptional(_ f: Field, _ column: DecodingColumn, _ temporal: TemporalCoding) throws -> Self
    static var wrappedType: Any.Type { get }
}

extension Optional: OptionalFieldDecodable where Wrapped: Decodable {
    static func decodeOptional(_ f: Field, _ column: DecodingColumn, _ temporal: TemporalCoding) throws -> Self {
        if f.isSQLNull { return nil }
        return try FieldDecoding.value(Wrapped.self, f, column, temporal)
    }
    static var wrappedType: Any.Type { Wrapped.self }
}

/// Arrays read from an `arrayValue` (PostgreSQL array columns); null entries become nil
/// for optional elements.
protocol ArrayFieldDecodable {
    static func decodeArray(_ f: Field, _ column: DecodingColumn, _ temporal: TemporalCoding) throws -> Self
}

extension Array: ArrayFieldDecodable where Element: Decodable {
    static func decodeArray(_ f: Field, _ column: DecodingColumn, _ temporal: TemporalCoding) throws -> Self {
        guard case .arrayValue(let array) = f else { throw FieldDecoding.mismatch(f, "[\(Element.self)]") }
        let fields: [Field]
        switch array {
        case .stringValues(let v): fields = v.map { $0.map(Field.stringValue) ?? .null }
        case .longValues(let v): fields = v.map { $0.map(Field.longValue) ?? .null }
        case .doubleValues(let v): fields = v.map { $0.map(Field.doubleValue) ?? .null }
        case .booleanValues(let v): fields = v.map { $0.map(Field.booleanValue) ?? .null }
        case .arrayValues(let v): fields = v.map(Field.arrayValue)
        case .unknown(let name): throw FieldMismatch(reason: "an array of unknown kind \(name) arrived")
        }
        return try fields.map { try FieldDecoding.value(Element.self, $0, column, temporal) }
    }
}

/// Thrown when a value asks for a keyed or unkeyed container: it is stored as JSON text.
struct NeedsJSON: Error {}

/// A `Decoder` over one field, for types that decode themselves from a single value
/// (String- and Int-backed enums).
struct SingleFieldDecoder: Decoder, SingleValueDecodingContainer {
    let field: Field
    let column: DecodingColumn
    let temporal: TemporalCoding
    var codingPath: [CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> { throw NeedsJSON() }
    func unkeyedContainer() throws -> UnkeyedDecodingContainer { throw NeedsJSON() }
    func singleValueContainer() throws -> SingleValueDecodingContainer { self }

    func decodeNil() -> Bool { field.isSQLNull }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try FieldDecoding.value(T.self, field, column, temporal) }
}
