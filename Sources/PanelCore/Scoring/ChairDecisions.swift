/// What the chair recorded that the engine must apply: spot checks, overrides, absences from the
/// defence, a frozen shortlist and resolutions of ties at the cut line. The latest of each counts;
/// the audit log keeps the history.
public struct ChairDecisions: Equatable, Sendable {
    public struct SpotCheck: Equatable, Sendable {
        public init(passed: Bool, note: String) {
            self.passed = passed
            self.note = note
        }
        public var passed: Bool
        public var note: String
    }

    public struct Override: Equatable, Sendable {
        public enum Action: String, Sendable, Codable { case include, exclude }
        public init(action: Action, reason: String) {
            self.action = action
            self.reason = reason
        }
        public var action: Action
        public var reason: String
    }

    /// The chair's choice of winners among the candidates tied at the cut line.
    public struct Resolution: Equatable, Sendable {
        public init(tieGroup: Set<String>, winners: Set<String>, reason: String) {
            self.tieGroup = tieGroup
            self.winners = winners
            self.reason = reason
        }
        /// The group as it stood when the chair decided; if scores change the group, the decision lapses.
        public var tieGroup: Set<String>
        public var winners: Set<String>
        public var reason: String
    }

    public init(
        spotChecks: [String: SpotCheck] = [:], overrides: [String: Override] = [:], absent: [String: String] = [:],
        frozenShortlist: [CandidateKind: Set<String>] = [:], resolutions: [CandidateKind: Resolution] = [:]
    ) {
        self.spotChecks = spotChecks
        self.overrides = overrides
        self.absent = absent
        self.frozenShortlist = frozenShortlist
        self.resolutions = resolutions
    }

    public var spotChecks: [String: SpotCheck]
    public var overrides: [String: Override]
    /// Candidates marked absent from the defence, with the chair's note.
    public var absent: [String: String]
    public var frozenShortlist: [CandidateKind: Set<String>]
    public var resolutions: [CandidateKind: Resolution]
}
