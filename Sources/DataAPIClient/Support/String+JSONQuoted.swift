extension String {
    /// The string as a JSON string literal, quotes included: `"`, `\` and the control
    /// characters escaped (`\n`, `\r`, `\t`, `\b`, `\f`, else `\u00XX`), everything else as it
    /// is. The local server's `formattedRecords` and the `data-api` tool's JSON output share it.
    package var jsonQuoted: String {
        var out = "\""
        for u in unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if u.value < 0x20 {
                    out += "\\u" + String(u.value, radix: 16).leftPadded(4)
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
