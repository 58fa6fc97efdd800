#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Counts the bytes ``ByteSink`` would write, without writing them.
struct CountSink: JSONSink {
    var count = 0

    @inline(__always)
    mutating func raw(_ text: StaticString) { count += text.utf8CodeUnitCount }

    @inline(__always)
    mutating func byte(_ b: UInt8) { count += 1 }

    mutating func string(_ s: String) {
        count += JSONText.withUTF8(s) { utf8 in
            var n = utf8.count + 2
            var i = JSONText.firstEscape(in: utf8, from: 0)
            while i < utf8.count {
                n += JSONText.shortEscape(utf8[i]) != 0 ? 1 : 5
                i = JSONText.firstEscape(in: utf8, from: i + 1)
            }
            return n
        }
    }

    mutating func int(_ v: Int64) { count += (v < 0 ? 1 : 0) + JSONText.digitCount(v.magnitude) }

    mutating func double(_ v: Double) throws {
        guard v.isFinite else { throw JSONText.nonFinite(v) }
        var counter = DoubleTextCounter()
        v.write(to: &counter)
        count += counter.endsInPointZero ? counter.count - 2 : counter.count
    }

    mutating func base64(_ d: Data) { count += JSONText.base64Count(d.count) + 2 }
}

/// Receives a double's text to learn its length and whether it ends in `.0`.
struct DoubleTextCounter: TextOutputStream {
    var count = 0
    private var last: UInt8 = 0
    private var beforeLast: UInt8 = 0

    var endsInPointZero: Bool { count >= 2 && beforeLast == UInt8(ascii: ".") && last == UInt8(ascii: "0") }

    mutating func write(_ string: String) { for b in string.utf8 { take(b) } }

    mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) { for b in buffer { take(b) } }

    @inline(__always)
    private mutating func take(_ b: UInt8) {
        count += 1
        beforeLast = last
        last = b
    }
}
