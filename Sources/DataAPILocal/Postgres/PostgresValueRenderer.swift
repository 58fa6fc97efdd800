import DataAPIClient
import Foundation
import NIOCore

/// Turns PostgreSQL binary-format values into Data API `Field`s, the way the service's
/// JDBC layer presents them (spec §5.2, §5.4).
///
/// Timestamps print as `YYYY-MM-DD HH:MM:SS[.ffffff]` with trailing zeros of the fraction
/// dropped; `timestamptz` and `timetz` are converted to UTC and printed without an offset;
/// `time` keeps milliseconds (JDBC's `java.sql.Time` precision).
enum PostgresValueRenderer {
    /// How a value is presented, decided per column type.
    enum Kind: Sendable, Hashable {
        case bool, int2, int4, int8, oid, float4, float8, numeric
        case text, bytea, date, time, timetz, timestamp, timestamptz, uuid, json, jsonb, inet, cidr, vector
        case void
        /// A one-dimensional array of the element kind.
        indirect case array(Kind)
        /// A type the service does not return (v2): its name for the error message.
        case unsupported(String)

        /// The type name when this kind, or an array's element kind, is unsupported.
        var unsupportedName: String? {
            switch self {
            case .unsupported(let name): name
            case .array(let element): element.unsupportedName
            default: nil
            }
        }
    }

    struct Options: Sendable {
        var decimalAsNumber = false
        var longAsString = false
    }

    struct RenderError: Error { var unsupported: String }

    static func field(_ buffer: ByteBuffer?, kind: Kind, options: Options) throws -> Field {
        guard var b = buffer else { return .null }
        switch kind {
        case .bool: return .booleanValue(b.readInteger(as: UInt8.self) == 1)
        case .int2: return long(Int64(b.readInteger(as: Int16.self) ?? 0), options)
        case .int4: return long(Int64(b.readInteger(as: Int32.self) ?? 0), options)
        case .int8: return long(b.readInteger(as: Int64.self) ?? 0, options)
        case .oid: return long(Int64(b.readInteger(as: UInt32.self) ?? 0), options)
        case .float4: return .doubleValue(Double(Float(bitPattern: b.readInteger(as: UInt32.self) ?? 0)))
        case .float8: return .doubleValue(Double(bitPattern: b.readInteger(as: UInt64.self) ?? 0))
        case .numeric:
            let text = numeric(&b)
            if options.decimalAsNumber {
                if !text.contains("."), let v = Int64(text) { return .longValue(v) }
                if let d = Double(text) { return .doubleValue(d) }
            }
            return .stringValue(text)
        case .bytea: return .blobValue(Data(b.readableBytesView))
        case .void: return .null
        case .array(let element): return .arrayValue(try array(&b, element: element, options: options))
        case .unsupported(let name): throw RenderError(unsupported: name)
        default: return .stringValue(try string(&b, kind: kind))
        }
    }

    static func long(_ v: Int64, _ options: Options) -> Field {
        options.longAsString ? .stringValue(String(v)) : .longValue(v)
    }

    /// JSON text without the whitespace between tokens, as Data API v2 returns `json` and
    /// `jsonb` values (`{"x":0,"z":[0,1]}`, where PostgreSQL prints `{"x": 0, "z": [0, 1]}`);
    /// strings, keys, their order and numbers are kept as they are.
    static func compactJSON(_ bytes: some Collection<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var inString = false, escaped = false
        for c in bytes {
            if inString {
                if escaped {
                    escaped = false
                } else if c == UInt8(ascii: "\\") {
                    escaped = true
                } else if c == UInt8(ascii: "\"") {
                    inString = false
                }
            } else if c == UInt8(ascii: "\"") {
                inString = true
            } else if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D {
                continue
            }
            out.append(c)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The text form of a scalar (used for string-valued kinds and array elements).
    static func string(_ b: inout ByteBuffer, kind: Kind) throws -> String {
        switch kind {
        case .text: return b.readString(length: b.readableBytes) ?? ""
        case .json: return compactJSON(b.readableBytesView)
        case .jsonb:
            b.moveReaderIndex(forwardBy: 1)
            return compactJSON(b.readableBytesView)
        case .numeric: return numeric(&b)
        case .bool: return b.readInteger(as: UInt8.self) == 1 ? "true" : "false"
        case .int2: return String(b.readInteger(as: Int16.self) ?? 0)
        case .int4: return String(b.readInteger(as: Int32.self) ?? 0)
        case .int8: return String(b.readInteger(as: Int64.self) ?? 0)
        case .oid: return String(b.readInteger(as: UInt32.self) ?? 0)
        case .float4: return String(Float(bitPattern: b.readInteger(as: UInt32.self) ?? 0))
        case .float8: return String(Double(bitPattern: b.readInteger(as: UInt64.self) ?? 0))
        case .date:
            let days = b.readInteger(as: Int32.self) ?? 0
            if days == Int32.max { return "infinity" }
            if days == Int32.min { return "-infinity" }
            return dateString(daysSince2000: Int64(days))
        case .time: return timeOfDay(b.readInteger(as: Int64.self) ?? 0, fractionDigits: 3)
        case .timetz:
            let micros = b.readInteger(as: Int64.self) ?? 0
            let zoneWest = Int64(b.readInteger(as: Int32.self) ?? 0)  // seconds west of UTC
            let day: Int64 = 86_400_000_000
            return timeOfDay(((micros + zoneWest * 1_000_000) % day + day) % day, fractionDigits: 3)
        case .timestamp, .timestamptz:
            let micros = b.readInteger(as: Int64.self) ?? 0
            if micros == Int64.max { return "infinity" }
            if micros == Int64.min { return "-infinity" }
            return timestamp(micros)
        case .uuid:
            let bytes = b.readBytes(length: 16) ?? []
            let hex = bytes.map { String($0, radix: 16).leftPadded(2) }.joined()
            let h = Array(hex)
            return String(h[0..<8]) + "-" + String(h[8..<12]) + "-" + String(h[12..<16]) + "-" + String(h[16..<20])
                + "-" + String(h[20..<32])
        case .inet, .cidr: return inet(&b, cidr: kind == .cidr)
        case .vector:
            let dim = Int(b.readInteger(as: Int16.self) ?? 0)
            b.moveReaderIndex(forwardBy: 2)
            var parts: [String] = []
            for _ in 0..<dim { parts.append(formatFloat(Float(bitPattern: b.readInteger(as: UInt32.self) ?? 0))) }
            return "[" + parts.joined(separator: ",") + "]"
        case .bytea:
            return "\\x"
                + (b.readBytes(length: b.readableBytes) ?? []).map { String($0, radix: 16).leftPadded(2) }.joined()
        case .void: return ""
        case .array: throw RenderError(unsupported: "multidimensional array")
        case .unsupported(let name): throw RenderError(unsupported: name)
        }
    }

    static func formatFloat(_ f: Float) -> String {
        f == f.rounded() && abs(f) < 1e15 ? String(Int64(f)) : String(f)
    }

    static func array(_ b: inout ByteBuffer, element: Kind, options: Options) throws -> ArrayValue {
        let ndim = b.readInteger(as: Int32.self) ?? 0
        _ = b.readInteger(as: Int32.self)  // has nulls
        _ = b.readInteger(as: UInt32.self)  // element type
        if ndim > 1 { throw RenderError(unsupported: "multidimensional array") }
        var count = 0
        if ndim == 1 {
            count = Int(b.readInteger(as: Int32.self) ?? 0)
            _ = b.readInteger(as: Int32.self)  // lower bound
        }
        var longs: [Int64?] = [], doubles: [Double?] = [], bools: [Bool?] = [], strings: [String?] = []
        for _ in 0..<count {
            let len = b.readInteger(as: Int32.self) ?? -1
            guard len >= 0, var e = b.readSlice(length: Int(len)) else {
                longs.append(nil); doubles.append(nil); bools.append(nil); strings.append(nil); continue
            }
            switch element {
            case .int2: longs.append(Int64(e.readInteger(as: Int16.self) ?? 0))
            case .int4: longs.append(Int64(e.readInteger(as: Int32.self) ?? 0))
            case .int8: longs.append(e.readInteger(as: Int64.self) ?? 0)
            case .oid: longs.append(Int64(e.readInteger(as: UInt32.self) ?? 0))
            case .float4: doubles.append(Double(Float(bitPattern: e.readInteger(as: UInt32.self) ?? 0)))
            case .float8: doubles.append(Double(bitPattern: e.readInteger(as: UInt64.self) ?? 0))
            case .bool: bools.append(e.readInteger(as: UInt8.self) == 1)
            default: strings.append(try string(&e, kind: element))
            }
        }
        switch element {
        case .int2, .int4, .int8, .oid:
            return options.longAsString ? .stringValues(longs.map { $0.map(String.init) }) : .longValues(longs)
        case .float4, .float8: return .doubleValues(doubles)
        case .bool: return .booleanValues(bools)
        default: return .stringValues(strings)
        }
    }

    // MARK: Formats

    static func dateString(daysSince2000 days: Int64) -> String {
        // Civil-from-days (Howard Hinnant), days relative to 1970-01-01.
        let z = days + 10_957 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        let text = "\(String(y > 0 ? y : 1 - y).leftPadded(4))-\(String(m).leftPadded(2))-\(String(d).leftPadded(2))"
        return y > 0 ? text : text + " BC"
    }

    static func timeOfDay(_ micros: Int64, fractionDigits: Int) -> String {
        let secs = micros / 1_000_000
        var frac = micros % 1_000_000
        let (hours, minutes, seconds) = (secs / 3600, secs / 60 % 60, secs % 60)
        var s = "\(String(hours).leftPadded(2)):\(String(minutes).leftPadded(2)):\(String(seconds).leftPadded(2))"
        if fractionDigits < 6 { frac /= Int64(pow(10.0, Double(6 - fractionDigits))) }
        if frac > 0 {
            var f = String(frac).leftPadded(fractionDigits)
            while f.last == "0" { f.removeLast() }
            s += "." + f
        }
        return s
    }

    static func timestamp(_ micros: Int64) -> String {
        let day: Int64 = 86_400_000_000
        var days = micros / day
        var rest = micros % day
        if rest < 0 { rest += day; days -= 1 }
        let date = dateString(daysSince2000: days)
        let time = timeOfDay(rest, fractionDigits: 6)
        if date.hasSuffix(" BC") { return String(date.dropLast(3)) + " " + time + " BC" }
        return date + " " + time
    }

    /// PostgreSQL's binary NUMERIC: ndigits, weight, sign, dscale, then base-10000 digits.
    static func numeric(_ b: inout ByteBuffer) -> String {
        let ndigits = Int(b.readInteger(as: Int16.self) ?? 0)
        let weight = Int(b.readInteger(as: Int16.self) ?? 0)
        let sign = b.readInteger(as: UInt16.self) ?? 0
        let dscale = Int(b.readInteger(as: Int16.self) ?? 0)
        switch sign {
        case 0xC000: return "NaN"
        case 0xD000: return "Infinity"
        case 0xF000: return "-Infinity"
        default: break
        }
        var digits: [Int] = []
        for _ in 0..<ndigits { digits.append(Int(b.readInteger(as: Int16.self) ?? 0)) }
        var intPart = ""
        if weight < 0 {
            intPart = "0"
        } else {
            for i in 0...weight {
                let d = i < digits.count ? digits[i] : 0
                intPart += i == 0 ? String(d) : String(d).leftPadded(4)
            }
        }
        var fracPart = ""
        if dscale > 0 {
            var i = weight + 1
            while fracPart.count < dscale {
                let d = i >= 0 && i < digits.count ? digits[i] : 0
                fracPart += String(d).leftPadded(4)
                i += 1
            }
            fracPart = String(fracPart.prefix(dscale))
        }
        let body = fracPart.isEmpty ? intPart : intPart + "." + fracPart
        let isZero = digits.allSatisfy { $0 == 0 }
        return sign == 0x4000 && !isZero ? "-" + body : body
    }

    static func inet(_ b: inout ByteBuffer, cidr: Bool) -> String {
        let family = b.readInteger(as: UInt8.self) ?? 2
        let bits = Int(b.readInteger(as: UInt8.self) ?? 0)
        _ = b.readInteger(as: UInt8.self)
        let count = Int(b.readInteger(as: UInt8.self) ?? 0)
        let bytes = b.readBytes(length: count) ?? []
        let address: String
        if family == 2 {
            address = bytes.map(String.init).joined(separator: ".")
        } else {
            var groups: [String] = []
            for i in stride(from: 0, to: bytes.count, by: 2) {
                groups.append(String(UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1]), radix: 16))
            }
            address = compressIPv6(groups)
        }
        let full = family == 2 ? 32 : 128
        return cidr || bits != full ? "\(address)/\(bits)" : address
    }

    static func compressIPv6(_ groups: [String]) -> String {
        var best = (start: -1, len: 0), cur = (start: -1, len: 0)
        for (i, g) in groups.enumerated() {
            if g == "0" {
                cur = cur.start < 0 ? (i, 1) : (cur.start, cur.len + 1); if cur.len > best.len { best = cur }
            } else {
                cur = (-1, 0)
            }
        }
        guard best.len >= 2 else { return groups.joined(separator: ":") }
        let head = groups[..<best.start].joined(separator: ":"),
            tail = groups[(best.start + best.len)...].joined(separator: ":")
        return head + "::" + tail
    }
}
