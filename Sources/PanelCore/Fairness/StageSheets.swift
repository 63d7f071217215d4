/// The submitted sheets of one kind and stage, by candidate: what every fairness statistic reads.
/// Drafts never count: an expert who has not submitted has not said what they think.
public struct StageSheets: Equatable, Sendable {
    public struct Sheet: Equatable, Sendable {
        public init(expert: String, candidate: String, total: Points, groups: GroupTotals = GroupTotals()) {
            self.expert = expert
            self.candidate = candidate
            self.total = total
            self.groups = groups
        }

        public var expert: String
        public var candidate: String
        public var total: Points
        public var groups: GroupTotals
    }

    public let kind: CandidateKind
    public let stage: Stage
    /// Candidates in id order, each with its sheets in expert order.
    public let byCandidate: [(candidate: String, sheets: [Sheet])]

    public init(kind: CandidateKind, stage: Stage, sheets: [Sheet]) {
        self.kind = kind
        self.stage = stage
        byCandidate = Dictionary(grouping: sheets, by: \.candidate)
            .map { ($0.key, $0.value.sorted { $0.expert < $1.expert }) }
            .sorted { $0.candidate < $1.candidate }
    }

    public init(_ input: ScoringInput, kind: CandidateKind, stage: Stage) {
        let ofKind = Set(input.candidates.lazy.filter { $0.kind == kind }.map(\.id))
        self.init(
            kind: kind, stage: stage,
            sheets: input.totals.compactMap { total in
                guard total.status == .submitted, total.key.stage == stage, ofKind.contains(total.key.candidate) else {
                    return nil
                }
                return Sheet(
                    expert: total.key.expert, candidate: total.key.candidate, total: total.total, groups: total.groups)
            })
    }

    public var sheets: [Sheet] { byCandidate.flatMap(\.sheets) }

    public static func == (a: StageSheets, b: StageSheets) -> Bool {
        a.kind == b.kind && a.stage == b.stage && a.sheets == b.sheets
    }
    public var isEmpty: Bool { byCandidate.isEmpty }
    /// `区域 材料`: what a line of statistics is about.
    public var label: String { "\(kind.chineseName) \(stage.chineseName)" }
}
