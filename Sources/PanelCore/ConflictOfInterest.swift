/// Why an expert must not score a candidate (回避).
public enum ConflictOfInterest: String, Sendable, Codable, CaseIterable {
    /// `recuse_same_province`: the expert works in the candidate's province.
    case sameProvince = "same_province"
    /// One of the expert's employers (单位) is the candidate itself.
    case ownOrganisation = "own_organisation"
    /// One of the expert's employers is the region the school supports (支撑区域).
    case supportedRegion = "supported_region"
    /// A provincial or city round: the expert works in the candidate's city.
    case sameCity = "same_city"

    /// The first reason `expert` may not score `candidate`, or `nil`. `regionName`: the name of
    /// the region a school supports, when known.
    public static func reason(
        expert: ExpertEntry, candidate: Candidate, rules: Rules.Conflicts, regionName: String? = nil
    ) -> ConflictOfInterest? {
        if rules.recuseSameProvince && expert.province == candidate.province { return .sameProvince }
        let employers = expert.employers
        if !employers.isEmpty {
            if employers.contains(candidate.name.trimmingWhitespace()) { return .ownOrganisation }
            if let regionName, employers.contains(regionName.trimmingWhitespace()) { return .supportedRegion }
        }
        if rules.recuseSameCity, !expert.city.isEmpty, expert.province == candidate.province,
            expert.city.trimmingWhitespace() == candidate.city.trimmingWhitespace()
        {
            return .sameCity
        }
        return nil
    }

    public func sentence(expert: ExpertEntry, candidate: Candidate) -> String {
        switch self {
        case .sameProvince: "专家 \(expert.id) 与 \(candidate.id) 同属\(candidate.province)，须回避 (same province)"
        case .ownOrganisation:
            "专家 \(expert.id) 的单位即 \(TerminalSafe.cell(candidate.name))，须回避 (own organisation)"
        case .supportedRegion:
            "专家 \(expert.id) 的单位即 \(candidate.id) 所支撑的区域，须回避 (supported region)"
        case .sameCity:
            "专家 \(expert.id) 与 \(candidate.id) 同在\(TerminalSafe.cell(candidate.city))，须回避 (same city)"
        }
    }
}
