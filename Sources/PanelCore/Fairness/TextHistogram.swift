/// Totals drawn as one line of text on a shared axis, for the console and `panel stats`: each
/// column a bin, its character darker the more totals fall in it (relative to the line's fullest
/// bin, so that each expert's shape shows). ASCII only: block characters are drawn two cells wide
/// by many Chinese terminals.
public enum TextHistogram {
    public static let ramp: [Character] = [" ", ".", ":", "-", "=", "+", "*", "#", "%", "@"]

    /// The bin of `total` on an axis from `low` to `high` cut in `width` equal bins.
    static func bin(_ total: Points, low: Points, high: Points, width: Int) -> Int {
        let span = max(1, high.hundredths - low.hundredths)
        return min(width - 1, max(0, (total.hundredths - low.hundredths) * width / span))
    }

    public static func counts(_ totals: [Points], low: Points, high: Points, width: Int) -> [Int] {
        var counts = Array(repeating: 0, count: max(1, width))
        for total in totals { counts[bin(total, low: low, high: high, width: counts.count)] += 1 }
        return counts
    }

    public static func line(_ totals: [Points], low: Points, high: Points, width: Int) -> String {
        let counts = counts(totals, low: low, high: high, width: width)
        let fullest = counts.max() ?? 0
        guard fullest > 0 else { return String(repeating: " ", count: counts.count) }
        // Any bin with a total gets at least the lightest mark.
        return String(counts.map { ramp[$0 == 0 ? 0 : max(1, ($0 * (ramp.count - 1) + fullest - 1) / fullest)] })
    }

    /// `60` under the first column and `100` ending under the last, the middle value between.
    public static func axis(low: Points, high: Points, width: Int) -> String {
        var text = Array(repeating: Character(" "), count: max(width, 1))
        let left = Array("\(low.hundredths / 100)"), right = Array("\((high.hundredths + 99) / 100)")
        let middleValue = Array("\((low.hundredths + high.hundredths) / 200)")
        for (index, character) in left.enumerated() where index < text.count { text[index] = character }
        let middle = text.count / 2 - middleValue.count / 2
        if middle > left.count, middle + middleValue.count < text.count - right.count {
            for (index, character) in middleValue.enumerated() { text[middle + index] = character }
        }
        for (index, character) in right.enumerated() where text.count - right.count + index >= left.count {
            text[text.count - right.count + index] = character
        }
        return String(text)
    }
}
