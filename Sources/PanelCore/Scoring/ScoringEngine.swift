/// One sheet as the engine needs it: whose, submitted or not, its total and each group's subtotal.
public struct SheetTotal: Equatable, Sendable {
    public init(key: SheetKey, status: ScoreSheet.Status, total: Points, groups: [String: Points]) {
        self.key = key
        self.status = status
        self.total = total
        self.groups = groups
    }

    /// Sums a sheet's items by the groups of `rubric`.
    public init(_ sheet: ScoreSheet, rubric: Rubric) {
        var groups: [String: Points] = [:]
        for group in rubric.groups { groups[group.id] = group.items.compactMap { sheet.scores[$0.id] }.sum() }
        self.init(key: sheet.key, status: sheet.status, total: sheet.total, groups: groups)
    }

    public var key: SheetKey
    public var status: ScoreSheet.Status
    public var total: Points
    public var groups: [String: Points]
}

/// Everything the engine reads, as values.
public struct ScoringInput: Sendable {
    public init(round: RoundDefinition, candidates: [Candidate], totals: [SheetTotal], decisions: ChairDecisions, finalized: Bool) {
        self.round = round
        self.candidates = candidates
        self.totals = totals
        self.decisions = decisions
        self.finalized = finalized
    }

    /// From whole sheets: each is summed by the groups of its own indicator sheet.
    public init(round: RoundDefinition, candidates: [Candidate], sheets: [ScoreSheet], decisions: ChairDecisions, finalized: Bool) {
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
        let findings = Eligibility.findings(for: input.candidates, rules: input.round.rules)
        let complete = CompleteSheets(input.totals)
        return kinds.map { rank(input, kind: $0, findings: findings, complete: complete) }
    }

    static func rank(_ input: ScoringInput, kind: CandidateKind, findings: [String: [Finding]], complete: CompleteSheets) -> Ranking {
        let rules = input.round.rules
        let scoring = rules.scoring
        let ofKind = input.candidates.filter { $0.kind == kind }.sorted { $0.id < $1.id }
        var entries = ofKind.map { candidate in
            RankEntry(candidate: candidate, rank: nil, status: .winner, material: nil, defense: nil, final: nil,
                      tieBreaks: [], experts: complete.material[candidate.id]?.count ?? 0, reasons: [])
        }

        // 1. Eligibility, 2. material, 4. defence: everything that is about one candidate alone.
        var contenders: [Int] = []
        for index in entries.indices {
            let id = entries[index].candidate.id
            let eligibility = eligibilityReasons(id, findings: findings[id] ?? [], decisions: input.decisions)
            entries[index].reasons = eligibility.reasons
            if eligibility.excluded {
                entries[index].status = .ineligible
                continue
            }
            entries[index].material = Aggregate.of(complete.materialTotals(id), rules: scoring)
            for group in complete.groupIDs(id) {
                entries[index].groups[group] = Aggregate.of(complete.groupTotals(id, group), rules: scoring)?.value
            }
            let count = entries[index].experts
            guard count >= scoring.minExperts else {
                entries[index].status = .incomplete
                entries[index].reasons.append("incomplete: 完整材料评分 \(count) 份，少于 min_experts \(scoring.minExperts)")
                continue
            }
            contenders.append(index)
        }

        // 3. The shortlist: frozen by the chair, or the first N by material with ties at the boundary.
        let byMaterial = contenders.sorted { (entries[$1].material!.value, entries[$0].candidate.id) < (entries[$0].material!.value, entries[$1].candidate.id) }
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
                entries[index].reasons.append(input.decisions.frozenShortlist[kind] != nil
                    ? "not_shortlisted: 不在组长确定的答辩名单中"
                    : "not_shortlisted: 材料分 \(entries[index].material!.value) 未进入答辩名单（前 \(shortlistSize) 名）")
                continue
            }
            // The defence counts only for those who were shortlisted to give it.
            entries[index].defense = Aggregate.of(complete.defense[id] ?? [], rules: scoring)
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
            entries[index].final = Rational(scoring.materialWeight.hundredths, 100) * material
                + Rational(scoring.defenseWeight.hundredths, 100) * defense
            entries[index].tieBreaks = scoring.tieBreak.map { key in
                switch key {
                case .defense: defense
                case .material: material
                case .group(let group): Aggregate.of(complete.groupTotals(id, group), rules: scoring)?.value
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
            (status == .notShortlisted || status == .noDefense ? byMaterial : Array(entries.indices)).filter { entries[$0].status == status }
        }
        return Ranking(kind: kind, quota: kind == .region ? rules.quota.region : rules.quota.school,
                       finalized: input.finalized, entries: (ranked + others).map { entries[$0] })
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
    static func eligibilityReasons(_ id: String, findings: [Finding], decisions: ChairDecisions) -> (excluded: Bool, reasons: [String]) {
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
            reasons.append(check.passed ? "spot_check_passed: 实地抽查通过：\(check.note)" : "spot_check_failed: 实地抽查未通过：\(check.note)")
        }
        return (excluded, reasons)
    }
}

/// The complete (submitted) sheets by candidate: material sheets whole (their group subtotals are
/// read per group when asked), defence sheets as totals.
struct CompleteSheets {
    var material: [String: [SheetTotal]] = [:]
    var defense: [String: [(expert: String, total: Points)]] = [:]

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

    /// Every group any of the candidate's material sheets has a subtotal for.
    func groupIDs(_ id: String) -> [String] {
        guard let sheets = material[id] else { return [] }
        var ids = Set<String>()
        for sheet in sheets { ids.formUnion(sheet.groups.keys) }
        return ids.sorted()
    }

    func groupTotals(_ id: String, _ group: String) -> [(expert: String, total: Points)] {
        (material[id] ?? []).compactMap { sheet in sheet.groups[group].map { (sheet.key.expert, $0) } }
    }
}
