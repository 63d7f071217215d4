import PanelCore
@testable import PanelTUI
import TerminalKit
import Testing

/// The console's 统计 and 离群 tabs and its stability column, on a report from a round built here:
/// E03 is 20 points below the others on R2, and E01 is lenient everywhere.
@Suite struct ConsoleStatisticsTests {
    static func report(secondOutlier: Bool = false) throws -> FairnessReport {
        let round = try Fixtures.round()
        var candidates: [Candidate] = []
        var totals: [SheetTotal] = []
        let experts: [(String, Double)] = [("E01", 8), ("E02", 0), ("E03", 0), ("E04", -1)]
        for n in 1...6 {
            candidates.append(
                Candidate(
                    id: "R\(n)", kind: .region,
                    name: """
                        区域\(n)
                        """, province: "浙江省", city: "", county: "", level: nil,
                    platform: "p", connected: true, priorAward: nil, supports: nil, provinceRank: nil, importOrder: n))
            for (expert, lean) in experts {
                var total = 60 + Double(n) * 4 + lean
                if n == 2, expert == "E03" { total -= 20 }
                if secondOutlier, n == 5, expert == "E04" { total -= 25 }
                totals.append(
                    SheetTotal(
                        key: SheetKey(expert: expert, candidate: "R\(n)", stage: .material), status: .submitted,
                        total: Points(exactly: total)!, groups: GroupTotals()))
            }
        }
        let input = ScoringInput(
            round: round, candidates: candidates, totals: totals, decisions: ChairDecisions(), finalized: false)
        return FairnessReport.compute(input, kinds: [.region], stability: false)
    }

    func console(width: Int = 100, height: Int = 30) throws -> AppState {
        var state = AppState(round: try Fixtures.round(), width: width, height: height)
        _ = update(&state, .signedInChair(ChairConsoleTests.chair, ChairConsoleTests.data()))
        return state
    }

    @Test func tabWalksSevenTabsAndTheStatisticsAndDefenceTabsAskForTheirData() throws {
        var state = try console()
        #expect(Fixtures.press(&state, [.tab, .tab]).isEmpty)
        #expect(Fixtures.press(&state, [.tab]) == [.loadStats])
        #expect(render(state).lines[3].contains("统计加载中"))
        #expect(Fixtures.press(&state, [.tab]) == [.loadStats])
        #expect(Fixtures.press(&state, [.tab]).isEmpty)  // 回避
        #expect(Fixtures.press(&state, [.tab]) == [.pollDefense])  // 答辩: its clocks, read at once
        #expect(update(&state, .tick) == [.pollChanges(since: 41), .pollDefense])
        #expect(Fixtures.press(&state, [.tab]).isEmpty)
        #expect(update(&state, .tick) == [.pollChanges(since: 41)])
        let console = try #require(Fixtures.console(state))
        #expect(console.view == .progress)
    }

    @Test func theStatisticsTabAlignsEveryExpertsHistogram() throws {
        var state = try console(width: 80, height: 24)
        _ = Fixtures.press(&state, [.tab, .tab, .tab])
        _ = update(&state, .statsLoaded(try Self.report()))
        let buffer = render(state)
        let rows = (0..<buffer.height).filter { row in
            ["E01", "E02", "E03", "E04"].contains { buffer.column(of: $0, row: row) == 1 }
                && buffer.lines[row].contains("|")
        }
        #expect(rows.count == 4)
        let bars = rows.map { buffer.column(of: "|", row: $0) }
        #expect(Set(bars).count == 1 && bars[0] != nil)
        // E01: 8⅓ above the others on five regions and 15 on R2, where E03 dipped: 9.44 on average, flagged beyond 8.
        let e01 = try #require(rows.first), e02 = rows[1]
        #expect(buffer.lines[e01].contains("+9.44") && buffer.lines[e01].contains(" ! "))
        #expect(!buffer.lines[e02].contains(" ! "))
        #expect(buffer.wideCharactersAreWhole)
    }

    @Test func anOutlierIsMarkedReviewedOrGivenBackFromItsTab() throws {
        var state = try console()
        _ = Fixtures.press(&state, [.tab, .tab, .tab, .tab])
        let report = try Self.report()
        let outlier = try #require(report.outliers.first { $0.key.expert == "E03" })
        _ = update(&state, .statsLoaded(report))
        let screen = render(state).lines
        let row = try #require(screen.firstIndex { $0.contains("E03") && $0.contains("R2") })
        #expect(screen[row].contains("未复核") && screen[row].contains("-"))
        let index = try #require(report.outliers.firstIndex(of: outlier))
        _ = Fixtures.press(&state, Array(repeating: .down, count: index))
        _ = Fixtures.press(&state, [.character("v")] + Fixtures.type("已电话核实"))
        #expect(render(state).lines[27].contains("E03 对 R2 的材料评分（\(outlier.total)）复核说明: 已电话核实_"))
        #expect(Fixtures.press(&state, [.enter]) == [.chair(.reviewOutlier(outlier.key, note: "已电话核实"))])
        _ = Fixtures.press(&state, [.character("u")] + Fixtures.type("请重新评分"))
        #expect(Fixtures.press(&state, [.enter]) == [.chair(.reopen(outlier.key, reason: "请重新评分"))])
        #expect(Fixtures.press(&state, [.enter]) == [.explain("R2")])
    }

    @Test func theRankingShowsTheLatestStabilityAndSaysWhenItIsOlder() throws {
        var state = try console()
        _ = Fixtures.press(&state, [.tab])
        #expect(render(state).lines[1].contains("稳定性计算中"))
        let place = PlaceStability(
            candidate: "R2", place: 2, official: false, mean: true, median: false, adjusted: nil, bootstrapWins: 420,
            resamples: 1000)
        let stability = CutLineStability(
            kind: .region, quota: 2, places: [place], adjustedRefusal: "too few", resamples: 1000, seed: 1)
        // Computed on an older state: shown, and said to be updating.
        _ = update(&state, .stabilityLoaded(changeCounter: 40, [stability]))
        #expect(render(state).lines[1].contains("稳定性更新中"))
        #expect(render(state).lines.first { $0.contains("R2") }?.hasSuffix("1/3 42%") == true)
        _ = update(&state, .stabilityLoaded(changeCounter: 41, [stability]))
        let lines = render(state).lines
        #expect(!lines[1].contains("稳定性计算中") && !lines[1].contains("稳定性更新中"))
        let r2 = try #require(lines.first { $0.contains("R2") })
        #expect(r2.hasSuffix("1/3 42%"))
        #expect(lines[2].hasSuffix("稳定性"))
    }
}
