extension String {
    /// The string with `pad` in front up to `width` characters (`"7".leftPadded(3)` is `"007"`);
    /// a longer string is returned as it is.
    package func leftPadded(_ width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
