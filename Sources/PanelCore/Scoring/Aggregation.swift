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
    let rule: Rule

    /// How the value was reached, kept as facts: the sentence is written only when someone reads
    /// it (a provincial round aggregates half a million times per ranking).
    enum Rule: Equatable, Sendable {
        case trimmedMean(trim: Int, of: Int)
        case mean(of: Int)
        case meanUntrimmed(of: Int, trimMinExperts: Int)
        case median(of: Int)
    }

    /// `trimmed_mean (dropped 1 highest and 1 lowest of 7)`, `mean of 3`, `median of 4`, …
    public var method: String {
        switch rule {
        case .trimmedMean(let trim, let n): "trimmed_mean (dropped \(trim) highest and \(trim) lowest of \(n))"
        case .mean(let n): "mean of \(n)"
        case .meanUntrimmed(let n, let minimum): "mean of \(n) (fewer than trim_min_experts \(minimum): nothing dropped)"
        case .median(let n): "median of \(n)"
        }
    }

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
                             rule: .trimmedMean(trim: rules.trim, of: n))
        case .trimmedMean, .mean:
            return Aggregate(totals: marked, value: Rational(sorted.map(\.total.hundredths).reduce(0, +), n),
                             rule: rules.aggregate == .mean ? .mean(of: n) : .meanUntrimmed(of: n, trimMinExperts: rules.trimMinExperts))
        case .median:
            let middle = n % 2 == 1 ? Rational(sorted[n / 2].total.hundredths)
                : Rational(sorted[n / 2 - 1].total.hundredths + sorted[n / 2].total.hundredths, 2)
            return Aggregate(totals: marked, value: middle, rule: .median(of: n))
        }
    }
}
