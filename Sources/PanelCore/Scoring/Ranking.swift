/// Where a candidate stands. The first four are ranked; the others are listed after them.
public enum RankStatus: String, Sendable, Codable, CaseIterable {
    case winner, tieAtCut = "tie_at_cut", outsideQuota = "outside_quota", belowThreshold = "below_threshold"
    case notShortlisted = "not_shortlisted", noDefense = "no_defense", incomplete, ineligible

    public var isRanked: Bool { [.winner, .tieAtCut, .outsideQuota, .belowThreshold].contains(self) }

    /// Goes to the oral defence: ranked after it, or shortlisted and not yet defended. The one
    /// place this rule is written (the console, the experts' lists, the shortlist command and
    /// its freeze all ask here).
    public var isShortlisted: Bool { isRanked || self == .noDefense }

    public var chineseName: String {
        switch self {
        case .winner: "优秀"
        case .tieAtCut: "名额线并列"
        case .outsideQuota: "名额外"
        case .belowThreshold: "低于最低分"
        case .notShortlisted: "未入围答辩"
        case .noDefense: "未完成答辩"
        case .incomplete: "评分不足"
        case .ineligible: "不符合条件"
        }
    }
}

/// One candidate's line of the ranking, with everything `panel explain` needs.
public struct RankEntry: Equatable, Sendable {
    public init(
        candidate: Candidate, rank: Int?, status: RankStatus, material: Aggregate?, defense: Aggregate?,
        final: Rational?,
        tieBreaks: [Rational?], experts: Int, reasons: [String], groups: [String: Rational] = [:]
    ) {
        self.candidate = candidate
        self.rank = rank
        self.status = status
        self.material = material
        self.defense = defense
        self.final = final
        self.tieBreaks = tieBreaks
        self.experts = experts
        self.reasons = reasons
        self.groups = groups
    }

    public var candidate: Candidate
    /// Competition rank among the ranked (1, 2, 2, 4); `nil` for the others.
    public var rank: Int?
    public var status: RankStatus
    public var material: Aggregate?
    public var defense: Aggregate?
    public var final: Rational?
    /// The value of each `tie_break` key, in the rules' order (`nil` where it does not exist).
    public var tieBreaks: [Rational?]
    /// Complete material sheets.
    public var experts: Int
    /// The aggregate of the experts' subtotals of each group of the material sheet (一级指标).
    public var groups: [String: Rational] = [:]
    /// Why it stands here: eligibility findings, chair decisions, ties, thresholds.
    public var reasons: [String]
}

/// One kind's ranking: ranked entries first in rank order, then the rest.
public struct Ranking: Equatable, Sendable {
    public init(kind: CandidateKind, quota: Int, finalized: Bool, entries: [RankEntry]) {
        self.kind = kind
        self.quota = quota
        self.finalized = finalized
        self.entries = entries
    }

    public var kind: CandidateKind
    public var quota: Int
    public var finalized: Bool
    public var entries: [RankEntry]

    /// How many entries from the top lie inside the quota (winners, and a resolved or unresolved
    /// tie at the cut), for the line a table draws under them.
    public var insideQuota: Int {
        (entries.lastIndex { $0.status == .winner || $0.status == .tieAtCut }).map { $0 + 1 } ?? 0
    }

    public var winners: [RankEntry] { entries.filter { $0.status == .winner } }
}
