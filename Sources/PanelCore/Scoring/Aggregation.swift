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
        case .meanUntrimmed(let n, let minimum):
            "mean of \(n) (fewer than trim_min_experts \(minimum): nothing dropped)"
        case .median(let n): "median of \(n)"
        }
    }

    /// Aggregates `totals` (expert id, total) by the round's rules; `nil` for no totals.
    public static func of(_ totals: [(expert: String, total: Points)], rules: Rules.Scoring) -> Aggregate? {
        guard !totals.isEmpty else { return nil }
        let sorted = totals.sorted { ($0.total, $0.expert) < ($1.total, $1.expert) }
        var marked = sorted.map { ExpertTotal(expert: $0.expert, total: $0.total, trimmed: false) }
        let n = sorted.count
        let rule: Rule
        switch rules.aggregate {
        case .trimmedMean where trims(n, rules), .zscore where trims(n, rules):
            for index in marked.indices where index < rules.trim || index >= n - rules.trim {
                marked[index].trimmed = true
            }
            rule = .trimmedMean(trim: rules.trim, of: n)
        case .trimmedMean, .zscore: rule = .meanUntrimmed(of: n, trimMinExperts: rules.trimMinExperts)
        case .mean: rule = .mean(of: n)
        case .median: rule = .median(of: n)
        }
        return Aggregate(
            totals: marked, value: value(ofSorted: sorted.map(\.total.hundredths), rules: rules)!, rule: rule)
    }

    /// The value alone, for group subtotals: who gave which is not shown for them.
    public static func value(of hundredths: [Int], rules: Rules.Scoring) -> Rational? {
        value(ofSorted: hundredths.sorted(), rules: rules)
    }

    static func trims(_ n: Int, _ rules: Rules.Scoring) -> Bool { n >= rules.trimMinExperts && n > 2 * rules.trim }

    static func value(ofSorted sorted: [Int], rules: Rules.Scoring) -> Rational? {
        let n = sorted.count
        guard n > 0 else { return nil }
        switch rules.aggregate {
        case .trimmedMean where trims(n, rules), .zscore where trims(n, rules):
            return Rational(sorted[rules.trim..<(n - rules.trim)].reduce(0, +), n - 2 * rules.trim)
        case .trimmedMean, .zscore, .mean:
            return Rational(sorted.reduce(0, +), n)
        case .median:
            return n % 2 == 1 ? Rational(sorted[n / 2]) : Rational(sorted[n / 2 - 1] + sorted[n / 2], 2)
        }
    }
}
