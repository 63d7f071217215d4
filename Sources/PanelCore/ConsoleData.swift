/// How far one expert is: sheets submitted of those assigned, per stage.
public struct ExpertProgress: Equatable, Sendable {
    public init(
        expert: ExpertEntry, assigned: Int, materialSubmitted: Int, defenseAssigned: Int, defenseSubmitted: Int,
        submittedUnread: Int = 0
    ) {
        self.expert = expert
        self.assigned = assigned
        self.materialSubmitted = materialSubmitted
        self.defenseAssigned = defenseAssigned
        self.defenseSubmitted = defenseSubmitted
        self.submittedUnread = submittedUnread
    }

    public var expert: ExpertEntry
    public var assigned: Int
    public var materialSubmitted: Int
    /// Assigned candidates on the shortlist, once the defence stage is open.
    public var defenseAssigned: Int
    public var defenseSubmitted: Int
    /// Material sheets submitted without the dossier ever opened (未查阅材料).
    public var submittedUnread: Int

    /// Each review expert's progress (the chair scores nothing): sheets submitted on candidates
    /// still assigned to them, and the defences due once the stage is open.
    public static func of(
        experts: [ExpertEntry], assignments: [Assignment], totals: [SheetTotal], shortlisted: Set<String>,
        defenseOpen: Bool, unread: [SheetKey] = [], defenseDue: [String: Set<String>]? = nil
    ) -> [ExpertProgress] {
        let unreadBy = Dictionary(grouping: unread, by: \.expert).mapValues(\.count)
        let assigned = Dictionary(grouping: assignments, by: \.expert)
        let submitted = Dictionary(grouping: totals.filter { $0.status == .submitted }, by: \.key.expert)
        return experts.filter { $0.role == .expert }.map { expert in
            let mine = Set((assigned[expert.id] ?? []).map(\.candidate))
            // With defence groups, the defences due are those the expert's group has heard.
            let due = defenseDue.map { $0[expert.id] ?? [] } ?? (defenseOpen ? mine.intersection(shortlisted) : [])
            let sheets = submitted[expert.id] ?? []
            return ExpertProgress(
                expert: expert, assigned: mine.count,
                materialSubmitted: sheets.filter { $0.key.stage == .material && mine.contains($0.key.candidate) }.count,
                defenseAssigned: due.count,
                defenseSubmitted: sheets.filter {
                    $0.key.stage == .defense && (defenseDue == nil ? mine : due).contains($0.key.candidate)
                }.count,
                submittedUnread: unreadBy[expert.id] ?? 0)
        }
    }

    /// Share of the expert's sheets that are done, for "who is late".
    public var done: Double {
        let total = assigned + defenseAssigned
        return total == 0 ? 1 : Double(materialSubmitted + defenseSubmitted) / Double(total)
    }
}

/// What the chair's console shows, read in one go.
public struct ConsoleData: Equatable, Sendable {
    public init(
        rankings: [Ranking], progress: [ExpertProgress], defenseOpen: Bool, finalized: Bool, changeCounter: Int,
        recusals: [OpenRecusal] = []
    ) {
        self.rankings = rankings
        self.progress = progress
        self.defenseOpen = defenseOpen
        self.finalized = finalized
        self.changeCounter = changeCounter
        self.recusals = recusals
    }

    public var rankings: [Ranking]
    public var progress: [ExpertProgress]
    public var defenseOpen: Bool
    public var finalized: Bool
    /// The audit log's last entry: every change appends one, so a new value means "reload".
    public var changeCounter: Int

    /// Experts' requests to leave a candidate that wait for the chair.
    public var recusals: [OpenRecusal]

    public func ranking(_ kind: CandidateKind) -> Ranking? { rankings.first { $0.kind == kind } }
}

/// An expert's open request to leave a candidate (申请回避), with who would take it over.
public struct OpenRecusal: Equatable, Sendable {
    public init(expert: String, candidate: String, candidateName: String, reason: String, proposed: String?) {
        self.expert = expert
        self.candidate = candidate
        self.candidateName = candidateName
        self.reason = reason
        self.proposed = proposed
    }

    public var expert: String
    public var candidate: String
    public var candidateName: String
    public var reason: String
    /// The least loaded expert who may take it over; nil when nobody may.
    public var proposed: String?
}
