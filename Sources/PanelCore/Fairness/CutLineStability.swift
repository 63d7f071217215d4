/// How firmly a candidate near a quota line holds its place: whether it wins under the round's
/// rule, under the mean and the median, in the severity-adjusted view, and in how many of
/// `[fairness] bootstrap` resamples of each candidate's experts (drawn with replacement, from a
/// fixed seed, so the same database gives the same figures).
public struct PlaceStability: Equatable, Sendable {
    public init(
        candidate: String, place: Int, official: Bool, mean: Bool, median: Bool, adjusted: Bool?, bootstrapWins: Int,
        resamples: Int, groupVariant: Bool? = nil
    ) {
        self.groupVariant = groupVariant
        self.candidate = candidate
        self.place = place
        self.official = official
        self.mean = mean
        self.median = median
        self.adjusted = adjusted
        self.bootstrapWins = bootstrapWins
        self.resamples = resamples
    }

    public var candidate: String
    /// 1 for the first in the official order (of those still contending).
    public var place: Int
    public var official: Bool
    public var mean: Bool
    public var median: Bool
    /// `nil` when the adjusted view is refused.
    public var adjusted: Bool?
    /// Whether it wins with `[defense] normalize` the other way (see GroupVariant); `nil` without
    /// parallel groups, or when that variant is refused.
    public var groupVariant: Bool?
    public var bootstrapWins: Int
    public var resamples: Int

    /// The rules that name it a winner, of those that could be applied.
    public var rulesWon: (won: Int, of: Int) {
        let verdicts = [official, mean, median] + (adjusted.map { [$0] } ?? []) + (groupVariant.map { [$0] } ?? [])
        return (verdicts.filter { $0 }.count, verdicts.count)
    }

    /// Share of every variant (the rules, then each resample) in which it wins.
    public var share: Double {
        let rules = rulesWon
        return Double(rules.won + bootstrapWins) / Double(rules.of + resamples)
    }

    public var bootstrapShare: Double? { resamples == 0 ? nil : Double(bootstrapWins) / Double(resamples) }

    /// A variant's verdict in a table: 获评 (wins), - (does not), n/a (the variant was refused).
    public static func mark(_ won: Bool?) -> String { won.map { $0 ? "获评" : "-" } ?? "n/a" }

    /// `3/4 87%`: rules won of rules, then the resampled share; short enough for a column.
    public var summary: String {
        let rules = rulesWon
        return "\(rules.won)/\(rules.of)" + (bootstrapShare.map { " \(Int(($0 * 100).rounded()))%" } ?? "")
    }
}

public struct CutLineStability: Equatable, Sendable {
    public init(
        kind: CandidateKind, quota: Int, places: [PlaceStability], adjustedRefusal: String?, resamples: Int,
        seed: UInt64, groupVariantLabel: String? = nil
    ) {
        self.groupVariantLabel = groupVariantLabel
        self.kind = kind
        self.quota = quota
        self.places = places
        self.adjustedRefusal = adjustedRefusal
        self.resamples = resamples
        self.seed = seed
    }

    public var kind: CandidateKind
    public var quota: Int
    /// The candidates within `[fairness] window` places of the quota line, in the official order.
    public var places: [PlaceStability]
    /// Why the severity-adjusted variant is missing, if it is.
    public var adjustedRefusal: String?
    /// The defence groups' variant, when there are parallel groups: `分组标准化` or `不分组标准化`.
    public var groupVariantLabel: String?
    public var resamples: Int
    public var seed: UInt64

    public func place(of id: String) -> PlaceStability? { places.first { $0.candidate == id } }

    /// `official` and `adjusted`: the round's ranking of `kind` from `input` and its adjusted view,
    /// when the caller has them already. `parallel: false` keeps the resampling on the calling
    /// thread (a background job that must leave the other core to the experts' saves).
    public static func compute(
        _ input: ScoringInput, kind: CandidateKind, official: Ranking? = nil,
        adjusted: FairnessReport.AdjustedView? = nil,
        parallel: Bool = true
    ) -> CutLineStability {
        let rules = input.round.rules, fairness = rules.fairness
        let official = official ?? ScoringEngine.rank(input, kind: kind)
        let contending = official.entries.filter { $0.status != .ineligible && $0.status != .incomplete }
        // `window` places down to the line and as many below it.
        let window = contending.enumerated().map { ($0.offset + 1, $0.element.candidate.id) }
            .filter { place, _ in place > official.quota - fairness.window && place <= official.quota + fairness.window
            }
        var result = CutLineStability(
            kind: kind, quota: official.quota, places: [], adjustedRefusal: nil, resamples: fairness.bootstrap,
            seed: fairness.seed)
        guard !window.isEmpty else { return result }

        func winners(_ ranking: Ranking) -> Set<String> { Set(ranking.winners.map(\.candidate.id)) }
        func under(_ aggregate: Rules.Aggregate) -> Set<String> {
            var changed = input
            changed.round.rules.scoring.aggregate = aggregate
            return winners(ScoringEngine.rank(changed, kind: kind))
        }
        let byMean = under(.mean), byMedian = under(.median)
        let view = adjusted ?? FairnessReport.AdjustedView.of(input, kind: kind)
        let byAdjusted = view.ranking.map(winners)
        result.adjustedRefusal = view.refusal
        // Resampled from what the official rule ranks: adjusted totals when the rule is zscore
        // (then `adjusted` succeeded, or nobody contends and there is no window).
        let groups = GroupNormalization.variant(input, kind: kind)
        let byGroups = groups?.ranking.map(winners)
        result.groupVariantLabel = groups?.label
        var base = input
        if rules.defense.normalize == .groupZscore,
            case .success(let normalized) = GroupNormalization.adjusted(
                input, kind: kind)
        {
            base = normalized
            base.round.rules.defense.normalize = .none
        }
        if rules.scoring.aggregate == .zscore,
            case .success(let adjustedInput) = SeverityAdjustment.adjusted(base, kind: kind)
        {
            base = adjustedInput
        }
        base.round.rules.scoring.aggregate = rules.scoring.adjustedAggregate
        let wins = bootstrapWins(
            base, kind: kind, ids: window.map(\.1), resamples: fairness.bootstrap, seed: fairness.seed,
            parallel: parallel)
        let officialWinners = winners(official)
        result.places = window.map { place, id in
            PlaceStability(
                candidate: id, place: place, official: officialWinners.contains(id), mean: byMean.contains(id),
                median: byMedian.contains(id),
                adjusted: byAdjusted.map { $0.contains(id) }, bootstrapWins: wins[id] ?? 0,
                resamples: fairness.bootstrap, groupVariant: byGroups.map { $0.contains(id) })
        }
        return result
    }

    /// In how many resamples each of `ids` wins. Each resample draws, for every candidate of the
    /// kind, as many sheets as it has from its own complete sheets with replacement (material and
    /// defence apart), then ranks by the engine's own rules (see Resampler). Resample r has a
    /// generator of its own, seeded from (seed, r), so the figures do not depend on how the work is
    /// spread over cores.
    static func bootstrapWins(
        _ input: ScoringInput, kind: CandidateKind, ids: [String], resamples: Int, seed: UInt64, parallel: Bool
    ) -> [String: Int] {
        guard resamples > 0 else { return [:] }
        let resampler = Resampler(input, kind: kind)
        let watched = Set(ids)
        let perResample: [[String]] = Array(0..<resamples).concurrentMap(minimum: parallel ? 2 : Int.max) { r in
            var mixer = SeededRandom(seed: seed &+ UInt64(r))
            var random = SeededRandom(seed: mixer.next())
            func draw(_ count: Int) -> [Int] { (0..<count).map { _ in Int(random.next() % UInt64(count)) } }
            let materialDraws = resampler.material.map { draw($0.count) }
            let ranking = resampler.ranking(materialDraws: materialDraws) { _, count in draw(count) }
            return ranking.entries.lazy.filter { $0.status == .winner && watched.contains($0.candidate.id) }.map(
                \.candidate.id)
        }
        var wins: [String: Int] = [:]
        for winners in perResample { for id in winners { wins[id, default: 0] += 1 } }
        return wins
    }
}
