import DataAPIClient
import Foundation

/// Turns MySQL values into `Field`s and MySQL columns into `ColumnMetadata`, as the service
/// presents Aurora MySQL results.
enum MySQLValueRenderer {
    static func field(
        _ cell: MySQLCell, type: MySQLColumnType, column: MySQLColumn, options: ResultOptions
    ) throws -> Field {
        if case .null = cell { return .null }
        switch (type.kind, cell) {
        case (.boolean, .signed(let v)): return .booleanValue(v != 0)
        case (.boolean, .unsigned(let v)): return .booleanValue(v != 0)
        case (.boolean, .bytes(let b)): return .booleanValue(b.contains { $0 != 0 })
        case (_, .signed(let v)):
            if type.kind == .year { return .stringValue(String(v)) }
            return options.longAsString ? .stringValue(String(v)) : .longValue(v)
        case (_, .unsigned(let v)):
            if type.kind == .year { return .stringValue(String(v)) }
            if options.longAsString { return .stringValue(String(v)) }
            guard let long = Int64(exactly: v) else {
                // The service reads integers as java.lang.Long.
                throw DataAPIError.service(
                    .badRequest, "Value '\(grouped(v))' is outside of valid range for type java.lang.Long")
            }
            return .longValue(long)
        case (_, .float(let f)): return .doubleValue(Double(f))
        case (_, .double(let d)): return .doubleValue(d)
        case (_, .temporal(let t)): return .stringValue(format(t, kind: type.kind, digits: column.decimals))
        case (.decimal, .bytes(let b)):
            let text = String(decoding: b, as: UTF8.self)
            if options.decimalAsNumber {
                if !text.contains("."), let v = Int64(text) { return .longValue(v) }
                if let d = Double(text) { return .doubleValue(d) }
            }
            return .stringValue(text)
        case (.bytes, .bytes(let b)), (.bits, .bytes(let b)): return .blobValue(Data(b))
        case (_, .bytes(let b)): return .stringValue(String(decoding: b, as: UTF8.self))
        case (_, .null): return .null
        }
    }

    /// `18,446,744,073,709,551,615`, as Java's message prints it.
    static func grouped(_ v: UInt64) -> String {
        var digits = Array(String(v))
        var i = digits.count - 3
        while i > 0 { digits.insert(",", at: i); i -= 3 }
        return String(digits)
    }

    /// `YYYY-MM-DD`, `[-]HH:MM:SS[.f…]`, `YYYY-MM-DD HH:MM:SS[.f…]`, with as many fractional
    /// digits as the column declares (MariaDB reports 39 for "unknown": then trailing zeros go).
    static func format(_ t: MySQLTemporal, kind: MySQLColumnType.Kind, digits: UInt32) -> String {
        func pad(_ v: Int, _ n: Int) -> String { String(v).leftPadded(n) }
        var fraction = ""
        if digits > 0 {
            let six = pad(t.microsecond, 6)
            if digits <= 6 {
                fraction = "." + six.prefix(Int(digits))
            } else if t.microsecond != 0 {
                fraction = "." + six.replacingOccurrences(of: "0+$", with: "", options: .regularExpression)
            }
        }
        let date = "\(pad(t.year, 4))-\(pad(t.month, 2))-\(pad(t.day, 2))"
        switch kind {
        case .date: return date
        case .time:
            let hours = t.day * 24 + t.hour
            return (t.negative ? "-" : "") + "\(pad(hours, 2)):\(pad(t.minute, 2)):\(pad(t.second, 2))" + fraction
        default:
            return "\(date) \(pad(t.hour, 2)):\(pad(t.minute, 2)):\(pad(t.second, 2))" + fraction
        }
    }

    /// Connector/J-style metadata for a column.
    static func metadata(_ c: MySQLColumn, type: MySQLColumnType) -> ColumnMetadata {
        let unsigned = c.flags & MySQLType.unsignedFlag != 0
        let numeric: Set<MySQLColumnType.Kind> = [.integer, .unsignedInteger, .decimal, .float, .double]
        let textual: Set<MySQLColumnType.Kind> = [.text]
        var precision = Int32(clamping: c.length)
        var scale: Int32 = 0
        switch type.kind {
        case .decimal:
            precision = Int32(clamping: c.length) - (unsigned ? 0 : 1) - (c.decimals > 0 ? 1 : 0)
            scale = Int32(clamping: c.decimals)
        case .float, .double:
            scale = c.decimals < 31 ? Int32(clamping: c.decimals) : 0
        case .text:
            precision = Int32(clamping: c.length / UInt(max(c.maxBytesPerChar, 1)))
        default: break
        }
        return ColumnMetadata(
            name: c.name, type: type.jdbcType, typeName: type.typeName, label: c.name, schemaName: "",
            tableName: c.originalTable,
            isAutoIncrement: c.flags & MySQLType.autoIncrementFlag != 0,
            isSigned: numeric.contains(type.kind) && !unsigned, isCurrency: false,
            isCaseSensitive: textual.contains(type.kind) && !c.collation.hasSuffix("_ci"),
            nullable: c.flags & MySQLType.notNullFlag != 0 ? 0 : 1, precision: precision, scale: scale,
            arrayBaseColumnType: 0)
    }
}
