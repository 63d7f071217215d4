/// One candidate on an expert's list, with the expert's own sheets for it.
public struct WorkItem: Equatable, Sendable {
    public init(candidate: Candidate, material: ScoreSheet?, defense: ScoreSheet?, defenseOpen: Bool) {
        self.candidate = candidate
        self.material = material
        self.defense = defense
        self.defenseOpen = defenseOpen
    }

    public var candidate: Candidate
    public var material: ScoreSheet?
    public var defense: ScoreSheet?
    /// The candidate is shortlisted and the chair has opened the defence stage.
    public var defenseOpen: Bool

    public func sheet(_ stage: Stage) -> ScoreSheet? { stage == .material ? material : defense }
}
