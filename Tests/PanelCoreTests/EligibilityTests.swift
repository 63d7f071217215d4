import PanelCore
import Testing

@Suite struct EligibilityTests {
    var order = 0

    mutating func make(
        _ id: String, _ kind: CandidateKind, province: String = "浙江省", city: String = "杭州市",
        county: String = "", connected: Bool = true, prior: Int? = nil, supports: String? = nil,
        rank: Int? = nil
    ) -> Candidate {
        order += 1
        return Candidate(
            id: id, kind: kind, name: id, province: province, city: city, county: county,
            level: kind == .school ? .basic : nil, platform: "p", connected: connected, priorAward: prior,
            supports: supports, provinceRank: rank, importOrder: order)
    }

    func rules(level: Rules.Level = .national) throws -> Rules {
        var rules = try RulesParser.parse(ShippedFiles.text("rules.toml"), file: "rules.toml").get()
        rules.round.level = level
        return rules
    }

    func codes(_ findings: [String: [Finding]], _ id: String) -> [String] {
        (findings[id] ?? []).map { "\($0.code.rawValue)\($0.excludes ? "" : "?")" }
    }

    @Test mutating func anUnconnectedPlatformExcludes() throws {
        let candidates = [make("R1", .region, connected: false), make("S1", .school, supports: "R1")]
        let findings = Eligibility.findings(for: candidates, rules: try rules())
        #expect(codes(findings, "R1") == ["platform_not_connected"])
        #expect(codes(findings, "S1") == [])
        #expect(findings["R1"]?.first?.message.contains("未接入国家数字教育资源公共服务体系") == true)
    }

    @Test mutating func aWinnerOf2018Or2019IsExcludedButNotOf2017() throws {
        let candidates = [
            make("S1", .school, prior: 2019), make("S2", .school, prior: 2018), make("S3", .school, prior: 2017),
        ]
        let findings = Eligibility.findings(for: candidates, rules: try rules())
        #expect(codes(findings, "S1") == ["prior_winner"])
        #expect(codes(findings, "S2") == ["prior_winner"])
        #expect(codes(findings, "S3") == [])
    }

    @Test mutating func aProvinceBeyondItsCapLosesItsLowestRanked() throws {
        // Four regions from 浙江 (cap 3): ranks 2, none, 1, 3 -> the unranked one is fourth.
        var candidates = [
            make("R-b", .region, rank: 2), make("R-none", .region), make("R-a", .region, rank: 1),
            make("R-c", .region, rank: 3),
        ]
        candidates += candidates.map { make("S-\($0.id)", .school, supports: $0.id) }
        candidates.append(make("R-js", .region, province: "江苏省"))
        candidates.append(make("S-js", .school, province: "江苏省", supports: "R-js"))
        let findings = Eligibility.findings(for: candidates, rules: try rules())
        #expect(codes(findings, "R-none") == ["over_province_cap"])
        #expect(["R-a", "R-b", "R-c", "R-js"].allSatisfy { codes(findings, $0).isEmpty })
        #expect(findings["R-none"]?.first?.message == "浙江省推荐了4个区域，超过每省3个的上限，按推荐排序本候选在上限之外")
        // Schools: 16 from one province, cap 15; missing ranks go in file order, so the last is out.
        var schools: [Candidate] = []
        for index in 1...16 { schools.append(make("S\(index)", .school, province: "福建省", city: "市\(index)")) }
        let schoolFindings = Eligibility.findings(for: schools, rules: try rules())
        #expect(schools.filter { !codes(schoolFindings, $0.id).isEmpty }.map(\.id) == ["S16"])
    }

    @Test mutating func aRegionNeedsAnEligibleSchoolSupportingIt() throws {
        let candidates = [
            make("R1", .region), make("R2", .region), make("R3", .region),
            make("S1", .school, supports: "R1"),
            make("S2", .school, prior: 2019, supports: "R2"),  // ineligible itself, so R2 has no support
        ]
        let findings = Eligibility.findings(for: candidates, rules: try rules())
        #expect(codes(findings, "R1") == [])
        #expect(codes(findings, "R2") == ["no_supporting_school"])
        #expect(codes(findings, "R3") == ["no_supporting_school"])
    }

    @Test mutating func cityAndCountyCapsWarnNationallyAndBindBelow() throws {
        var schools: [Candidate] = []
        for index in 1...11 {
            schools.append(
                make(
                    """
                    S\(index)
                    """, .school, city: "温州市", county: index <= 6 ? "鹿城区" : "", rank: index))
        }
        let national = Eligibility.findings(for: schools, rules: try rules())
        #expect(codes(national, "S6") == ["over_county_cap?"])
        #expect(codes(national, "S11") == ["over_city_cap?"])
        #expect(schools.filter { !codes(national, $0.id).isEmpty }.map(\.id) == ["S6", "S11"])
        let provincial = Eligibility.findings(for: schools, rules: try rules(level: .province))
        #expect(codes(provincial, "S6") == ["over_county_cap"])
        #expect(codes(provincial, "S11") == ["over_city_cap"])
    }

    /// A city spelled with a CJK compatibility ideograph (U+F900) is the same String as with the
    /// unified one (U+8C48) it stands for: one city to the caps, as before they were counted by bytes.
    @Test mutating func canonicallyEqualSpellingsAreOneCity() throws {
        var schools: [Candidate] = []
        for index in 1...11 {
            schools.append(make("S\(index)", .school, city: index % 2 == 0 ? "\u{F900}州市" : "\u{8C48}州市", rank: index))
        }
        #expect("\u{F900}州市" == "\u{8C48}州市")
        let national = Eligibility.findings(for: schools, rules: try rules())
        #expect(schools.filter { !codes(national, $0.id).isEmpty }.map(\.id) == ["S11"])
        #expect(national["S11"]?.first?.message.hasPrefix("\u{8C48}州市推荐了11所学校") == true)
    }
}
