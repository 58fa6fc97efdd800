extension StringProtocol {
    /// The text without leading and trailing whitespace (spaces, tabs, line breaks, and
    /// Unicode's other white space), as Foundation's `trimmingCharacters(in:)` gives it.
    package func trimmingWhitespace() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let last = lastIndex(where: { !$0.isWhitespace })!
        return String(self[first...last])
    }
}
