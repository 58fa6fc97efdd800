import Foundation

/// A hand-written JSON reader for the two hot response shapes, `ExecuteStatement` and
/// `BatchExecuteStatement`, that builds exactly the values `WireJSON.decoder` (Foundation's
/// `JSONDecoder`) and the Codable implementations of the shapes build, in one pass over the bytes.
///
/// It reads only what it models and declines the rest: for anything else it throws ``NotFast``
/// and the caller decodes the same bytes with `JSONDecoder`, so every unusual input keeps today's
/// result or error. What it reads, pinned by `ResponseJSONTests` against `JSONDecoder`:
///
/// - One top-level object with the members of the shape, in any order, with JSON whitespace
///   (space, tab, LF, CR) anywhere between tokens. A `null` member is an absent optional.
/// - `Field` and `ArrayValue` objects with exactly one non-null member of the model (`null`
///   members are skipped, as `UnionDecoding` does). Every other member name, an unknown key at
///   any level, a repeated key (`JSONDecoder` keeps the first), an escaped key, an empty union,
///   or a union with two members is declined.
/// - Strings with every JSON escape: the short ones and `\uXXXX`, surrogate pairs combined.
///   A lone surrogate, an unescaped control character or invalid UTF-8 is declined.
/// - Integers (`longValue`, `numberOfRecordsUpdated`, the `Int32` column metadata) only as plain
///   digits in range: `JSONDecoder` also accepts `1E3` or `1.0` for an integer, which is declined.
/// - Doubles in strict JSON grammar. Where the digits make an integer of at most 2^53 and the
///   power of ten is at most 22 either way, both are exact doubles and one multiplication or
///   division rounds correctly (Clinger's fast path); the rest go to the C library's `strtod`, the
///   function `JSONDecoder` calls. Results that overflow, or round a non-zero number to zero,
///   are declined (`JSONDecoder` rejects them).
/// - `blobValue` only as canonical padded base64 (length a multiple of 4, at most two `=` at the
///   end, unused bits zero). `Data(base64Encoded:)` also accepts some non-canonical forms
///   (`QR==`, `QQ===`, `====`); those are declined.
/// - Trailing commas (which `JSONDecoder` accepts), a byte-order mark, other encodings than
///   UTF-8, trailing bytes after the object, and nesting of `arrayValues` deeper than
///   ``maximumArrayDepth`` are declined.
package enum ResponseJSON {
    /// Thrown where the fast path does not model the input; decode it with `JSONDecoder` instead.
    package struct NotFast: Error, Hashable {
        package init() {}
    }

    /// How deeply `arrayValues` may nest before the input is declined; well inside the nesting
    /// `JSONDecoder` allows (512 arrays and objects).
    package static let maximumArrayDepth = 64

    /// The `ExecuteStatement` response in `bytes`, equal to what `WireJSON.decoder` decodes.
    ///
    /// - Throws: ``NotFast`` where the input is not modelled; `JSONDecoder` decides then.
    package static func decode(_ bytes: [UInt8]) throws(NotFast) -> ExecuteStatementResponse {
        try parsing(bytes) { (p: inout ResponseParser) throws(NotFast) in try p.executeStatementResponse() }
    }

    /// The `BatchExecuteStatement` response in `bytes`, equal to what `WireJSON.decoder` decodes.
    ///
    /// - Throws: ``NotFast`` where the input is not modelled; `JSONDecoder` decides then.
    package static func decode(_ bytes: [UInt8]) throws(NotFast) -> BatchExecuteStatementResponse {
        try parsing(bytes) { (p: inout ResponseParser) throws(NotFast) in try p.batchExecuteStatementResponse() }
    }

    /// Runs `body` on a parser over `bytes`, and requires that only whitespace follows what it read.
    private static func parsing<R>(
        _ bytes: [UInt8], _ body: (inout ResponseParser) throws(NotFast) -> R
    ) throws(NotFast) -> R {
        let result: Result<R, NotFast> = bytes.withUnsafeBufferPointer { input in
            guard var parser = ResponseParser(input) else { return .failure(NotFast()) }
            do throws(NotFast) {
                parser.skipSpace()
                let value = try body(&parser)
                parser.skipSpace()
                guard parser.atEnd else { throw NotFast() }
                return .success(value)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }
}

/// The reader behind ``ResponseJSON``: a cursor over the input and room for unescaped strings.
///
/// Every read checks the cursor against the end first (``peek()`` reads past the end as 0, a
/// byte no accepted token starts with), so no input makes it read out of bounds.
struct ResponseParser: ~Copyable {
    typealias NotFast = ResponseJSON.NotFast

    private let base: UnsafePointer<UInt8>
    private let end: Int
    private var i = 0
    /// Room for the unescaped text of one string at a time, allocated on the first string with
    /// an escape; as large as the input, which no unescaped string can outgrow.
    private var scratch: UnsafeMutablePointer<UInt8>?

    /// A parser over `input`, which must outlive it; nil for an empty input.
    init?(_ input: UnsafeBufferPointer<UInt8>) {
        guard let base = input.baseAddress, !input.isEmpty else { return nil }
        self.base = base
        end = input.count
    }

    deinit { scratch?.deallocate() }

    var atEnd: Bool { i == end }

    // MARK: The shapes

    mutating func executeStatementResponse() throws(NotFast) -> ExecuteStatementResponse {
        var r = ExecuteStatementResponse()
        var seen: UInt8 = 0
        guard try beginObject() else { return r }
        repeat {
            let k = try key()
            let member: UInt8
            if isKey(k, "records") { member = 0 }
            else if isKey(k, "columnMetadata") { member = 1 }
            else if isKey(k, "numberOfRecordsUpdated") { member = 2 }
            else if isKey(k, "generatedFields") { member = 3 }
            else if isKey(k, "formattedRecords") { member = 4 }
            else { throw NotFast() }
            try mark(member, in: &seen)
            if try null() { continue }
            switch member {
            case 0: r.records = try records()
            case 1: r.columnMetadata = try columnMetadataList()
            case 2: r.numberOfRecordsUpdated = try int64()
            case 3: r.generatedFields = try fields()
            default: r.formattedRecords = try string()
            }
        } while try more(UInt8(ascii: "}"))
        return r
    }

    mutating func batchExecuteStatementResponse() throws(NotFast) -> BatchExecuteStatementResponse {
        var r = BatchExecuteStatementResponse()
        guard try beginObject() else { return r }
        var seen: UInt8 = 0
        repeat {
            let k = try key()
            guard isKey(k, "updateResults") else { throw NotFast() }
            try mark(0, in: &seen)
            if try null() { continue }
            var results: [UpdateResult] = []
            if try beginArray() {
                repeat { results.append(try updateResult()) } while try more(UInt8(ascii: "]"))
            }
            r.updateResults = results
        } while try more(UInt8(ascii: "}"))
        return r
    }

    mutating func updateResult() throws(NotFast) -> UpdateResult {
        var r = UpdateResult()
        guard try beginObject() else { return r }
        var seen: UInt8 = 0
        repeat {
            let k = try key()
            guard isKey(k, "generatedFields") else { throw NotFast() }
            try mark(0, in: &seen)
            if try null() { continue }
            r.generatedFields = try fields()
        } while try more(UInt8(ascii: "}"))
        return r
    }

    /// `[[Field]]`; each row reserves the width of the row before it.
    mutating func records() throws(NotFast) -> [[Field]] {
        var rows: [[Field]] = []
        guard try beginArray() else { return rows }
        var width = 0
        repeat {
            var row: [Field] = []
            row.reserveCapacity(width)
            if try beginArray() {
                repeat { row.append(try field()) } while try more(UInt8(ascii: "]"))
            }
            width = row.count
            rows.append(row)
        } while try more(UInt8(ascii: "]"))
        return rows
    }

    mutating func fields() throws(NotFast) -> [Field] {
        var fields: [Field] = []
        if try beginArray() {
            repeat { fields.append(try field()) } while try more(UInt8(ascii: "]"))
        }
        return fields
    }

    /// A `Field` union: exactly one non-null member of the model, and any number of null ones.
    mutating func field() throws(NotFast) -> Field {
        guard try beginObject() else { throw NotFast() }
        var seen: UInt8 = 0
        while true {
            let member = try fieldMember(seen: &seen)
            if try null() {
                // Only null members so far; an object of nothing else has no member set.
                guard try more(UInt8(ascii: "}")) else { throw NotFast() }
                continue
            }
            let value: Field
            switch member {
            case 0: value = .isNull(try bool())
            case 1: value = .booleanValue(try bool())
            case 2: value = .longValue(try int64())
            case 3: value = .doubleValue(try double())
            case 4: value = .stringValue(try string())
            case 5: value = .blobValue(try blob())
            default: value = .arrayValue(try arrayValue(depth: 0))
            }
            // Usually the end of the object; otherwise only null members may follow.
            while try more(UInt8(ascii: "}")) {
                _ = try fieldMember(seen: &seen)
                guard try null() else { throw NotFast() }
            }
            return value
        }
    }

    /// The next member name of a `Field` as its number, marked in `seen`. The first letter tells
    /// which name it must be, so it is compared once, without looking for its end first.
    @inline(__always)
    mutating func fieldMember(seen: inout UInt8) throws(NotFast) -> UInt8 {
        guard peek() == UInt8(ascii: "\""), end - i > 2 else { throw NotFast() }
        let member: UInt8
        let name: StaticString
        switch base[i + 1] {
        case UInt8(ascii: "s"): member = 4; name = "stringValue"
        case UInt8(ascii: "l"): member = 2; name = "longValue"
        case UInt8(ascii: "d"): member = 3; name = "doubleValue"
        case UInt8(ascii: "b") where base[i + 2] == UInt8(ascii: "o"): member = 1; name = "booleanValue"
        case UInt8(ascii: "b"): member = 5; name = "blobValue"
        case UInt8(ascii: "i"): member = 0; name = "isNull"
        case UInt8(ascii: "a"): member = 6; name = "arrayValue"
        default: throw NotFast()
        }
        let n = name.utf8CodeUnitCount
        guard end - i > n + 1, base[i + 1 + n] == UInt8(ascii: "\""),
              memcmp(base + i + 1, name.utf8Start, n) == 0 else { throw NotFast() }
        i += n + 2
        try colon()
        try mark(member, in: &seen)
        return member
    }

    /// An `ArrayValue` union: exactly one non-null member; its entries may be null, except in
    /// `arrayValues`.
    mutating func arrayValue(depth: Int) throws(NotFast) -> ArrayValue {
        guard depth < ResponseJSON.maximumArrayDepth, try beginObject() else { throw NotFast() }
        var result: ArrayValue?
        var seen: UInt8 = 0
        repeat {
            let k = try key()
            let member: UInt8
            if isKey(k, "stringValues") { member = 3 }
            else if isKey(k, "longValues") { member = 1 }
            else if isKey(k, "doubleValues") { member = 2 }
            else if isKey(k, "booleanValues") { member = 0 }
            else if isKey(k, "arrayValues") { member = 4 }
            else { throw NotFast() }
            try mark(member, in: &seen)
            if try null() { continue }
            guard result == nil else { throw NotFast() }
            switch member {
            case 0:
                var values: [Bool?] = []
                if try beginArray() {
                    repeat { values.append(try null() ? nil : try bool()) } while try more(UInt8(ascii: "]"))
                }
                result = .booleanValues(values)
            case 1:
                var values: [Int64?] = []
                if try beginArray() {
                    repeat { values.append(try null() ? nil : try int64()) } while try more(UInt8(ascii: "]"))
                }
                result = .longValues(values)
            case 2:
                var values: [Double?] = []
                if try beginArray() {
                    repeat { values.append(try null() ? nil : try double()) } while try more(UInt8(ascii: "]"))
                }
                result = .doubleValues(values)
            case 3:
                var values: [String?] = []
                if try beginArray() {
                    repeat { values.append(try null() ? nil : try string()) } while try more(UInt8(ascii: "]"))
                }
                result = .stringValues(values)
            default:
                var values: [ArrayValue] = []
                if try beginArray() {
                    repeat {
                        values.append(try arrayValue(depth: depth + 1))
                    } while try more(UInt8(ascii: "]"))
                }
                result = .arrayValues(values)
            }
        } while try more(UInt8(ascii: "}"))
        guard let result else { throw NotFast() }
        return result
    }

    mutating func columnMetadataList() throws(NotFast) -> [ColumnMetadata] {
        var list: [ColumnMetadata] = []
        if try beginArray() {
            repeat { list.append(try columnMetadata()) } while try more(UInt8(ascii: "]"))
        }
        return list
    }

    mutating func columnMetadata() throws(NotFast) -> ColumnMetadata {
        var c = ColumnMetadata()
        guard try beginObject() else { return c }
        var seen: UInt16 = 0
        repeat {
            let k = try key()
            let member: UInt16
            if isKey(k, "name") { member = 0 }
            else if isKey(k, "type") { member = 1 }
            else if isKey(k, "typeName") { member = 2 }
            else if isKey(k, "label") { member = 3 }
            else if isKey(k, "schemaName") { member = 4 }
            else if isKey(k, "tableName") { member = 5 }
            else if isKey(k, "isAutoIncrement") { member = 6 }
            else if isKey(k, "isSigned") { member = 7 }
            else if isKey(k, "isCurrency") { member = 8 }
            else if isKey(k, "isCaseSensitive") { member = 9 }
            else if isKey(k, "nullable") { member = 10 }
            else if isKey(k, "precision") { member = 11 }
            else if isKey(k, "scale") { member = 12 }
            else if isKey(k, "arrayBaseColumnType") { member = 13 }
            else { throw NotFast() }
            guard seen & (1 << member) == 0 else { throw NotFast() }
            seen |= 1 << member
            if try null() { continue }
            switch member {
            case 0: c.name = try string()
            case 1: c.type = try int32()
            case 2: c.typeName = try string()
            case 3: c.label = try string()
            case 4: c.schemaName = try string()
            case 5: c.tableName = try string()
            case 6: c.isAutoIncrement = try bool()
            case 7: c.isSigned = try bool()
            case 8: c.isCurrency = try bool()
            case 9: c.isCaseSensitive = try bool()
            case 10: c.nullable = try int32()
            case 11: c.precision = try int32()
            case 12: c.scale = try int32()
            default: c.arrayBaseColumnType = try int32()
            }
        } while try more(UInt8(ascii: "}"))
        return c
    }

    // MARK: Structure

    /// The byte at the cursor, or 0 at the end.
    @inline(__always)
    func peek() -> UInt8 { i < end ? base[i] : 0 }

    @inline(__always)
    mutating func skipSpace() {
        while i < end {
            let b = base[i]
            guard b <= 0x20, b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 else { return }
            i += 1
        }
    }

    /// Reads `[` and the whitespace after it; false (and the `]` read) for an empty array.
    @inline(__always)
    mutating func beginArray() throws(NotFast) -> Bool {
        guard peek() == UInt8(ascii: "[") else { throw NotFast() }
        i += 1
        skipSpace()
        if peek() == UInt8(ascii: "]") { i += 1; return false }
        return true
    }

    /// Reads `{` and the whitespace after it; false (and the `}` read) for an empty object.
    @inline(__always)
    mutating func beginObject() throws(NotFast) -> Bool {
        guard peek() == UInt8(ascii: "{") else { throw NotFast() }
        i += 1
        skipSpace()
        if peek() == UInt8(ascii: "}") { i += 1; return false }
        return true
    }

    /// After a value: true (and the comma and whitespace read) if another follows, false (and
    /// `close` read) at the end of the array or object.
    @inline(__always)
    mutating func more(_ close: UInt8) throws(NotFast) -> Bool {
        skipSpace()
        let b = peek()
        if b == UInt8(ascii: ",") {
            i += 1
            skipSpace()
            return true
        }
        guard b == close else { throw NotFast() }
        i += 1
        return false
    }

    /// A member name without escapes, the colon, and the whitespace around it.
    @inline(__always)
    mutating func key() throws(NotFast) -> Range<Int> {
        guard peek() == UInt8(ascii: "\"") else { throw NotFast() }
        let start = i + 1
        var j = start
        while j < end {
            let b = base[j]
            if b == UInt8(ascii: "\"") { break }
            // An escaped or unusual name is never one of the model's; JSONDecoder decides.
            guard b != UInt8(ascii: "\\"), b >= 0x20 else { throw NotFast() }
            j += 1
        }
        guard j < end else { throw NotFast() }
        i = j + 1
        try colon()
        return start..<j
    }

    /// The colon after a member name, and the whitespace around it.
    @inline(__always)
    mutating func colon() throws(NotFast) {
        skipSpace()
        guard peek() == UInt8(ascii: ":") else { throw NotFast() }
        i += 1
        skipSpace()
    }

    /// Whether the member name at `k` is `name`.
    @inline(__always)
    func isKey(_ k: Range<Int>, _ name: StaticString) -> Bool {
        k.count == name.utf8CodeUnitCount && memcmp(base + k.lowerBound, name.utf8Start, k.count) == 0
    }

    /// Records member `bit` of an object as seen; a second time declines the input.
    @inline(__always)
    func mark(_ bit: UInt8, in seen: inout UInt8) throws(NotFast) {
        guard seen & (1 << bit) == 0 else { throw NotFast() }
        seen |= 1 << bit
    }

    // MARK: Literals and numbers

    /// Reads `null` if it is next.
    @inline(__always)
    mutating func null() throws(NotFast) -> Bool {
        guard peek() == UInt8(ascii: "n") else { return false }
        guard end - i >= 4, base[i + 1] == UInt8(ascii: "u"), base[i + 2] == UInt8(ascii: "l"),
              base[i + 3] == UInt8(ascii: "l") else { throw NotFast() }
        i += 4
        return true
    }

    mutating func bool() throws(NotFast) -> Bool {
        if peek() == UInt8(ascii: "t"), end - i >= 4, base[i + 1] == UInt8(ascii: "r"),
           base[i + 2] == UInt8(ascii: "u"), base[i + 3] == UInt8(ascii: "e") {
            i += 4
            return true
        }
        if peek() == UInt8(ascii: "f"), end - i >= 5, base[i + 1] == UInt8(ascii: "a"),
           base[i + 2] == UInt8(ascii: "l"), base[i + 3] == UInt8(ascii: "s"), base[i + 4] == UInt8(ascii: "e") {
            i += 5
            return false
        }
        throw NotFast()
    }

    @inline(__always)
    static func digit(_ b: UInt8) -> UInt8? {
        let d = b &- UInt8(ascii: "0")
        return d < 10 ? d : nil
    }

    /// An integer written as plain digits (`-?(0|[1-9][0-9]*)`) within Int64.
    mutating func int64() throws(NotFast) -> Int64 {
        var j = i
        let negative = j < end && base[j] == UInt8(ascii: "-")
        if negative { j += 1 }
        guard j < end, let first = Self.digit(base[j]) else { throw NotFast() }
        j += 1
        var magnitude = UInt64(first)
        if first != 0 {
            // Nineteen digits always fit in a UInt64; a twentieth is out of Int64's range.
            let limit = j + 18
            while j < end, let d = Self.digit(base[j]) {
                guard j < limit else { throw NotFast() }
                magnitude = magnitude &* 10 &+ UInt64(d)
                j += 1
            }
        }
        // `1.0` and `1e3` decode as integers in JSONDecoder (and `01` not at all): declined.
        if j < end {
            let b = base[j]
            guard b != UInt8(ascii: "."), b | 0x20 != UInt8(ascii: "e"), Self.digit(b) == nil else {
                throw NotFast()
            }
        }
        i = j
        if negative {
            guard magnitude <= UInt64(1) << 63 else { throw NotFast() }
            return Int64(bitPattern: 0 &- magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { throw NotFast() }
        return Int64(magnitude)
    }

    mutating func int32() throws(NotFast) -> Int32 {
        guard let v = Int32(exactly: try int64()) else { throw NotFast() }
        return v
    }

    /// A number in strict JSON grammar, as `JSONDecoder` reads it into a Double.
    mutating func double() throws(NotFast) -> Double {
        let start = i
        var j = i
        let negative = j < end && base[j] == UInt8(ascii: "-")
        if negative { j += 1 }
        var mantissa: UInt64 = 0
        // Whether `mantissa` holds every digit, and whether any digit is non-zero.
        var exact = true
        var nonZero = false
        var exponent = 0
        guard j < end, let first = Self.digit(base[j]) else { throw NotFast() }
        j += 1
        if first != 0 {
            mantissa = UInt64(first)
            nonZero = true
            while j < end, let d = Self.digit(base[j]) {
                if mantissa < 1_000_000_000_000_000_000 { mantissa = mantissa * 10 + UInt64(d) } else { exact = false }
                j += 1
            }
        }
        if j < end && base[j] == UInt8(ascii: ".") {
            j += 1
            guard j < end, Self.digit(base[j]) != nil else { throw NotFast() }
            while j < end, let d = Self.digit(base[j]) {
                if d != 0 { nonZero = true }
                if mantissa < 1_000_000_000_000_000_000 {
                    mantissa = mantissa * 10 + UInt64(d)
                    exponent -= 1
                } else {
                    exact = false
                }
                j += 1
            }
        }
        if j < end && base[j] | 0x20 == UInt8(ascii: "e") {
            j += 1
            var negativeExponent = false
            if j < end && (base[j] == UInt8(ascii: "+") || base[j] == UInt8(ascii: "-")) {
                negativeExponent = base[j] == UInt8(ascii: "-")
                j += 1
            }
            guard j < end, Self.digit(base[j]) != nil else { throw NotFast() }
            var e = 0
            while j < end, let d = Self.digit(base[j]) {
                if e < 100_000 { e = e * 10 + Int(d) }
                j += 1
            }
            exponent += negativeExponent ? -e : e
        }
        i = j
        if mantissa == 0 && !nonZero { return negative ? -0.0 : 0.0 }
        if exact && mantissa <= UInt64(1) << 53 && exponent >= -22 && exponent <= 22 {
            // Both operands are exact doubles, so the one rounding of IEEE arithmetic is the
            // correctly rounded value strtod returns.
            let power = Self.powersOfTen[exponent < 0 ? -exponent : exponent]
            let magnitude = exponent < 0 ? Double(mantissa) / power : Double(mantissa) * power
            return negative ? -magnitude : magnitude
        }
        return try Self.strtod(base + start, count: j - start, nonZero: nonZero)
    }

    /// 10^0 ... 10^22, every one exact in a Double.
    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// The number's text through the C library's `strtod` on a NUL-terminated copy, the function
    /// `JSONDecoder` calls (as `strtod_l` in the C locale). The process's locale can only change the
    /// decimal point; `strtod` then stops at the `.`, and the input is declined.
    @inline(never)
    static func strtod(_ text: UnsafePointer<UInt8>, count: Int, nonZero: Bool) throws(NotFast) -> Double {
        let value = withUnsafeTemporaryAllocation(of: CChar.self, capacity: count + 1) { copy -> Double? in
            guard let start = copy.baseAddress else { return nil }
            UnsafeMutableRawPointer(start).copyMemory(from: text, byteCount: count)
            start[count] = 0
            var stop: UnsafeMutablePointer<CChar>?
            let value = Foundation.strtod(start, &stop)
            return stop == start + count ? value : nil
        }
        // Overflow, and a non-zero number rounded to zero, are errors in JSONDecoder.
        guard let value, value.isFinite, value != 0 || !nonZero else { throw NotFast() }
        return value
    }

    // MARK: Strings and blobs

    mutating func string() throws(NotFast) -> String {
        let (utf8, ascii) = try stringBytes()
        // `String(decoding:)` only differs from the input where the input is not UTF-8; ASCII is.
        return ascii ? String(decoding: utf8, as: UTF8.self) : try Self.validated(utf8)
    }

    /// The text of `utf8` if it is valid UTF-8, as `JSONDecoder` requires. `String(validating:)`
    /// would do, but is not specialized and costs generic metadata look-ups on every call.
    @inline(never)
    static func validated(_ utf8: UnsafeBufferPointer<UInt8>) throws(NotFast) -> String {
        let s = String(decoding: utf8, as: UTF8.self)
        // The decoded text is always valid UTF-8; it equals the input only if the input was.
        let same = s.utf8.withContiguousStorageIfAvailable { decoded in
            guard decoded.count == utf8.count, let a = decoded.baseAddress, let b = utf8.baseAddress else {
                return decoded.count == utf8.count
            }
            return memcmp(a, b, decoded.count) == 0
        }
        if let same {
            guard same else { throw NotFast() }
            return s
        }
        guard let checked = String(validating: utf8, as: UTF8.self) else { throw NotFast() }
        return checked
    }

    /// Standard padded base64, canonical only (see ``ResponseJSON``).
    mutating func blob() throws(NotFast) -> Data {
        guard let data = Self.base64(try stringBytes().utf8) else { throw NotFast() }
        return data
    }

    /// The unescaped bytes of the string at the cursor, in the input itself or in the scratch
    /// space (valid until the next string is read), and whether they are all ASCII (if not, they
    /// are not yet checked to be UTF-8).
    @inline(__always)
    mutating func stringBytes() throws(NotFast) -> (utf8: UnsafeBufferPointer<UInt8>, ascii: Bool) {
        guard peek() == UInt8(ascii: "\"") else { throw NotFast() }
        let start = i + 1
        let (j, ascii) = scan(from: start)
        guard j < end else { throw NotFast() }
        guard base[j] == UInt8(ascii: "\"") else { return (try unescaped(from: start, firstEscape: j), false) }
        i = j + 1
        return (UnsafeBufferPointer(start: base + start, count: j - start), ascii)
    }

    /// The index of the first `"`, `\` or control character at or after `start` (or the end), and
    /// whether every byte before it is ASCII.
    ///
    /// Tests eight bytes at a time as `JSONText.firstEscape` does, and collects the high bits of
    /// the words before the one with the stop.
    @inline(__always)
    func scan(from start: Int) -> (stop: Int, ascii: Bool) {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        var j = start
        var seen: UInt64 = 0
        while end - j >= 8 {
            let w = UnsafeRawPointer(base + j).loadUnaligned(as: UInt64.self)
            let quote = w ^ (ones &* 0x22)
            let backslash = w ^ (ones &* 0x5C)
            let hits = (w &- ones &* 0x20) & ~w | (quote &- ones) & ~quote | (backslash &- ones) & ~backslash
            if hits & high != 0 { break }
            seen |= w
            j += 8
        }
        var last: UInt8 = 0
        while j < end {
            let b = base[j]
            if JSONText.needsEscape(b) { break }
            last |= b
            j += 1
        }
        return (j, seen & high == 0 && last < 0x80)
    }

    /// The rest of a string with escapes, unescaped into the scratch space. No escape is shorter
    /// than what it stands for, so the text never outgrows the input.
    @inline(never)
    private mutating func unescaped(from start: Int, firstEscape: Int) throws(NotFast) -> UnsafeBufferPointer<UInt8> {
        let out: UnsafeMutablePointer<UInt8>
        if let scratch { out = scratch } else {
            out = .allocate(capacity: end)
            scratch = out
        }
        var n = 0
        var clean = start
        var j = firstEscape
        while true {
            guard j < end else { throw NotFast() }
            (out + n).initialize(from: base + clean, count: j - clean)
            n += j - clean
            let b = base[j]
            if b == UInt8(ascii: "\"") {
                i = j + 1
                return UnsafeBufferPointer(start: out, count: n)
            }
            // An unescaped control character: JSONDecoder rejects it.
            guard b == UInt8(ascii: "\\"), j + 1 < end else { throw NotFast() }
            let short: UInt8
            switch base[j + 1] {
            case UInt8(ascii: "\""): short = 0x22
            case UInt8(ascii: "\\"): short = 0x5C
            case UInt8(ascii: "/"): short = 0x2F
            case UInt8(ascii: "b"): short = 0x08
            case UInt8(ascii: "f"): short = 0x0C
            case UInt8(ascii: "n"): short = 0x0A
            case UInt8(ascii: "r"): short = 0x0D
            case UInt8(ascii: "t"): short = 0x09
            case UInt8(ascii: "u"): short = 0
            default: throw NotFast()
            }
            if base[j + 1] != UInt8(ascii: "u") {
                out[n] = short
                n += 1
                j += 2
            } else {
                guard let unit = hex4(at: j + 2) else { throw NotFast() }
                j += 6
                var scalar = UInt32(unit)
                if UTF16.isLeadSurrogate(unit) {
                    guard j + 1 < end, base[j] == UInt8(ascii: "\\"), base[j + 1] == UInt8(ascii: "u"),
                          let trail = hex4(at: j + 2), UTF16.isTrailSurrogate(trail) else { throw NotFast() }
                    j += 6
                    scalar = 0x10000 + (UInt32(unit - 0xD800) << 10 | UInt32(trail - 0xDC00))
                } else if UTF16.isTrailSurrogate(unit) {
                    throw NotFast()
                }
                n += Self.writeUTF8(scalar, to: out + n)
            }
            clean = j
            j = scan(from: j).stop
        }
    }

    /// The four hex digits at `at` (either case), or nil.
    private func hex4(at: Int) -> UInt16? {
        guard end - at >= 4 else { return nil }
        var v: UInt16 = 0
        for k in at..<at + 4 {
            let b = base[k]
            let d: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = b - UInt8(ascii: "A") + 10
            default: return nil
            }
            v = v << 4 | UInt16(d)
        }
        return v
    }

    /// Writes a scalar (not a surrogate) as UTF-8; returns the number of bytes, 1 to 4.
    private static func writeUTF8(_ s: UInt32, to out: UnsafeMutablePointer<UInt8>) -> Int {
        switch s {
        case ..<0x80:
            out[0] = UInt8(s)
            return 1
        case ..<0x800:
            out[0] = 0xC0 | UInt8(s >> 6)
            out[1] = 0x80 | UInt8(s & 0x3F)
            return 2
        case ..<0x10000:
            out[0] = 0xE0 | UInt8(s >> 12)
            out[1] = 0x80 | UInt8(s >> 6 & 0x3F)
            out[2] = 0x80 | UInt8(s & 0x3F)
            return 3
        default:
            out[0] = 0xF0 | UInt8(s >> 18)
            out[1] = 0x80 | UInt8(s >> 12 & 0x3F)
            out[2] = 0x80 | UInt8(s >> 6 & 0x3F)
            out[3] = 0x80 | UInt8(s & 0x3F)
            return 4
        }
    }

    /// The value of each base64 letter, and 0xFF for every other byte (`=` included).
    private static let base64Values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        for (value, letter) in letters.enumerated() { table[Int(letter)] = UInt8(value) }
        return table
    }()

    /// Canonical padded base64 decoded, or nil for anything else (`Data(base64Encoded:)` then decides).
    static func base64(_ text: UnsafeBufferPointer<UInt8>) -> Data? {
        let n = text.count
        guard n > 0 else { return Data() }
        guard n % 4 == 0 else { return nil }
        let padding = text[n - 1] != UInt8(ascii: "=") ? 0 : text[n - 2] != UInt8(ascii: "=") ? 1 : 2
        let count = n / 4 * 3 - padding
        // Decoded into temporary memory and copied once: `Data(count:)` and writing into it costs
        // more (zeroing, and two exclusive accesses to its storage).
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count) { out -> Data? in
            let ok = base64Values.withUnsafeBufferPointer { values in decode(text, values, into: out, padding) }
            return ok ? Data(buffer: UnsafeBufferPointer(out)) : nil
        }
    }

    /// Decodes `text` (length a multiple of 4, `padding` `=` at its end) into `out`, which has room
    /// for exactly the decoded bytes; false if a letter is not base64 or an unused bit is set.
    @inline(__always)
    private static func decode(
        _ text: UnsafeBufferPointer<UInt8>, _ values: UnsafeBufferPointer<UInt8>,
        into out: UnsafeMutableBufferPointer<UInt8>, _ padding: Int
    ) -> Bool {
        let n = text.count
        var bad: UInt8 = 0
        var o = 0
        var k = 0
        // Every quad but the last: four letters, three bytes.
        while k < n - 4 {
            let a = values[Int(text[k])], b = values[Int(text[k + 1])]
            let c = values[Int(text[k + 2])], d = values[Int(text[k + 3])]
            bad |= a | b | c | d
            out[o] = a << 2 | b >> 4
            out[o + 1] = b << 4 | c >> 2
            out[o + 2] = c << 6 | d
            o += 3
            k += 4
        }
        let a = values[Int(text[k])], b = values[Int(text[k + 1])]
        bad |= a | b
        out[o] = a << 2 | b >> 4
        switch padding {
        case 2:
            // The unused low bits of the last letter must be zero.
            bad |= b & 0x0F == 0 ? 0 : 0xFF
        case 1:
            let c = values[Int(text[k + 2])]
            bad |= c | (c & 0x03 == 0 ? 0 : 0xFF)
            out[o + 1] = b << 4 | c >> 2
        default:
            let c = values[Int(text[k + 2])], d = values[Int(text[k + 3])]
            bad |= c | d
            out[o + 1] = b << 4 | c >> 2
            out[o + 2] = c << 6 | d
        }
        // Letters are 0...63; 0xFF (not a letter) sets the high bits.
        return bad & 0xC0 == 0
    }
}
