/// Why an expert must not score a candidate (回避).
public enum ConflictOfInterest: String, Sendable, Codable, CaseIterable {
    /// `recuse_same_province`: the expert works in the candidate's province.
    case sameProvince = "same_province"
    /// The expert's 单位 is the candidate itself.
    case ownOrganisation = "own_organisation"

    /// The first reason `expert` may not score `candidate`, or `nil`.
    public static func reason(expert: ExpertEntry, candidate: Candidate, rules: Rules.Conflicts) -> ConflictOfInterest?
    {
        if rules.recuseSameProvince && expert.province == candidate.province { return .sameProvince }
        let org = expert.org.trimmingWhitespace()
        if !org.isEmpty && org == candidate.name.trimmingWhitespace() { return .ownOrganisation }
        return nil
    }

    public func sentence(expert: ExpertEntry, candidate: Candidate) -> String {
        switch self {
        case .sameProvince: "专家 \(expert.id) 与 \(candidate.id) 同属\(candidate.province)，须回避 (same province)"
        case .ownOrganisation: "专家 \(expert.id) 的单位即 \(TerminalSafe.cell(candidate.name))，须回避 (own organisation)"
        }
    }
}
