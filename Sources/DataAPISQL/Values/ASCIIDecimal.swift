/// Integers written as ASCII decimal digits straight into a byte buffer, without the
/// `String` that `description` makes: dates and batch rows write many of them per row.
package enum ASCIIDecimal {
    /// Appends `v` in decimal, zero-padded to `minimumDigits` digits (a minus sign before
    /// the digits).
    package static func append(_ v: Int64, minimumDigits: Int = 1, to out: inout [UInt8]) {
        if v < 0 { out.append(UInt8(ascii: "-")) }
        var m = v.magnitude
        var digits = 0
        var probe = m
        repeat { digits += 1; probe /= 10 } while probe > 0
        let width = max(minimumDigits, digits)
        let end = out.count + width
        out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width))
        var i = end
        repeat {
            i -= 1
            out[i] = UInt8(ascii: "0") + UInt8(m % 10)
            m /= 10
        } while m > 0
    }
}
