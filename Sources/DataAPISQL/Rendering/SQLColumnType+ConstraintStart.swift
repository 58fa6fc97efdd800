extension SQLColumnType {
    /// Where a custom type's text stops naming a type and starts a column constraint: the
    /// first `REFERENCES`, `CHECK` or `CONSTRAINT` word outside quotes and parentheses.
    static func constraintStart(in text: String) -> String.Index? {
        var depth = 0
        var quote: Character?
        var previous: Character = " "
        var i = text.startIndex
        while i < text.endIndex {
            let ch = text[i]
            if let q = quote {
                if ch == q { quote = nil }
            } else if ch == "'" || ch == "\"" || ch == "`" {
                quote = ch
            } else if ch == "(" {
                depth += 1
            } else if ch == ")" {
                depth -= 1
            } else if depth == 0, previous.isWhitespace, ch.isLetter {
                let rest = text[i...]
                for word in ["REFERENCES", "CHECK", "CONSTRAINT"] where rest.prefix(word.count).uppercased() == word {
                    let end = rest.index(rest.startIndex, offsetBy: word.count)
                    if end == rest.endIndex
                        || !(rest[end].isLetter || rest[end].isNumber || rest[end] == "_") {
                        return i
                    }
                }
            }
            previous = ch
            i = text.index(after: i)
        }
        return nil
    }
}

extension String {
    func trimmingSuffixSpaces() -> String {
        var s = self
        while s.last?.isWhitespace == true { s.removeLast() }
        return s
    }
}
