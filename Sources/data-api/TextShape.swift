/// Byte-level checks of the text shapes `import` accepts (numbers, dates, times), cheaper
/// than regular expressions over every field of a large file.
struct TextShape {
    private let b: [UInt8]
    private var i = 0

    private init(_ s: String) { b = Array(s.utf8) }

    /// `[+-]digits[.digits][e[+-]digits]`, or `.digits`.
    static func isDecimal(_ s: String) -> Bool {
        var t = TextShape(s)
        _ = t.any(of: "+-")
        let whole = t.digits()
        var fraction = 0
        if t.literal(".") { fraction = t.digits() }
        guard whole + fraction > 0 else { return false }
        if t.any(of: "eE") {
            _ = t.any(of: "+-")
            guard t.digits() > 0 else { return false }
        }
        return t.atEnd
    }

    /// `YYYY-MM-DD`.
    static func isDate(_ s: String) -> Bool {
        var t = TextShape(s)
        return t.date() && t.atEnd
    }

    /// `HH:MM[:SS[.fraction]]` and an optional zone.
    static func isTime(_ s: String) -> Bool {
        var t = TextShape(s)
        return t.time() && t.zone() && t.atEnd
    }

    /// A date, a blank or `T`, a time and an optional zone (`Z`, `+HH`, `+HH:MM`, `+HHMM`).
    static func isTimestamp(_ s: String) -> Bool {
        var t = TextShape(s)
        return t.date() && t.any(of: " T") && t.time() && t.zone() && t.atEnd
    }

    private var atEnd: Bool { i == b.count }

    private mutating func date() -> Bool {
        exactly(4) && literal("-") && exactly(2) && literal("-") && exactly(2)
    }

    private mutating func time() -> Bool {
        guard exactly(2), literal(":"), exactly(2) else { return false }
        if literal(":") {
            guard exactly(2) else { return false }
            if literal(".") { return digits() > 0 }
        }
        return true
    }

    private mutating func zone() -> Bool {
        if atEnd || literal("Z") { return true }
        guard any(of: "+-"), exactly(2) else { return false }
        _ = literal(":")
        if !atEnd { return exactly(2) }
        return true
    }

    private mutating func digits() -> Int {
        let start = i
        while i < b.count && b[i] >= 0x30 && b[i] <= 0x39 { i += 1 }
        return i - start
    }

    private mutating func exactly(_ n: Int) -> Bool {
        guard i + n <= b.count else { return false }
        for k in i..<(i + n) where !(b[k] >= 0x30 && b[k] <= 0x39) { return false }
        i += n
        return true
    }

    private mutating func literal(_ c: Unicode.Scalar) -> Bool {
        guard i < b.count, b[i] == UInt8(ascii: c) else { return false }
        i += 1
        return true
    }

    private mutating func any(of set: String) -> Bool {
        guard i < b.count, set.utf8.contains(b[i]) else { return false }
        i += 1
        return true
    }
}
