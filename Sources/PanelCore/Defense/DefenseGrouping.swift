/// The parallel groups of the defence (答辩专家组): the experts split into N groups, and each
/// shortlisted candidate given the one group that hears it.
///
/// Experts of one province sit in one group, so that the candidates of that province still have
/// every other group free of conflict (an expert from each province in every group would leave
/// them nowhere); provinces are dealt largest first to the smallest group, so sizes differ by at
/// most one province's experts. A candidate goes to a group where no expert is conflicted with it
/// (the rules of `panel assign`), the group with the fewest of its kind so far, then the fewest of
/// its province, so that every group hears a spread of provinces.
public enum DefenseGrouping {
    public struct Plan: Equatable, Sendable {
        /// Each group's experts, sorted; group n is `members[n - 1]`.
        public var members: [[String]]
        /// The group of each candidate, by id.
        public var placement: [String: Int]

        public func group(of expert: String) -> Int? {
            members.firstIndex { $0.contains(expert) }.map { $0 + 1 }
        }
    }

    public struct Shortfall: Error, Equatable, Sendable, CustomStringConvertible {
        public var lines: [String]
        public var description: String {
            "the defence groups cannot be formed; nothing was changed:\n"
                + lines.map { "  \($0)" }.joined(separator: "\n")
        }
    }

    public static func plan(
        experts: [ExpertEntry], candidates: [Candidate], groups: Int, seed: UInt64, conflicts: Rules.Conflicts,
        minExperts: Int, regionNames: [String: String] = [:]
    ) -> Result<Plan, Shortfall> {
        let scorers = experts.filter { $0.role == .expert }
        guard groups >= 1 else { return .failure(Shortfall(lines: ["groups must be at least 1"])) }
        guard scorers.count >= groups * minExperts else {
            return .failure(
                Shortfall(lines: [
                    "\(groups) groups of at least min_experts \(minExperts) need \(groups * minExperts) experts;"
                        + " the panel has \(scorers.count)"
                ]))
        }
        // Provinces largest first; among equals, an order drawn from the seed.
        let byProvince = Dictionary(grouping: scorers, by: \.province)
        let provinces = byProvince.keys.sorted {
            let a = byProvince[$0]!.count, b = byProvince[$1]!.count
            if a != b { return a > b }
            return (AssignmentPlanner.tieBreak(seed, $0, ""), $0) < (AssignmentPlanner.tieBreak(seed, $1, ""), $1)
        }
        var members = Array(repeating: [String](), count: groups)
        for province in provinces {
            let smallest = members.indices.min { (members[$0].count, $0) < (members[$1].count, $1) }!
            members[smallest] += byProvince[province]!.map(\.id)
        }
        members = members.map { $0.sorted() }
        var lines: [String] = []
        for (index, group) in members.enumerated() where group.count < minExperts {
            lines.append("group \(index + 1) would have \(group.count) experts, fewer than min_experts \(minExperts)")
        }

        let expertByID = Dictionary(uniqueKeysWithValues: scorers.map { ($0.id, $0) })
        func conflicted(_ group: [String], _ candidate: Candidate) -> [String] {
            group.compactMap { id in
                ConflictOfInterest.reason(
                    expert: expertByID[id]!, candidate: candidate, rules: conflicts,
                    regionName: candidate.supports.flatMap { regionNames[$0] }
                ).map { $0.sentence(expert: expertByID[id]!, candidate: candidate) }
            }
        }
        let allowed = Dictionary(
            uniqueKeysWithValues: candidates.map { candidate in
                (candidate.id, members.indices.filter { conflicted(members[$0], candidate).isEmpty })
            })
        // The most constrained first, so that a candidate with one possible group gets it.
        let order = candidates.sorted {
            let a = allowed[$0.id]!.count, b = allowed[$1.id]!.count
            if a != b { return a < b }
            return (AssignmentPlanner.tieBreak(seed, $0.id, "defense"), $0.id)
                < (AssignmentPlanner.tieBreak(seed, $1.id, "defense"), $1.id)
        }
        var load = Array(repeating: [CandidateKind: Int](), count: groups)
        var provinceLoad = Array(repeating: [String: Int](), count: groups)
        var placement: [String: Int] = [:]
        for candidate in order {
            let choices = allowed[candidate.id]!
            guard
                let best = choices.min(by: {
                    (load[$0][candidate.kind, default: 0], provinceLoad[$0][candidate.province, default: 0], $0)
                        < (load[$1][candidate.kind, default: 0], provinceLoad[$1][candidate.province, default: 0], $1)
                })
            else {
                let reasons = members.indices.map { "group \($0 + 1): " + conflicted(members[$0], candidate)[0] }
                lines.append(
                    "\(candidate.id) \(candidate.name) has no group free of conflict"
                        + " (\(reasons.joined(separator: "; ")))"
                )
                continue
            }
            placement[candidate.id] = best + 1
            load[best][candidate.kind, default: 0] += 1
            provinceLoad[best][candidate.province, default: 0] += 1
        }
        guard lines.isEmpty else { return .failure(Shortfall(lines: lines)) }
        return .success(Plan(members: members, placement: placement))
    }
}
