/// One candidate on an expert's list, with the expert's own sheets for it.
public struct WorkItem: Equatable, Sendable {
    public init(
        candidate: Candidate, material: ScoreSheet?, defense: ScoreSheet?, defenseOpen: Bool, recusalOpen: Bool = false
    ) {
        self.candidate = candidate
        self.material = material
        self.defense = defense
        self.defenseOpen = defenseOpen
        self.recusalOpen = recusalOpen
    }

    public var candidate: Candidate
    public var material: ScoreSheet?
    public var defense: ScoreSheet?
    /// The candidate is shortlisted and the chair has opened the defence stage.
    public var defenseOpen: Bool
    /// The expert asked to leave it (申请回避) and the chair has not decided yet: no scoring.
    public var recusalOpen: Bool
    /// The chair's reason for rejecting the expert's request to leave it, if it was rejected.
    public var recusalRejected: String?
    /// False for a defence the expert's group hears without the expert having scored its material.
    public var materialAssigned = true

    public func sheet(_ stage: Stage) -> ScoreSheet? { stage == .material ? material : defense }
}
