/// One kind of a round, ready to be ranked again with each candidate's experts drawn anew.
/// Resampling keeps every candidate's number of sheets, so steps 1 and 2 (who is eligible and
/// complete) are done once; a resample re-aggregates only what a draw changes (the material, the
/// tie-break groups, the defence) and runs the engine's own steps 3 to 9 on that.
///
/// Only candidates that can be shortlisted in some resample are kept. Every aggregate rises with
/// each of its values, so a candidate's material lies between the aggregate of its lowest total
/// drawn every time and that of its highest. One whose highest possible material is below the
/// lowest possible material of `shortlist` others is never shortlisted, and taking it away moves
/// nobody above it; the rest of the ranking is decided among the shortlisted. With a frozen
/// shortlist, only those on it are kept. In a provincial round this leaves a few hundred of
/// tens of thousands.
struct Resampler {
    let input: ScoringInput
    let kind: CandidateKind
    /// Steps 1 and 2 on the round as it is, for the candidates kept; contenders are `.winner`.
    let base: [RankEntry]
    /// Indices into `base` of the contenders, and for each (aligned): its material totals and, per
    /// tie-break group, the subtotals of the same sheets.
    let contenders: [Int]
    let material: [[Int]]
    let groups: [String]
    let groupValues: [[[Int?]]]
    let defense: [String: [(expert: String, total: Points)]]

    init(_ input: ScoringInput, kind: CandidateKind) {
        self.input = input
        self.kind = kind
        let complete = CompleteSheets(input.totals)
        let all = ScoringEngine.aloneEntries(
            input, kind: kind, findings: Eligibility.findings(for: input.candidates, rules: input.round.rules),
            complete: complete)
        let base = Self.shortlistable(all.filter { $0.status == .winner }, kind: kind, input: input, complete: complete)
        let contenders = Array(base.indices)
        let sheets = contenders.map { complete.material[base[$0].candidate.id] ?? [] }
        let groups = input.round.rules.scoring.tieBreak.compactMap { if case .group(let id) = $0 { id } else { nil } }
        self.base = base
        self.contenders = contenders
        self.groups = groups
        material = sheets.map { $0.map(\.total.hundredths) }
        groupValues = sheets.map { own in groups.map { group in own.map { $0.groups[group]?.hundredths } } }
        defense = complete.defense
    }

    /// The contenders that can be shortlisted in some resample.
    static func shortlistable(
        _ contenders: [RankEntry], kind: CandidateKind, input: ScoringInput, complete: CompleteSheets
    ) -> [RankEntry] {
        if let frozen = input.decisions.frozenShortlist[kind] {
            return contenders.filter { frozen.contains($0.candidate.id) }
        }
        let scoring = input.round.rules.scoring
        let size = kind == .region ? scoring.shortlist.region : scoring.shortlist.school
        guard contenders.count > size else { return contenders }
        func extreme(_ entry: RankEntry, _ pick: ([Int]) -> Int?) -> Rational {
            let totals = (complete.material[entry.candidate.id] ?? []).map(\.total.hundredths)
            return Aggregate.value(of: Array(repeating: pick(totals)!, count: totals.count), rules: scoring)!
        }
        let lowest = contenders.map { extreme($0) { $0.min() } }.sorted(by: >)[size - 1]
        return contenders.filter { extreme($0) { $0.max() } >= lowest }
    }

    /// The ranking when contender k's material sheets are `materialDraws[k]` (indices into its
    /// sheets, repeats allowed) and a candidate's defence sheets are `defenseDraw(id, count)`.
    func ranking(materialDraws: [[Int]], defenseDraw: (String, Int) -> [Int]) -> Ranking {
        let scoring = input.round.rules.scoring
        var entries = base
        for (k, index) in contenders.enumerated() {
            let draws = materialDraws[k]
            let value = Aggregate.value(of: draws.map { material[k][$0] }, rules: scoring)!
            entries[index].material = Aggregate(totals: [], value: value, rule: .mean(of: draws.count))
            for (g, group) in groups.enumerated() {
                entries[index].groups[group] = Aggregate.value(
                    of: draws.compactMap { groupValues[k][g][$0] }, rules: scoring)
            }
        }
        return ScoringEngine.order(entries, kind: kind, input: input) { id in
            guard let sheets = defense[id] else { return nil }
            return Aggregate.of(defenseDraw(id, sheets.count).map { sheets[$0] }, rules: scoring)
        }
    }
}
