import DataAPIClient
import DataAPITestServer
import Foundation

/// Random wire values from a seed, weighted towards what breaks JSON writers and readers: escapes,
/// astral and combining characters, doubles of every form (subnormals included), Int64 extremes,
/// nested arrays. The request and response tests build their shapes from these values.
struct WireValueGenerator {
    var g: SplitMix

    init(seed: UInt64) { g = SplitMix(seed: seed) }

    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &g) < p }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &g) }

    mutating func maybe<T>(_ p: Double = 0.5, _ make: (inout Self) -> T) -> T? { chance(p) ? make(&self) : nil }

    mutating func string() -> String {
        let pieces = [
            "\"", "\\", "/", "\\/", "é", "ß", "中", "😀", "👩‍👩‍👧", "e\u{301}", "\u{2028}", "\u{2029}", "\u{7F}", "\u{80}",
            "\u{FEFF}", "\u{FFFD}", "\u{FFFF}", "\u{10FFFF}", "\u{0}", "\n", "\r\n", "\t", " ", "SELECT", "'",
            "\\u00e9",
            "2024-05-17 12:34:56.789", "customer name with a few more words",
        ]
        var s = ""
        for _ in 0..<int(0...24) {
            switch int(0...9) {
            case 0...4: s.unicodeScalars.append(Unicode.Scalar(UInt8(int(0x20...0x7E))))
            case 5: s.unicodeScalars.append(Unicode.Scalar(UInt8(int(0...0x1F))))
            case 6: s += pieces[int(0...pieces.count - 1)]
            case 7: if let u = Unicode.Scalar(UInt32(int(0x80...0x10FFFF))) { s.unicodeScalars.append(u) }
            case 8: if let u = Unicode.Scalar(UInt32(int(0x300...0x36F))) { s.unicodeScalars.append(u) }
            default: s += String(int(-1000...1000))
            }
        }
        return s
    }

    mutating func double() -> Double {
        switch int(0...6) {
        case 0:  // any finite bit pattern: subnormals, huge and tiny exponents
            while true {
                let d = Double(bitPattern: g.next())
                if d.isFinite { return d }
            }
        case 1: return Double(int(-1_000_000...1_000_000)) / [1, 10, 100, 1000, 1e6][int(0...4)]
        case 2: return Double(Int64.random(in: .min ... .max, using: &g))
        case 3: return Double.random(in: -1...1, using: &g) * [1, 1e-10, 1e10, 1e20, 1e-300, 1e300][int(0...5)]
        case 4: return Double(int(-100...100))
        case 5: return Double(bitPattern: UInt64.random(in: 0...0x000F_FFFF_FFFF_FFFF, using: &g))  // subnormal
        default:
            let special: [Double] = [0, -0.0, 1e16, 1e15, 1e-4, 1e-5, 1e-7, 1.5e-7, .leastNonzeroMagnitude,
                                     .greatestFiniteMagnitude, .leastNormalMagnitude, 9007199254740992, 0.1, -1.5,
                                     1e22, 1e23]
            return special[int(0...special.count - 1)]
        }
    }

    mutating func long() -> Int64 {
        switch int(0...3) {
        case 0: Int64.random(in: .min ... .max, using: &g)
        case 1: Int64(int(-1000...1000))
        case 2: [Int64.min, .max, 0, -1, 10, -10][int(0...5)]
        default: Int64(int(-1000...1000)) * 10_000_000_000
        }
    }

    mutating func blob() -> Data { Data((0..<int(0...40)).map { _ in UInt8.random(in: 0...255, using: &g) }) }

    mutating func array(depth: Int = 0) -> ArrayValue {
        let n = int(0...5)
        switch int(0...(depth < 3 ? 4 : 3)) {
        case 0: return .booleanValues((0..<n).map { _ in maybe(0.8) { $0.chance(0.5) } })
        case 1: return .longValues((0..<n).map { _ in maybe(0.8) { $0.long() } })
        case 2: return .doubleValues((0..<n).map { _ in maybe(0.8) { $0.double() } })
        case 3: return .stringValues((0..<n).map { _ in maybe(0.8) { $0.string() } })
        default: return .arrayValues((0..<n).map { _ in array(depth: depth + 1) })
        }
    }

    mutating func field() -> Field {
        switch int(0...8) {
        case 0: .isNull(chance(0.9))
        case 1: .booleanValue(chance(0.5))
        case 2: .longValue(long())
        case 3: .doubleValue(double())
        case 4, 5: .stringValue(string())
        case 6: .blobValue(blob())
        default: .arrayValue(array())
        }
    }
}
