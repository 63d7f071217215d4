import Foundation
import PanelCore
import PanelViews
import Testing

/// The explanation a chair reads (`panel explain`, the console's page), checked without a database.
@Suite struct ExplanationTests {
    @Test func theSpreadPlotPutsEachExpertWhereTheirTotalLies() {
        let totals = [6_200, 9_100, 9_100, 8_000].map { Points(hundredths: $0) }
        // Columns 0..9 over 62..91: 80 lands in (80-62)*9/29 = 5, the two 91s share column 9.
        #expect(spreadPlot(totals, width: 10) == "62 |*    *   2| 91")
        #expect(spreadPlot([], width: 10) == "")
    }

    @Test func columnsLineUpChineseAndASCII() {
        #expect(alignedColumns([["编号", "名称"], ["R1", "浙江省"], ["R10", "x"]]) == ["编号  名称", "R1    浙江省", "R10   x"])
    }

    @Test func aCandidateNearTheCutLineHasItsStabilityInOneLine() {
        let place = PlaceStability(
            candidate: "R2", place: 2, official: false, mean: true, median: false, adjusted: nil, bootstrapWins: 420,
            resamples: 1000)
        let stability = CutLineStability(
            kind: .region, quota: 2, places: [place], adjustedRefusal: "too few", resamples: 1000, seed: 7)
        #expect(
            stabilityLine("R2", stability, window: 10)
                == "stability 稳定性: place 2, quota 2; official does not win, mean wins, median does not win, adjusted n/a (too few); "
                + "wins in 42.0% of 1000 resamples (seed 7); \(String(format: "%.1f%%", place.share * 100)) of all variants"
        )
        #expect(
            stabilityLine("R9", stability, window: 10) == """
                stability 稳定性: not within 10 places of the quota line (2)
                """)
    }

    @Test func theExplanationShowsStatusRulesReasonsAndDecisions() throws {
        let candidate = Candidate(
            id: "R1", kind: .region,
            name: """
                浙江省杭州市上城区
                """, province: "浙江省", city: "", county: "", level: nil,
            platform: "p", connected: false, priorAward: nil, supports: nil, provinceRank: nil, importOrder: 1)
        let entry = RankEntry(
            candidate: candidate, rank: nil, status: .ineligible, material: nil, defense: nil, final: nil,
            tieBreaks: [],
            experts: 0, reasons: ["platform_not_connected: 平台未接入国家体系"])
        let ranking = Ranking(kind: .region, quota: 40, finalized: false, entries: [entry])
        let rules = try #require(try ShippedRound.rules())
        let decision = AuditEntry(
            seq: 7, at: "2026-12-03T10:00:00Z", actor: "C01", action: "override exclude", subject: "R1",
            before: nil, after: "材料不实", prevHash: "", hash: "")
        let lines = explanation(of: "R1", in: ranking, rules: rules, decisions: [decision])
        #expect(lines.first == "R1 浙江省杭州市上城区（区域，浙江省）")
        #expect(lines[1] == "status: ineligible \(RankStatus.ineligible.chineseName) (quota 40)")
        #expect(lines[2] == "material 材料评审: no complete sheets" && lines[3] == "defence 现场答辩: no complete sheets")
        #expect(
            lines.suffix(4) == [
                "reasons:", "  platform_not_connected: 平台未接入国家体系", "decisions on record:",
                "  #7 2026-12-03T10:00:00Z C01 override exclude: 材料不实",
            ])
        #expect(explanation(of: "R9", in: ranking, rules: rules, decisions: []).isEmpty)
    }
}

/// The rules shipped in scoring-rubrics/.
enum ShippedRound {
    static func rules() throws -> Rules? {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("scoring-rubrics")
        let files = try ["region", "school", "defense", "rules"].map { name in
            SourceFile(
                path: "\(name).toml",
                text: try String(contentsOf: folder.appendingPathComponent("\(name).toml"), encoding: .utf8))
        }
        return try RoundDefinition.load(files).get().rules
    }
}
