/// Splits items into consecutive requests, each as full as the request limit allows.
enum RequestPacking {
    /// Consecutive ranges of `sizes` whose request body, `base + Σ sizes + (count − 1) ×
    /// separator`, stays within `budget`, with at most `maxItems` items each. Greedy in
    /// order: every request but the last is short of the budget by less than one item, so
    /// the count is within one item per request of `⌈total / budget⌉`. Every item must fit
    /// alone (`base + size ≤ budget`).
    static func pack(_ sizes: [Int], base: Int, separator: Int, budget: Int, maxItems: Int = .max) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        var used = base
        for (i, size) in sizes.enumerated() {
            let needed = i == start ? size : separator + size
            if i > start && (used + needed > budget || i - start >= maxItems) {
                ranges.append(start..<i)
                start = i
                used = base + size
            } else {
                used += needed
            }
        }
        if start < sizes.count { ranges.append(start..<sizes.count) }
        return ranges
    }
}
