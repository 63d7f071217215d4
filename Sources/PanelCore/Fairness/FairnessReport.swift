/// Everything the chair's statistics show, computed from one reading of the round.
public struct FairnessReport: Equatable, Sendable {
    /// The severity-adjusted ranking of one kind beside the official one, or why there is none.
    public struct AdjustedView: Equatable, Sendable {
        public var kind: CandidateKind
        public var ranking: Ranking?
        public var refusal: String?

        /// The severity-adjusted ranking of `kind` from `input`, or why there is none.
        public static func of(_ input: ScoringInput, kind: CandidateKind) -> AdjustedView {
            switch SeverityAdjustment.adjusted(input, kind: kind) {
            case .success(var adjusted):
                adjusted.round.rules.scoring.aggregate = input.round.rules.scoring.adjustedAggregate
                return AdjustedView(kind: kind, ranking: ScoringEngine.rank(adjusted, kind: kind), refusal: nil)
            case .failure(let refusal):
                return AdjustedView(kind: kind, ranking: nil, refusal: refusal.description)
            }
        }

        /// How its winners differ from `official`'s: how many both name, and who wins only here
        /// or only there (ids sorted); `nil` when the view was refused.
        public func winners(against official: Ranking) -> (both: Int, gained: [String], lost: [String])? {
            guard let ranking else { return nil }
            let before = Set(official.winners.map(\.candidate.id)), after = Set(ranking.winners.map(\.candidate.id))
            return (
                after.intersection(before).count, after.subtracting(before).sorted(), before.subtracting(after).sorted()
            )
        }
    }

    /// The defence groups of one kind: each group's mean and spread, and the ranking with
    /// `[defense] normalize` the other way, with how many places it moves.
    public struct DefenseGroupsView: Equatable, Sendable {
        public var kind: CandidateKind
        public var figures: [GroupNormalization.GroupFigure]
        public var variant: GroupVariant?
        public var moved: Int
        /// Who wins only under the variant, and who only under the official rule (ids sorted).
        public var gained: [String]
        public var lost: [String]
    }

    public var kinds: [CandidateKind]
    public var rules: Rules
    public var official: [Ranking]
    /// Submitted material sheets of the kinds: what severity and the histograms are over.
    public var material: [StageSheets]
    public var severity: [ExpertSeverity]
    /// Both stages.
    public var outliers: [OutlierSheet]
    public var agreement: [Agreement]
    public var adjusted: [AdjustedView]
    public var stability: [CutLineStability]
    /// Empty without parallel defence groups.
    public var defenseGroups: [DefenseGroupsView] = []

    /// `stability: false` leaves out the resampling, the one slow part (a second or more at
    /// national size), for screens that refresh often.
    public static func compute(
        _ input: ScoringInput, kinds: [CandidateKind] = CandidateKind.allCases,
        reviews: [SheetKey: OutlierReview] = [:], stability: Bool = true
    ) -> FairnessReport {
        let rules = input.round.rules
        let official = ScoringEngine.rank(input, kinds: kinds)
        let material = kinds.map { StageSheets(input, kind: $0, stage: .material) }
        let defense = kinds.map { StageSheets(input, kind: $0, stage: .defense) }
        let adjusted = kinds.map { AdjustedView.of(input, kind: $0) }
        var report = FairnessReport(
            kinds: kinds, rules: rules, official: official, material: material,
            severity: Severity.experts(material, rules: rules),
            outliers: Severity.outliers(material + defense.filter { !$0.isEmpty }, rules: rules, reviews: reviews),
            agreement: KrippendorffAlpha.table(material + defense.filter { !$0.isEmpty }),
            adjusted: adjusted,
            stability: stability
                ? kinds.indices.map {
                    CutLineStability.compute(input, kind: kinds[$0], official: official[$0], adjusted: adjusted[$0])
                } : [])
        if Set(input.defenseGroups.values).count > 1 {
            report.defenseGroups = kinds.indices.map { index in
                let variant = GroupNormalization.variant(input, kind: kinds[index])
                let changes = variant?.ranking.flatMap {
                    AdjustedView(kind: kinds[index], ranking: $0, refusal: nil).winners(against: official[index])
                }
                return DefenseGroupsView(
                    kind: kinds[index], figures: GroupNormalization.figures(input, kind: kinds[index]),
                    variant: variant, moved: variant?.moved(against: official[index]) ?? 0,
                    gained: changes?.gained ?? [], lost: changes?.lost ?? [])
            }
        }
        return report
    }

    /// Every expert's submitted material totals, by expert id.
    public var totalsByExpert: [(expert: String, totals: [Points])] {
        Dictionary(grouping: material.flatMap(\.sheets), by: \.expert).map { ($0.key, $0.value.map(\.total)) }.sorted {
            $0.expert < $1.expert
        }
    }

    /// The axis every expert's histogram shares: the lowest and highest material total, whole points.
    public var totalsRange: (low: Points, high: Points) {
        let all = material.flatMap(\.sheets).map(\.total)
        guard let low = all.min(), let high = all.max() else { return (.zero, Points(100)) }
        return (Points(low.hundredths / 100), Points((high.hundredths + 99) / 100))
    }
}

extension Rules.Scoring {
    /// What adjusted totals are aggregated by: the round's own rule, and for `zscore` (whose
    /// totals are adjusted already) the trimmed mean it is defined with.
    var adjustedAggregate: Rules.Aggregate { aggregate == .zscore ? .trimmedMean : aggregate }
}
