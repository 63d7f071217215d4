import Foundation
import Testing

/// `panel assign` with the experts' 学段 and 评审类别 through the binary (issue 20).
@Suite struct ExpertiseAssignCommandTests {
    static let nominations = """
        编号,类别,名称,省份,地市,学段,平台名称,接入国家平台,支撑区域
        R1,区域,杭州市上城区,浙江,杭州市,,之江汇,是,
        S1,学校,上城区实验小学,浙江,杭州市,基础教育,之江汇,是,R1
        S2,学校,杭州职业技术学院,浙江,杭州市,职业教育,之江汇,是,R1

        """
    static let experts = """
        编号,姓名,省份,单位,学段,评审类别,PIN
        E1,王,北京,北京师范大学,基础教育,学校,1234
        E2,李,江苏,南京大学;上城区实验小学,基础教育;职业教育,学校,1234
        E3,张,天津,,,区域,1234
        E4,赵,上海,,,,1234

        """

    func panel(rules edits: [(String, String)] = []) throws -> (Workspace, String) {
        let workspace = try Workspace()
        let db = try workspace.initDatabase("panel.sqlite", rules: edits)
        for (kind, name, text) in [
            ("nominations", "n.csv", Self.nominations), ("experts", "e.csv", Self.experts),
        ] {
            let run = try PanelProcess.run(["import", kind, "--db", db, try workspace.write(name, text)])
            try #require(run.status == 0, "\(run.stderr)")
        }
        return (workspace, db)
    }

    @Test func requiredExpertiseAssignsOnlyCoveringExpertsAndReportsTheMatch() throws {
        let (workspace, db) = try panel()
        defer { workspace.remove() }
        let assigned = try PanelProcess.run(["assign", "--db", db, "--per-candidate", "1", "--seed", "2"])
        #expect(assigned.status == 0, "\(assigned.stderr)")

        struct Report: Decodable {
            struct Pair: Decodable, Hashable { var expert_id, candidate_id: String }
            var assignments: [Pair]
            var matching_percent: Int
            var neighbours: [String: Int]
        }
        let json = try PanelProcess.run(["assignments", "--db", db, "--format", "json"])
        let report = try JSONDecoder().decode(Report.self, from: Data(json.stdout.utf8))
        let pairs = Dictionary(
            report.assignments.map { ($0.candidate_id, $0.expert_id) }, uniquingKeysWith: { a, _ in a })
        // R1 only to a region reviewer; S2 (职业教育) only to E2 or E4; E2 works at S1, so S1 is not E2's.
        #expect(["E3", "E4"].contains(pairs["R1"]))
        #expect(["E2", "E4"].contains(pairs["S2"]))
        #expect(["E1", "E4"].contains(pairs["S1"]))
        #expect(report.matching_percent == 100)
        // 江苏 and 上海 border 浙江, 北京 and 天津 do not: the most any of them gets, E2 first on a tie.
        let counts = ["E2", "E4"].map { expert in (expert, pairs.values.filter { $0 == expert }.count) }
        let busiest = counts.max { ($0.1, $1.0) < ($1.1, $0.0) }!
        #expect(report.neighbours == ["E1": 0, "E2": counts[0].1, "E3": 0, "E4": counts[1].1])
        #expect(
            assigned.stdout.hasSuffix(
                """
                expertise: 3 of 3 assignments (100%) by experts whose 学段 and 评审类别 cover the candidate
                neighbouring provinces: at most \(busiest.1) of one expert's candidates (\(busiest.0)) come from a \
                province next to the expert's

                """), "\(assigned.stdout)")
    }

    @Test func aCandidateNoExpertCoversIsNamedAndNothingChanges() throws {
        let (workspace, db) = try panel()
        defer { workspace.remove() }
        let refused = try PanelProcess.run(["assign", "--db", db, "--per-candidate", "3"])
        #expect(refused.status == 1)
        #expect(
            refused.stderr.contains(
                "  S2 杭州职业技术学院 (浙江省): only 2 available; "
                    + "2 not covering its 学段 职业教育 or 评审类别 (expertise)"),
            "\(refused.stderr)")
        #expect(try PanelProcess.run(["assignments", "--db", db, "--csv"]).stdout == "expert_id,candidate_id\n")
        // With expertise preferred, the same panel is assigned.
        let (other, preferred) = try panel(rules: [
            ("[fairness]", "[assignment]\nexpertise = \"preferred\"\n\n[fairness]")
        ])
        defer { other.remove() }
        let assigned = try PanelProcess.run(["assign", "--db", preferred, "--per-candidate", "3"])
        #expect(assigned.status == 0, "\(assigned.stderr)")
        #expect(assigned.stdout.contains("expertise: 6 of 9 assignments (66%)"), "\(assigned.stdout)")
    }
}
