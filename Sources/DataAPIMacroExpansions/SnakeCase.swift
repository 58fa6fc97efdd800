/// `createdAt` → `created_at`, `userID` → `user_id`, `URLString` → `url_string`,
/// `BenchRow` → `bench_row`: a word starts at an upper-case letter that follows a
/// lower-case letter or digit, or that ends an upper-case run before a lower-case letter.
func snakeCased(_ name: String) -> String {
    let chars = Array(name)
    var out = ""
    for (i, c) in chars.enumerated() {
        if c.isUppercase, i > 0 {
            let previous = chars[i - 1]
            let nextIsLower = i + 1 < chars.count && chars[i + 1].isLowercase
            if previous.isLowercase || previous.isNumber || (previous.isUppercase && nextIsLower) {
                if previous != "_" { out.append("_") }
            }
        }
        out.append(contentsOf: c.lowercased())
    }
    return out
}
