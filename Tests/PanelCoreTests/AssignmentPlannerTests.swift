import PanelCore
import Testing

@Suite struct AssignmentPlannerTests {
    /// 3 regions and 12 schools from each of the 32 units: 480 candidates.
    static let candidates: [Candidate] = Province.all.enumerated().flatMap { index, province in
        (1...15).map { n in
            Candidate(
                id: "\(n <= 3 ? "R" : "S")-\(province.code)-\(n)", kind: n <= 3 ? .region : .school,
                name: "\(province.short)候选\(n)", province: province.name, city: "市", county: "",
                level: n <= 3 ? nil : .basic, platform: "p", connected: true, priorAward: nil, supports: nil,
                provinceRank: nil, importOrder: index * 15 + n)
        }
    }

    /// 40 experts spread over the first 20 units (two each), plus the chair.
    static let experts: [ExpertEntry] =
        (0..<40).map { n in
            ExpertEntry(
                id: String(format: "E%02d", n + 1), name: "专家\(n + 1)", province: Province.all[n / 2].name,
                org: "", role: .expert, pin: nil)
        } + [ExpertEntry(id: "C01", name: "组长", province: "北京市", org: "", role: .chair, pin: nil)]

    let conflicts = Rules.Conflicts(recuseSameProvince: true)

    func plan(seed: UInt64 = 1, keep: Set<Assignment> = [], experts: [ExpertEntry] = experts, perCandidate: Int = 7)
        throws -> AssignmentPlanner.Plan
    {
        try AssignmentPlanner.plan(
            candidates: Self.candidates, experts: experts, keep: keep, perCandidate: perCandidate,
            seed: seed, conflicts: conflicts
        ).get()
    }

    @Test func everyCandidateGetsNDistinctExpertsWithoutAConflictAndTheLoadIsEven() throws {
        let plan = try plan()
        let experts = Dictionary(uniqueKeysWithValues: Self.experts.map { ($0.id, $0) })
        let byCandidate = Dictionary(grouping: plan.assignments, by: \.candidate)
        #expect(byCandidate.count == 480)
        for candidate in Self.candidates {
            let assigned = try #require(byCandidate[candidate.id])
            #expect(Set(assigned.map(\.expert)).count == 7)
            #expect(assigned.allSatisfy { experts[$0.expert]!.province != candidate.province })
        }
        #expect(!plan.assignments.contains { $0.expert == "C01" })
        #expect(plan.load.count == 40)
        // 480 × 7 = 3360 over 40 experts: 84 each.
        #expect(plan.minLoad == 84 && plan.maxLoad == 84)
        #expect(plan.load.values.reduce(0, +) == 3360)
    }

    @Test func oneSeedGivesOnePlanAndAnotherSeedAnotherPlanOfTheSameBalance() throws {
        let first = try plan(seed: 7), again = try plan(seed: 7), other = try plan(seed: 8)
        #expect(first == again)
        #expect(first.assignments != other.assignments)
        #expect(other.maxLoad - other.minLoad == first.maxLoad - first.minLoad)
    }

    @Test func keptAssignmentsStayAndCountTowardsN() throws {
        let kept: Set<Assignment> = [
            Assignment(expert: "E40", candidate: "R-11-1"), Assignment(expert: "E39", candidate: "R-11-1"),
        ]
        let plan = try plan(keep: kept)
        let forR = plan.assignments.filter { $0.candidate == "R-11-1" }
        #expect(forR.count == 7)
        #expect(kept.isSubset(of: Set(forR)))
    }

    @Test func tooFewExpertsWithoutAConflictFailsNamingEachCandidateAndWhy() throws {
        // Four experts, two from 北京市 and one who works at 北京候选1.
        let experts = [
            ExpertEntry(id: "E1", name: "a", province: "北京市", org: "", role: .expert, pin: nil),
            ExpertEntry(id: "E2", name: "b", province: "北京市", org: "", role: .expert, pin: nil),
            ExpertEntry(id: "E3", name: "c", province: "天津市", org: "北京候选1", role: .expert, pin: nil),
            ExpertEntry(id: "E4", name: "d", province: "河北省", org: "", role: .expert, pin: nil),
        ]
        let result = AssignmentPlanner.plan(
            candidates: Array(Self.candidates.prefix(2)), experts: experts, keep: [],
            perCandidate: 3, seed: 0, conflicts: conflicts)
        guard case .failure(let shortfall) = result else { Issue.record("planned with too few experts"); return }
        #expect(shortfall.entries.map(\.candidate.id) == ["R-11-1", "R-11-2"])
        #expect(shortfall.entries.map(\.available) == [1, 2])
        #expect(
            shortfall.description.contains(
                """
                R-11-1 北京候选1 (北京市): only 1 available; 2 recused (same_province), 1 recused\
                 (own_organisation)
                """))
        // Without the province rule the same panel is enough.
        let relaxed = AssignmentPlanner.plan(
            candidates: Array(Self.candidates.prefix(2)), experts: experts, keep: [],
            perCandidate: 3, seed: 0, conflicts: .init(recuseSameProvince: false))
        #expect((try? relaxed.get())?.assignments.count == 6)
    }
}
