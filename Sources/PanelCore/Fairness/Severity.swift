/// One expert's leaning over their submitted material sheets: how their total compares with the
/// aggregate of the other experts' totals for the same candidate.
public struct ExpertSeverity: Equatable, Sendable {
    public var expert: String
    /// Submitted sheets, and their mean total.
    public var sheets: Int
    public var meanTotal: Rational
    /// Sheets whose candidate has at least one other expert's submitted sheet to compare with.
    public var compared: Int
    /// Mean of (own total − the others' aggregate); below zero is strict, above lenient. `nil`
    /// when no sheet could be compared.
    public var severity: Rational?
    /// Beyond `[fairness] severity_flag` either way.
    public var flagged: Bool
}

/// A sheet whose total lies farther than `[fairness] corridor` from the others' aggregate.
public struct OutlierSheet: Equatable, Sendable {
    public var key: SheetKey
    public var total: Points
    /// The aggregate of the other experts' totals for the candidate, by the round's rule.
    public var others: Rational
    public var otherExperts: Int
    /// The chair's "reviewed" mark, if one stands for this total.
    public var review: OutlierReview?

    /// Own total minus the others'.
    public var difference: Rational { Rational(total) - others }
}

/// The chair's note that an outlier sheet was looked at. It stands only for the total it was
/// made on: if the expert changes the sheet, it is an outlier to look at again.
public struct OutlierReview: Equatable, Sendable {
    public init(total: Points, note: String, chair: String) {
        self.total = total
        self.note = note
        self.chair = chair
    }

    public var total: Points
    public var note: String
    public var chair: String
}

public enum Severity {
    /// One comparison: a sheet and the aggregate of the other sheets of its candidate.
    struct Comparison {
        var sheet: StageSheets.Sheet
        var others: Rational
        var count: Int
    }

    /// Every sheet that has at least one other on its candidate, with the others' aggregate
    /// (the round's own rule; `zscore` compares raw totals with their trimmed mean).
    static func comparisons(_ sheets: StageSheets, rules: Rules.Scoring) -> [Comparison] {
        var found: [Comparison] = []
        for (_, own) in sheets.byCandidate where own.count > 1 {
            let totals = own.map(\.total.hundredths)
            for (index, sheet) in own.enumerated() {
                var rest = totals
                rest.remove(at: index)
                found.append(
                    Comparison(sheet: sheet, others: Aggregate.value(of: rest, rules: rules)!, count: rest.count))
            }
        }
        return found
    }

    /// Each expert who submitted a sheet in `sheets` (one or more kinds, usually the material
    /// stage), in id order.
    public static func experts(_ sheets: [StageSheets], rules: Rules) -> [ExpertSeverity] {
        var totals: [String: (count: Int, sum: Int)] = [:]
        var differences: [String: (count: Int, sum: Rational)] = [:]
        for group in sheets {
            for sheet in group.sheets {
                totals[sheet.expert, default: (0, 0)].count += 1; totals[sheet.expert]!.sum += sheet.total.hundredths
            }
            for comparison in comparisons(group, rules: rules.scoring) {
                let expert = comparison.sheet.expert
                let entry = differences[expert] ?? (0, Rational(0))
                differences[expert] = (
                    entry.count + 1, entry.sum + (Rational(comparison.sheet.total) - comparison.others)
                )
            }
        }
        let bound = Rational(rules.fairness.severityFlag)
        return totals.keys.sorted().map { expert in
            let own = totals[expert]!, compared = differences[expert]
            let severity = compared.map { $0.sum.divided(by: $0.count) }
            return ExpertSeverity(
                expert: expert, sheets: own.count, meanTotal: Rational(own.sum, own.count),
                compared: compared?.count ?? 0,
                severity: severity, flagged: severity.map { $0.magnitude > bound } ?? false)
        }
    }

    /// The sheets beyond the corridor, farthest first (then by sheet), with the reviews that
    /// still stand for their totals.
    public static func outliers(_ sheets: [StageSheets], rules: Rules, reviews: [SheetKey: OutlierReview] = [:])
        -> [OutlierSheet]
    {
        let corridor = Rational(rules.fairness.corridor)
        var found: [OutlierSheet] = []
        for group in sheets {
            for comparison in comparisons(group, rules: rules.scoring) {
                let sheet = comparison.sheet
                let key = SheetKey(expert: sheet.expert, candidate: sheet.candidate, stage: group.stage)
                var outlier = OutlierSheet(
                    key: key, total: sheet.total, others: comparison.others, otherExperts: comparison.count, review: nil
                )
                guard outlier.difference.magnitude > corridor else { continue }
                outlier.review = reviews[key].flatMap { $0.total == sheet.total ? $0 : nil }
                found.append(outlier)
            }
        }
        return found.sorted { ($1.difference.magnitude, $0.key) < ($0.difference.magnitude, $1.key) }
    }
}
