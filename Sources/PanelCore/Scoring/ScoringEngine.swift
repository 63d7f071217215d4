/// One sheet as the engine needs it: whose, submitted or not, its total and each group's subtotal.
public struct SheetTotal: Equatable, Sendable {
    public init(key: SheetKey, status: ScoreSheet.Status, total: Points, groups: GroupTotals) {
        self.key = key
        self.status = status
        self.total = total
        self.groups = groups
    }

    /// Sums a sheet's items by the groups of `rubric`.
    public init(_ sheet: ScoreSheet, rubric: Rubric) {
        var groups = GroupTotals()
        for group in rubric.groups { groups[group.id] = group.items.compactMap { sheet.scores[$0.id] }.sum() }
        self.init(key: sheet.key, status: sheet.status, total: sheet.total, groups: groups)
    }

    public var key: SheetKey
    public var status: ScoreSheet.Status
    public var total: Points
    public var groups: GroupTotals
}

/// A sheet's subtotal per group (一级指标), by group id in order. Small and without hashing: a
/// provincial round reads 700,000 of them for every ranking. Sheets read one after another
/// share one array of ids.
public struct GroupTotals: Equatable, Sendable {
    public private(set) var ids: [String]
    public private(set) var values: [Points]

    public init() { ids = []; values = [] }

    /// `ids` sorted, one value each.
    public init(sortedIDs ids: [String], values: [Points]) {
        precondition(
            ids.count == values.count && zip(ids, ids.dropFirst()).allSatisfy { $0 < $1 },
            "group ids unsorted or values missing")
        self.ids = ids
        self.values = values
    }

    public var isEmpty: Bool { ids.isEmpty }

    public subscript(id: String) -> Points? {
        get { ids.firstIndex(of: id).map { values[$0] } }
        set {
            let position = ids.firstIndex { $0 >= id } ?? ids.endIndex
            let present = position < ids.endIndex && ids[position] == id
            switch (present, newValue) {
            case (true, let value?): values[position] = value
            case (true, nil): ids.remove(at: position); values.remove(at: position)
            case (false, let value?): ids.insert(id, at: position); values.insert(value, at: position)
            case (false, nil): break
            }
        }
    }
}

/// Everything the engine reads, as values.
public struct ScoringInput: Sendable {
    public init(
        round: RoundDefinition, candidates: [Candidate], totals: [SheetTotal], decisions: ChairDecisions,
        finalized: Bool
    ) {
        self.round = round
        self.candidates = candidates
        self.totals = totals
        self.decisions = decisions
        self.finalized = finalized
    }

    /// From whole sheets: each is summed by the groups of its own indicator sheet.
    public init(
        round: RoundDefinition, candidates: [Candidate], sheets: [ScoreSheet], decisions: ChairDecisions,
        finalized: Bool
    ) {
        let kinds = Dictionary(candidates.map { ($0.id, $0.kind) }, uniquingKeysWith: { first, _ in first })
        let totals = sheets.compactMap { sheet in
            kinds[sheet.key.candidate].map { SheetTotal(sheet, rubric: round.sheet(sheet.key.stage.sheet(for: $0))) }
        }
        self.init(round: round, candidates: candidates, totals: totals, decisions: decisions, finalized: finalized)
    }

    public var round: RoundDefinition
    public var candidates: [Candidate]
    public var totals: [SheetTotal]
    public var decisions: ChairDecisions
    public var finalized: Bool
    /// The defence group of each candidate that has one (`panel defense groups`), for
    /// `[defense] normalize = "group_zscore"`.
    public var defenseGroups: [String: Int] = [:]
}

/// The notice's rules, applied to one kind at a time (issue 4, steps 1–9): eligibility, the
/// material aggregate, the shortlist for the defence, the defence, the final, the order with its
/// tie-breaks, the threshold and the cut line. Exact (rationals of hundredths) and independent of
/// the order of its input.
public enum ScoringEngine {
    public static func rank(_ input: ScoringInput, kind: CandidateKind) -> Ranking {
        rank(input, kinds: [kind])[0]
    }

    /// Several kinds from one reading of the sheets and one eligibility check.
    public static func rank(_ input: ScoringInput, kinds: [CandidateKind]) -> [Ranking] {
        let rules = input.round.rules
        let normalizing = rules.defense.normalize == .groupZscore && !input.defenseGroups.isEmpty
        guard rules.scoring.aggregate == .zscore || normalizing else { return rank(unadjusted: input, kinds: kinds) }
        return kinds.map { kind in
            // The groups' defence totals standardized, then each expert's: or nobody ranked and why.
            var adjusted = input
            if normalizing {
                switch GroupNormalization.adjusted(input, kind: kind) {
                case .success(let normalized): adjusted = normalized
                case .failure(let refusal):
                    return rank(unadjusted: input, kinds: [kind], refusal: "group_zscore: \(refusal)")[0]
                }
            }
            guard rules.scoring.aggregate == .zscore else { return rank(unadjusted: adjusted, kinds: [kind])[0] }
            switch SeverityAdjustment.adjusted(adjusted, kind: kind) {
            case .success(let severity): return rank(unadjusted: severity, kinds: [kind])[0]
            case .failure(let refusal):
                return rank(unadjusted: adjusted, kinds: [kind], refusal: "zscore: \(refusal)")[0]
            }
        }
    }

    /// `refusal`: why the round's rule cannot rank this kind at all; every contender is left incomplete with it.
    static func rank(unadjusted input: ScoringInput, kinds: [CandidateKind], refusal: String? = nil) -> [Ranking] {
        // Independent of each other: one on each core.
        let (findings, complete) = both(
            { Eligibility.findings(for: input.candidates, rules: input.round.rules) },
            { CompleteSheets(input.totals) })
        return kinds.map { rank(input, kind: $0, findings: findings, complete: complete, refusal: refusal) }
    }

    static func rank(
        _ input: ScoringInput, kind: CandidateKind, findings: [String: [Finding]], complete: CompleteSheets,
        refusal: String? = nil
    ) -> Ranking {
        let entries = aloneEntries(input, kind: kind, findings: findings, complete: complete, refusal: refusal)
        return order(entries, kind: kind, input: input) {
            Aggregate.of(complete.defense[$0] ?? [], rules: input.round.rules.scoring)
        }
    }

    /// Steps 1 and 2 for every candidate of `kind`, in id order: the contenders are left `.winner`.
    static func aloneEntries(
        _ input: ScoringInput, kind: CandidateKind, findings: [String: [Finding]], complete: CompleteSheets,
        refusal: String? = nil
    ) -> [RankEntry] {
        let scoring = input.round.rules.scoring
        let ofKind = input.candidates.filter { $0.kind == kind }.sorted { $0.id < $1.id }
        // 1. Eligibility, 2. material: everything that is about one candidate alone, on every core.
        var entries = ofKind.concurrentMap {
            alone($0, findings: findings[$0.id] ?? [], complete: complete, decisions: input.decisions, scoring: scoring)
        }
        if let refusal {
            for index in entries.indices where entries[index].status == .winner {
                entries[index].status = .incomplete
                entries[index].reasons.append("incomplete: \(refusal)")
            }
        }
        return entries
    }

    /// Steps 3 to 9 on the entries of steps 1 and 2: the shortlist, the defence (`defense` gives a
    /// candidate's defence aggregate), the final, the order, the threshold and the cut line.
    static func order(_ entries: [RankEntry], kind: CandidateKind, input: ScoringInput, defense: (String) -> Aggregate?)
        -> Ranking
    {
        var entries = entries
        let rules = input.round.rules
        let scoring = rules.scoring
        let contenders = entries.indices.filter { entries[$0].status == .winner }

        // 3. The shortlist: frozen by the chair, or the first N by material with ties at the boundary.
        let byMaterial = contenders.sorted {
            (entries[$1].material!.value, entries[$0].candidate.id) < (
                entries[$0].material!.value, entries[$1].candidate.id
            )
        }
        let shortlistSize = kind == .region ? scoring.shortlist.region : scoring.shortlist.school
        let shortlisted: Set<Int>
        if let frozen = input.decisions.frozenShortlist[kind] {
            shortlisted = Set(contenders.filter { frozen.contains(entries[$0].candidate.id) })
        } else if byMaterial.count > shortlistSize {
            let boundary = entries[byMaterial[shortlistSize - 1]].material!.value
            shortlisted = Set(byMaterial.filter { entries[$0].material!.value >= boundary })
        } else {
            shortlisted = Set(byMaterial)
        }
        var ranked: [Int] = []
        for index in byMaterial {
            let id = entries[index].candidate.id
            guard shortlisted.contains(index) else {
                entries[index].status = .notShortlisted
                entries[index].reasons.append(
                    input.decisions.frozenShortlist[kind] != nil
                        ? "not_shortlisted: 不在组长确定的答辩名单中"
                        : """
                        not_shortlisted: 材料分 \(entries[index].material!.value) 未进入答辩名单（前\
                         \(shortlistSize) 名）
                        """)
                continue
            }
            // The defence counts only for those who were shortlisted to give it.
            entries[index].defense = defense(id)
            if let note = input.decisions.absent[id] {
                entries[index].status = .noDefense
                entries[index].reasons.append("no_defense: 答辩缺席（\(note)）")
                continue
            }
            let defenses = entries[index].defense?.totals.count ?? 0
            guard defenses >= scoring.minExperts else {
                entries[index].status = .noDefense
                entries[index].reasons.append("no_defense: 完整答辩评分 \(defenses) 份，少于 min_experts \(scoring.minExperts)")
                continue
            }
            // 5. The final, and the values of the tie-break keys.
            let material = entries[index].material!.value, defense = entries[index].defense!.value
            entries[index].final =
                Rational(scoring.materialWeight.hundredths, 100) * material
                + Rational(scoring.defenseWeight.hundredths, 100) * defense
            entries[index].tieBreaks = scoring.tieBreak.map { key in
                switch key {
                case .defense: defense
                case .material: material
                case .group(let group): entries[index].groups[group]
                }
            }
            ranked.append(index)
        }

        // 6. Order and competition ranks; 7. threshold; 8. cut line; 9. the chair's resolution.
        // Each key built once, not once per comparison.
        var keys: [Int: [Rational?]] = [:]
        for index in ranked { keys[index] = sortKey(entries[index]) }
        ranked.sort { a, b in
            let ka = keys[a]!, kb = keys[b]!
            if ka != kb { return precedes(ka, kb) }
            return entries[a].candidate.id < entries[b].candidate.id
        }
        CutLine.apply(&entries, ranked: ranked, kind: kind, rules: rules, resolution: input.decisions.resolutions[kind])

        let rest: [RankStatus] = [.notShortlisted, .noDefense, .incomplete, .ineligible]
        let others = rest.flatMap { status in
            (status == .notShortlisted || status == .noDefense ? byMaterial : Array(entries.indices)).filter {
                entries[$0].status == status
            }
        }
        return Ranking(
            kind: kind, quota: kind == .region ? rules.quota.region : rules.quota.school,
            finalized: input.finalized, entries: (ranked + others).map { entries[$0] })
    }

    /// Steps 1 and 2 for one candidate: excluded, too few complete sheets, or a contender (left
    /// `.winner` for now) with its material aggregate and group averages.
    static func alone(
        _ candidate: Candidate, findings: [Finding], complete: CompleteSheets, decisions: ChairDecisions,
        scoring: Rules.Scoring
    ) -> RankEntry {
        let id = candidate.id
        let eligibility = eligibilityReasons(id, findings: findings, decisions: decisions)
        var entry = RankEntry(
            candidate: candidate, rank: nil, status: .winner, material: nil, defense: nil, final: nil,
            tieBreaks: [], experts: complete.material[id]?.count ?? 0, reasons: eligibility.reasons)
        if eligibility.excluded {
            entry.status = .ineligible
            return entry
        }
        entry.material = Aggregate.of(complete.materialTotals(id), rules: scoring)
        for group in complete.groupIDs(id) {
            entry.groups[group] = Aggregate.value(of: complete.groupTotals(id, group), rules: scoring)
        }
        if entry.experts < scoring.minExperts {
            entry.status = .incomplete
            entry.reasons.append("incomplete: 完整材料评分 \(entry.experts) 份，少于 min_experts \(scoring.minExperts)")
        }
        return entry
    }

    /// The final then every tie-break key: what decides the order.
    static func sortKey(_ entry: RankEntry) -> [Rational?] { [entry.final] + entry.tieBreaks }

    /// Whether key `a` comes before `b`: compared in turn, higher first, a missing value last.
    static func precedes(_ a: [Rational?], _ b: [Rational?]) -> Bool {
        for (x, y) in zip(a, b) where x != y {
            guard let x else { return false }
            guard let y else { return true }
            return x > y
        }
        return false
    }

    /// The eligibility findings, overrides and spot check of one candidate, and whether they exclude it.
    static func eligibilityReasons(_ id: String, findings: [Finding], decisions: ChairDecisions) -> (
        excluded: Bool, reasons: [String]
    ) {
        var reasons: [String] = []
        var excluded = false
        let override = decisions.overrides[id]
        for finding in findings {
            let lifted = finding.excludes && override?.action == .include
            excluded = excluded || (finding.excludes && !lifted)
            reasons.append("\(finding.code.rawValue): \(finding.message)\(lifted ? "（已由组长恢复资格）" : "")")
        }
        switch override?.action {
        case .include: reasons.append("chair_included: 组长恢复资格：\(override!.reason)")
        case .exclude:
            excluded = true
            reasons.append("chair_excluded: 组长排除：\(override!.reason)")
        case nil: break
        }
        if let check = decisions.spotChecks[id] {
            excluded = excluded || !check.passed
            reasons.append(
                check.passed
                    ? "spot_check_passed: 实地抽查通过：\(check.note)"
                    : """
                    spot_check_failed: 实地抽查未通过：\(check.note)
                    """)
        }
        return (excluded, reasons)
    }
}

/// The complete (submitted) sheets by candidate: material sheets whole (their group subtotals are
/// read per group when asked), defence sheets as totals.
struct CompleteSheets {
    var material: [String: [SheetTotal]] = [:]
    var defense: [String: [(expert: String, total: Points)]] = [:]

    init(material: [String: [SheetTotal]], defense: [String: [(expert: String, total: Points)]]) {
        self.material = material
        self.defense = defense
    }

    init(_ sheets: [SheetTotal]) {
        for sheet in sheets where sheet.status == .submitted {
            switch sheet.key.stage {
            case .defense: defense[sheet.key.candidate, default: []].append((sheet.key.expert, sheet.total))
            case .material: material[sheet.key.candidate, default: []].append(sheet)
            }
        }
    }

    func materialTotals(_ id: String) -> [(expert: String, total: Points)] {
        (material[id] ?? []).map { ($0.key.expert, $0.total) }
    }

    /// Every group the candidate's material sheets have a subtotal for (one rubric: the same groups).
    func groupIDs(_ id: String) -> [String] {
        guard let sheets = material[id], let first = sheets.first else { return [] }
        guard sheets.allSatisfy({ $0.groups.ids == first.groups.ids }) else {
            return Set(sheets.flatMap(\.groups.ids)).sorted()
        }
        return first.groups.ids
    }

    func groupTotals(_ id: String, _ group: String) -> [Int] {
        (material[id] ?? []).compactMap { $0.groups[group]?.hundredths }
    }
}
