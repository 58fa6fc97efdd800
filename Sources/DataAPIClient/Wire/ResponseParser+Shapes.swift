#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The response shapes: `ExecuteStatement` and `BatchExecuteStatement` responses, records,
/// fields, array values and column metadata, each read member by member.
extension ResponseParser {
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
}
