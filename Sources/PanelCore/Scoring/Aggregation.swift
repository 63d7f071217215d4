/// One expert's total on a complete sheet, and whether the trimmed mean dropped it.
public struct ExpertTotal: Equatable, Sendable {
    public var expert: String
    public var total: Points
    public var trimmed: Bool
}

/// How the experts' totals of one stage (or one group's subtotals) became one score.
public struct Aggregate: Equatable, Sendable {
    /// Lowest first, then by expert id; trimmed ones marked.
    public var totals: [ExpertTotal]
    public var value: Rational
    /// `trimmed_mean (dropped 1 highest, 1 lowest)`, `mean`, `median`, …
    public var method: String

    /// Aggregates `totals` (expert id, total) by the round's rules; `nil` for no totals.
    public static func of(_ totals: [(expert: String, total: Points)], rules: Rules.Scoring) -> Aggregate? {
        guard !totals.isEmpty else { return nil }
        let sorted = totals.sorted { ($0.total, $0.expert) < ($1.total, $1.expert) }
        var marked = sorted.map { ExpertTotal(expert: $0.expert, total: $0.total, trimmed: false) }
        let n = sorted.count
        switch rules.aggregate {
        case .trimmedMean where n >= rules.trimMinExperts && n > 2 * rules.trim:
            for index in marked.indices where index < rules.trim || index >= n - rules.trim { marked[index].trimmed = true }
            let kept = marked.filter { !$0.trimmed }
            return Aggregate(totals: marked, value: Rational(kept.map(\.total.hundredths).reduce(0, +), kept.count),
                             method: "trimmed_mean (dropped \(rules.trim) highest and \(rules.trim) lowest of \(n))")
        case .trimmedMean, .mean:
            let note = rules.aggregate == .mean ? "mean of \(n)" : "mean of \(n) (fewer than trim_min_experts \(rules.trimMinExperts): nothing dropped)"
            return Aggregate(totals: marked, value: Rational(sorted.map(\.total.hundredths).reduce(0, +), n), method: note)
        case .median:
            let middle = n % 2 == 1 ? Rational(sorted[n / 2].total.hundredths)
                : Rational(sorted[n / 2 - 1].total.hundredths + sorted[n / 2].total.hundredths, 2)
            return Aggregate(totals: marked, value: middle, method: "median of \(n)")
        }
    }
}
