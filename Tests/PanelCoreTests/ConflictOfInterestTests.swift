import PanelCore
import Testing

@Suite struct ConflictOfInterestTests {
    let candidate = Candidate(
        id: "S-33-1", kind: .school, name: "杭州市第一中学", province: "浙江省", city: "杭州市",
        county: "", level: .basic, platform: "p", connected: true, priorAward: nil, supports: nil,
        provinceRank: nil, importOrder: 1)

    func expert(_ province: String, org: String = "") -> ExpertEntry {
        ExpertEntry(id: "E1", name: "王", province: province, org: org, role: .expert, pin: nil)
    }

    @Test func sameProvinceRecusesOnlyWhenTheRulesSaySo() {
        #expect(
            ConflictOfInterest.reason(
                expert: expert(
                    """
                    浙江省
                    """), candidate: candidate, rules: .init(recuseSameProvince: true)) == .sameProvince)
        #expect(
            ConflictOfInterest.reason(
                expert: expert("浙江省"), candidate: candidate, rules: .init(recuseSameProvince: false)) == nil)
        #expect(
            ConflictOfInterest.reason(
                expert: expert("江苏省"), candidate: candidate, rules: .init(recuseSameProvince: true)) == nil)
    }

    @Test func anExpertNeverScoresTheirOwnOrganisation() {
        let rules = Rules.Conflicts(recuseSameProvince: false)
        #expect(
            ConflictOfInterest.reason(
                expert: expert(
                    "江苏省",
                    org: """
                         杭州市第一中学 
                        """), candidate: candidate, rules: rules)
                == .ownOrganisation)
        #expect(
            ConflictOfInterest.reason(
                expert: expert(
                    "江苏省",
                    org: """
                        杭州市第二中学
                        """), candidate: candidate, rules: rules) == nil)
    }
}
