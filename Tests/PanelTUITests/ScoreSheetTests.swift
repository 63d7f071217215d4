import PanelCore
@testable import PanelTUI
import TerminalKit
import Testing

@Suite struct ScoreSheetTests {
    /// Opens R-1 (not started) from the list.
    func openSheet(width: Int = 80, height: Int = 24) throws -> AppState {
        var state = try Fixtures.signedIn(width: width, height: height)
        _ = Fixtures.press(&state, [.enter])
        return state
    }

    func sheet(_ state: AppState) -> SheetState? { Fixtures.sheet(state) }

    @Test func anAcceptedValueIsSavedAtOnceAndARefusedOneLeavesThePreviousValue() throws {
        var state = try openSheet()
        let key = SheetKey(expert: "E01", candidate: "R-1", stage: .material)
        #expect(
            Fixtures.press(&state, Fixtures.type("4.5") + [.enter]) == [
                .saveScore(key, item: "A1", Points(hundredths: 450), previous: nil)
            ])
        #expect(sheet(state)?.selected == 1)
        _ = update(&state, .saved(key, item: "A1", Points(hundredths: 450)))
        #expect(state.status == "已保存 A1 = 4.5　合计 4.5")
        // Above the maximum, then off the step: refused on the spot, nothing to save.
        #expect(Fixtures.press(&state, Fixtures.type("9") + [.enter]).isEmpty)
        #expect(state.statusIsError && state.status == "A2 最高 5 分 (maximum 5)")
        #expect(Fixtures.press(&state, [.up] + Fixtures.type("4.25") + [.enter]).isEmpty)
        #expect(state.status == "A1 的分数须为 0.5 的整数倍 (step 0.5)")
        #expect(sheet(state)?.scores == ["A1": Points(hundredths: 450)])
        // A store refusal puts the previous value back.
        _ = Fixtures.press(&state, Fixtures.type("3") + [.enter])
        _ = update(
            &state, .saveRefused(key, item: "A1", previous: Points(hundredths: 450), reason: "the round is finalized"))
        #expect(sheet(state)?.scores["A1"] == Points(hundredths: 450))
    }

    @Test func submitNamesTheFirstEmptyItemJumpsToItAndIsReadOnlyAfterwards() throws {
        var state = try openSheet()
        let key = SheetKey(expert: "E01", candidate: "R-1", stage: .material)
        let items = try #require(sheet(state)).rubric.items
        _ = Fixtures.press(&state, Fixtures.type("1") + [.enter, .down] + Fixtures.type("1") + [.enter])
        #expect(Fixtures.press(&state, [.character("s")]).isEmpty)
        #expect(state.status == "还不能提交：A2 平台认定与接入国家体系 尚未打分")
        #expect(sheet(state)?.selected == 1)
        for _ in 1..<items.count { _ = Fixtures.press(&state, Fixtures.type("1") + [.enter]) }
        #expect(sheet(state)?.scores.count == items.count)
        let shown = try #require(sheet(state)).scores
        #expect(Fixtures.press(&state, [.character("s")]) == [.submit(key, shown: shown)])
        // Changed in another terminal: the screen takes the stored values and stays editable.
        var stored = shown
        stored["A1"] = .zero
        _ = update(&state, .submitRefused(key, stored: stored, reason: "未提交：这张评分表已在另一处修改"))
        #expect(sheet(state)?.scores == stored)
        #expect(state.statusIsError && state.status == "未提交：这张评分表已在另一处修改")
        #expect(Fixtures.press(&state, [.character("s")]) == [.submit(key, shown: stored)])
        _ = update(&state, .submitted(key))
        #expect(Fixtures.press(&state, Fixtures.type("2")).isEmpty)
        #expect(state.statusIsError && state.status.hasPrefix("已提交：只读"))
        #expect(Fixtures.press(&state, [.character("q")]) == [.reload])
        guard case .list = state.screen else { Issue.record("q did not go back"); return }
    }

    @Test func theCommentIsMultiLineChineseAndSavedWithTab() throws {
        var state = try openSheet()
        _ = Fixtures.press(&state, [.character("c")] + Fixtures.type("材料翔实") + [.enter] + Fixtures.type("数据可信"))
        #expect(render(state).lines.contains { $0.contains("数据可信_") })
        let key = SheetKey(expert: "E01", candidate: "R-1", stage: .material)
        #expect(Fixtures.press(&state, [.tab]) == [.saveComment(key, "材料翔实\n数据可信")])
    }

    @Test(arguments: [(80, 24), (120, 40)])
    func theSheetRendersWholeCharactersWithTheGuideWrapped(width: Int, height: Int) throws {
        let state = try openSheet(width: width, height: height)
        let buffer = render(state)
        #expect(buffer.wideCharactersAreWhole)
        #expect(buffer.lines[0].hasPrefix(" R-1 浙江省杭州市上城区 · 材料评审"))
        #expect(buffer.lines.contains { $0.hasPrefix("   A1 实施方案与组织领导") })
        let guide = buffer.lines.filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") }
        #expect(guide.first?.hasPrefix("  A1 实施方案与组织领导（满分 5，步长 0.5）：") == true)
        #expect(buffer.lines.allSatisfy { DisplayWidth.of($0) <= width })
    }
}

/// The guide pane wraps every item's guide by the rules of Chinese text: at either size, no line
/// of it starts with a closing mark or ends with an opening one.
@Suite struct GuidePaneLineBreakTests {
    @Test func noGuideLineStartsWithAComma() throws {
        for (width, height) in [(80, 24), (120, 40)] {
            var state = try Fixtures.signedIn(width: width, height: height)
            _ = Fixtures.press(&state, [.enter])
            let sheet = try #require(Fixtures.sheet(state))
            for _ in sheet.rubric.items {
                let lines = render(state).lines
                let separator = try #require(lines.lastIndex { $0.hasPrefix(" ----") })
                for line in lines[(separator + 1)..<(lines.count - 2)] {
                    let text = line.trimmingCharacters(in: .whitespaces)
                    guard let first = text.first, let last = text.last else { continue }
                    #expect(!"，。、；：？！）」』》".contains(first), "\(width)x\(height): \(line)")
                    #expect(!"（「『《".contains(last), "\(width)x\(height): \(line)")
                }
                _ = Fixtures.press(&state, [.down])
            }
        }
    }
}
