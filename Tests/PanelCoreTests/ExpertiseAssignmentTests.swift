import Foundation
import PanelCore
import Testing

/// Issue 20: the experts' 学段 and 评审类别 in the assignment, and the conflicts their 单位 and 地市
/// bring, on a panel designed so that each rule decides something.
@Suite struct ExpertiseAssignmentTests {
    static func school(_ id: String, _ level: SchoolLevel, supports: String? = nil) -> Candidate {
        Candidate(
            id: id, kind: .school, name: "\(id)学校", province: "浙江省", city: "杭州市", level: level, platform: "p",
            connected: true, supports: supports, importOrder: 0)
    }
    static let region = Candidate(
        id: "R1", kind: .region, name: "杭州市上城区", province: "浙江省", city: "杭州市", platform: "p",
        connected: true,
        importOrder: 0)
    /// 基础教育, 职业教育 and 继续教育 schools; only E4, who gives no fields, covers 继续教育.
    static let candidates = [region, school("S1", .basic), school("S2", .vocational), school("S3", .continuing)]
    static let experts = [
        ExpertEntry(
            id: "E1", name: "一", province: "北京市", org: "", role: .expert, pin: nil, levels: [.basic],
            reviews: [.school]),
        ExpertEntry(
            id: "E2", name: "二", province: "天津市", org: "", role: .expert, pin: nil, levels: [.basic, .vocational],
            reviews: [.school]),
        ExpertEntry(id: "E3", name: "三", province: "河北省", org: "", role: .expert, pin: nil, reviews: [.region]),
        ExpertEntry(id: "E4", name: "四", province: "山西省", org: "", role: .expert, pin: nil),
        ExpertEntry(
            id: "E5", name: "五", province: "上海市", org: "", role: .expert, pin: nil, levels: [.higher],
            reviews: [.school]),
    ]
    static let conflicts = Rules.Conflicts(recuseSameProvince: true)

    func plan(_ candidates: [Candidate], _ expertise: Rules.Assignment.Expertise, perCandidate: Int = 2)
        -> Result<AssignmentPlanner.Plan, AssignmentPlanner.Shortfall>
    {
        AssignmentPlanner.plan(
            candidates: candidates, experts: Self.experts, keep: [], perCandidate: perCandidate, seed: 3,
            conflicts: Self.conflicts, expertise: expertise)
    }

    func experts(of candidate: String, in plan: AssignmentPlanner.Plan) -> Set<String> {
        Set(plan.assignments.filter { $0.candidate == candidate }.map(\.expert))
    }

    @Test func requiredExpertiseGivesEachCandidateOnlyExpertsCoveringIt() throws {
        let required = try plan(Array(Self.candidates.prefix(3)), .required).get()
        #expect(experts(of: "R1", in: required) == ["E3", "E4"])
        #expect(experts(of: "S2", in: required) == ["E2", "E4"])
        #expect(experts(of: "S1", in: required).isSubset(of: ["E1", "E2", "E4"]))
        #expect(required.matching == required.assignments.count && required.matchingPercent == 100)
    }

    @Test func aLevelNoOneCoversIsAShortfallThatChangesNothing() throws {
        let result = plan(Self.candidates, .required)
        guard case .failure(let shortfall) = result else {
            Issue.record("planned although only E4 covers 继续教育: \(result)")
            return
        }
        #expect(shortfall.entries.map(\.candidate.id) == ["S3"])
        #expect(
            shortfall.description.split(separator: "\n")[1]
                == "  S3 S3学校 (浙江省): only 1 available; 4 not covering its 学段 继续教育 or 评审类别 (expertise)")
    }

    @Test func preferredExpertiseFillsWithOthersOnlyWhereTooFewCover() throws {
        let preferred = try plan(Self.candidates, .preferred).get()
        #expect(experts(of: "R1", in: preferred) == ["E3", "E4"])
        #expect(experts(of: "S3", in: preferred).contains("E4"))
        #expect(preferred.matching == preferred.assignments.count - 1)
        let ignored = try plan(Self.candidates, .ignored).get()
        #expect(ignored.assignments.count == 8)
        #expect(ignored.maxLoad - ignored.minLoad <= 1)
    }

    @Test func theReplacementIsTheLeastLoadedExpertWhoMayTakeIt() {
        let assignments = [
            Assignment(expert: "E1", candidate: "S1"), Assignment(expert: "E2", candidate: "S1"),
            Assignment(expert: "E2", candidate: "S2"), Assignment(expert: "E4", candidate: "S2"),
            Assignment(expert: "E4", candidate: "R1"), Assignment(expert: "E3", candidate: "R1"),
        ]
        func taker(_ candidate: Candidate, leaving: String, _ expertise: Rules.Assignment.Expertise) -> String? {
            AssignmentPlanner.replacement(
                for: candidate, experts: Self.experts, assignments: assignments, leaving: leaving,
                conflicts: Self.conflicts, expertise: expertise)?.id
        }
        // S1 (基础教育) from E1: E2 is on it, E3 reviews regions, E5 higher education; E4 covers all.
        #expect(taker(Self.candidates[1], leaving: "E1", .required) == "E4")
        // Ignoring expertise, the least loaded who is not on it: E5 (none) before E3 and E4.
        #expect(taker(Self.candidates[1], leaving: "E1", .ignored) == "E5")
        // R1 from E3: only E4 reviews regions, and E4 is on it already.
        #expect(taker(Self.candidates[0], leaving: "E3", .required) == nil)
        #expect(taker(Self.candidates[0], leaving: "E3", .preferred) == "E5")
    }

    @Test func everyEmployerTheSupportedRegionAndTheSameCityAreConflicts() {
        let expert = ExpertEntry(
            id: "E9", name: "九", province: "浙江省", org: "浙江大学；杭州市上城区 ; 某研究院", role: .expert, pin: nil,
            city: "杭州市")
        let national = Rules.Conflicts(recuseSameProvince: false)
        #expect(expert.employers == ["浙江大学", "杭州市上城区", "某研究院"])
        #expect(ConflictOfInterest.reason(expert: expert, candidate: Self.region, rules: national) == .ownOrganisation)
        let supporting = Self.school("S9", .basic, supports: "R1")
        #expect(
            ConflictOfInterest.reason(
                expert: expert, candidate: supporting, rules: national, regionName: "杭州市上城区")
                == .supportedRegion)
        #expect(ConflictOfInterest.reason(expert: expert, candidate: supporting, rules: national) == nil)
        let provincial = Rules.Conflicts(recuseSameProvince: false, recuseSameCity: true)
        #expect(ConflictOfInterest.reason(expert: expert, candidate: supporting, rules: provincial) == .sameCity)
        var elsewhere = supporting
        elsewhere.city = "宁波市"
        #expect(ConflictOfInterest.reason(expert: expert, candidate: elsewhere, rules: provincial) == nil)
    }

    @Test func neighboursAreLandBordersBothWays() {
        #expect(Province.areNeighbours("浙江省", "江苏省") && Province.areNeighbours("江苏省", "浙江省"))
        #expect(Province.areNeighbours("新疆生产建设兵团", "新疆维吾尔自治区"))
        #expect(!Province.areNeighbours("浙江省", "北京市"))
        #expect(!Province.areNeighbours("海南省", "广东省"))
        // Every unit but 海南 borders another.
        let lonely = Province.all.filter { a in !Province.all.contains { Province.areNeighbours(a.name, $0.name) } }
        #expect(lonely.map(\.short) == ["海南"])
    }

    @Test func theExpertsFileReadsLevelsKindsAndCity() throws {
        let csv = try CSVText.parse(
            Data(
                """
                编号,姓名,省份,单位,学段,评审类别,地市,PIN
                E1,王,北京,北师大;教育部,基础教育;职业教育,学校,海淀区,1234
                E2,李,上海,,,全部,,1234
                E3,张,天津,,小学,城市,,1234

                """.utf8), file: "e.csv"
        ).get()
        guard case .failure(let problems) = ExpertParser.parse(csv, file: "e.csv") else {
            Issue.record("accepted 小学 and 城市")
            return
        }
        #expect(
            problems.all.map(\.description) == [
                "e.csv:4: 学段 '小学' is not 基础教育, 职业教育, 高等教育 or 继续教育 (separate several with ;)",
                "e.csv:4: 评审类别 '城市' is not 区域, 学校 or 全部",
            ])
        let good = try CSVText.parse(
            Data(csv.records.prefix(3).map { $0.fields.joined(separator: ",") }.joined(separator: "\n").utf8),
            file: "e.csv"
        ).get()
        let entries = try ExpertParser.parse(good, file: "e.csv").get().entries
        #expect(entries[0].levels == [.basic, .vocational] && entries[0].reviews == [.school])
        #expect(entries[0].city == "海淀区" && entries[0].employers == ["北师大", "教育部"])
        #expect(entries[1].levels.isEmpty && entries[1].reviews == [.region, .school])
    }
}
