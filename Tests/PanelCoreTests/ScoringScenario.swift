import PanelCore

/// A round built by hand for the engine: candidates with the totals each expert gave them.
struct ScoringScenario {
    var round: RoundDefinition
    var candidates: [Candidate] = []
    var sheets: [ScoreSheet] = []
    var decisions = ChairDecisions()

    /// The shipped round with a small quota and shortlist so that cases stay readable.
    init(
        quota: Int = 2, shortlist: Int = 4, minExperts: Int = 3, trim: Int = 1, trimMinExperts: Int = 5,
        minFinal: Int = 60,
        tieBreak: [Rules.TieBreak] = [.defense, .material, .group("C")]
    ) throws {
        round = try ShippedFiles.round()
        round.rules.quota = .init(region: quota, school: quota)
        round.rules.scoring.shortlist = .init(region: shortlist, school: shortlist)
        round.rules.scoring.minExperts = minExperts
        round.rules.scoring.trim = trim
        round.rules.scoring.trimMinExperts = trimMinExperts
        round.rules.scoring.minFinal = Points(minFinal)
        round.rules.scoring.tieBreak = tieBreak
    }

    /// A region (with a supporting school, so that it is eligible) and its experts' sheets:
    /// `material` and `defense` are the totals, one per expert.
    /// Each region comes from the next province, so that no provincial cap applies.
    mutating func region(_ id: String, material: [Double], defense: [Double] = [], groupC: [Double]? = nil) {
        let province = Province.all[candidates.count / 2 % Province.all.count].name
        candidates.append(
            Candidate(
                id: id, kind: .region, name: "区域\(id)", province: province, city: "市", county: "",
                level: nil, platform: "p", connected: true, priorAward: nil, supports: nil,
                provinceRank: nil, importOrder: candidates.count + 1))
        candidates.append(
            Candidate(
                id: "\(id)-S", kind: .school, name: "学校\(id)", province: province, city: "市", county: "",
                level: .basic, platform: "p", connected: true, priorAward: nil, supports: id,
                provinceRank: nil, importOrder: candidates.count + 1))
        for (n, total) in material.enumerated() {
            sheets.append(
                sheet(
                    "E\(n + 1)", id, .material, total: Points(exactly: total)!, rubric: round.region,
                    groupC: groupC.map { Points(exactly: $0[n])! }))
        }
        for (n, total) in defense.enumerated() {
            sheets.append(
                sheet("E\(n + 1)", id, .defense, total: Points(exactly: total)!, rubric: round.defense, groupC: nil))
        }
    }

    /// A submitted sheet whose items add up to `total`: group C gets `groupC` (or its share), the
    /// rest fills the other items in order.
    func sheet(_ expert: String, _ candidate: String, _ stage: Stage, total: Points, rubric: Rubric, groupC: Points?)
        -> ScoreSheet
    {
        var scores: [String: Points] = [:]
        func fill(_ items: [Indicator], _ amount: Points) {
            var left = amount
            for item in items {
                let given = min(item.points, left)
                scores[item.id] = given
                left = left - given
            }
        }
        if let groupC, let c = rubric.groups.first(where: { $0.id == "C" }) {
            fill(c.items, groupC)
            fill(rubric.groups.filter { $0.id != "C" }.flatMap(\.items), total - groupC)
        } else {
            fill(rubric.items, total)
        }
        return ScoreSheet(
            key: SheetKey(expert: expert, candidate: candidate, stage: stage), status: .submitted,
            rubricSHA256: "test", scores: scores)
    }

    func input() -> ScoringInput {
        ScoringInput(round: round, candidates: candidates, sheets: sheets, decisions: decisions, finalized: false)
    }

    func ranking() -> Ranking { ScoringEngine.rank(input(), kind: .region) }

    /// `id:status` in ranking order.
    func statuses() -> [String] { ranking().entries.map { "\($0.candidate.id):\($0.status.rawValue)" } }
}
