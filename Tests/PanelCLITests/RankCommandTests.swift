import Foundation
import PanelCore
import Testing

/// `panel rank`, `panel explain` and the chair's commands on the national nominations, with 30
/// regions scored by ten experts each (material and defence).
@Suite struct RankCommandTests {
    let panel: NationalPanel
    let scored: [String]

    init() throws {
        panel = try NationalPanel()
        scored = try panel.scoreRegions(30)
    }

    func rank() throws -> [String: Any] {
        let run = try PanelProcess.run(["rank", "--db", panel.db, "--kind", "region", "--format", "json"])
        try #require(run.status == 0, "\(run.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    }

    @Test func theJSONContractListsEveryRegionRankedFirstWithNullsWhereNothingExists() throws {
        defer { panel.workspace.remove() }
        let ranking = try rank()
        #expect(
            ranking["kind"] as? String == "region" && ranking["quota"] as? Int == 40
                && ranking["finalized"] as? Bool == false)
        let entries = try #require(ranking["entries"] as? [[String: Any]])
        #expect(entries.count == 101)
        #expect(
            entries.allSatisfy {
                Set($0.keys) == [
                    "id", "name", "province", "rank", "status", "material", "defense", "final", "experts", "reasons",
                ]
            })
        let statuses = entries.map { $0["status"] as! String }
        #expect(statuses.prefix(30).allSatisfy { $0 == "winner" })
        #expect(Set(entries.prefix(30).map { $0["id"] as! String }) == Set(scored))
        #expect(statuses.dropFirst(30).allSatisfy { $0 == "incomplete" || $0 == "ineligible" })
        #expect(statuses.last == "ineligible")
        let ranks = entries.prefix(30).map { $0["rank"] as! Int }
        #expect(ranks.first == 1 && ranks == ranks.sorted())
        let finals = entries.prefix(30).map { ($0["final"] as! NSNumber).doubleValue }
        #expect(finals == finals.sorted(by: >))
        let unscored = try #require(entries.first { $0["status"] as? String == "incomplete" })
        #expect(unscored["rank"] is NSNull && unscored["final"] is NSNull && unscored["material"] is NSNull)
        #expect((unscored["experts"] as? Int) == 0)
    }

    @Test func explainShowsEachExpertsTotalTheTrimmedOnesAndTheFinal() throws {
        defer { panel.workspace.remove() }
        let run = try PanelProcess.run(["explain", "--db", panel.db, scored[0]])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.components(separatedBy: "\n")
        #expect(lines[1].hasPrefix("status: winner 优秀, rank "))
        #expect(lines.contains { $0.hasPrefix("material 材料评审: trimmed_mean (dropped 1 highest and 1 lowest of ") })
        #expect(lines.filter { $0.hasSuffix("(trimmed)") }.count == 4)
        #expect(lines.contains { $0.hasPrefix("final 最终得分: 0.6 × ") })
        #expect(lines.contains { $0.hasPrefix("tie-break: defense ") })
        #expect(try PanelProcess.run(["explain", "--db", panel.db, "R-99-9"]).stderr == "no candidate 'R-99-9'\n")
    }

    @Test func theChairsSpotCheckFailureShowsInTheRankingAndAnExpertIsRefused() throws {
        defer { panel.workspace.remove() }
        let target = scored[0]
        let refused = try PanelProcess.run(
            ["spotcheck", "--db", panel.db, target, "--fail", "--note", "x", "--as", "E01"],
            environment: ["PANEL_PIN": "1001"])
        #expect(refused.status == 1)
        #expect(refused.stderr == "E01 is a review expert; only the chair (组长) may record spot checks\n")
        let noAs = try PanelProcess.run(["spotcheck", "--db", panel.db, target, "--fail", "--note", "x"])
        #expect(noAs.status == 1 && noAs.stderr.contains("pass --as"))

        let recorded = try PanelProcess.run(
            ["spotcheck", "--db", panel.db, target, "--fail", "--note", "平台数据与材料不符", "--as", "C01"],
            environment: ["PANEL_PIN": "9999"])
        #expect(recorded.status == 0, "\(recorded.stderr)")
        let entries = try #require(try rank()["entries"] as? [[String: Any]])
        let entry = try #require(entries.first { $0["id"] as? String == target })
        #expect(entry["status"] as? String == "ineligible")
        #expect(entry["reasons"] as? [String] == ["spot_check_failed: 实地抽查未通过：平台数据与材料不符"])
        let explained = try PanelProcess.run(["explain", "--db", panel.db, target]).stdout
        #expect(explained.contains("C01 spot check: fail: 平台数据与材料不符"))
        let table = try PanelProcess.run(["rank", "--db", panel.db, "--kind", "region"]).stdout
        #expect(table.contains(" 名额线 quota 40: 29 winners "))
    }
}
