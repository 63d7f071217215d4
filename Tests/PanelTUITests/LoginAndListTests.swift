import PanelCore
@testable import PanelTUI
import TerminalKit
import Testing

@Suite struct LoginAndListTests {
    @Test func loginMasksThePINAndAsksTheLoopToSignIn() throws {
        var state = AppState(round: try Fixtures.round(), width: 80, height: 24)
        #expect(Fixtures.press(&state, Fixtures.type("E01") + [.tab] + Fixtures.type("0000")).isEmpty)
        let screen = render(state).lines.joined(separator: "\n")
        #expect(screen.contains("****") && !screen.contains("0000"))
        #expect(Fixtures.press(&state, [.enter]) == [.signIn(id: "E01", pin: "0000")])
        _ = update(&state, .signInRefused("wrong PIN for E01 (the attempt is recorded)"))
        guard case .login(let login) = state.screen else { Issue.record("left the login screen"); return }
        #expect(login.pin.isEmpty && login.id == "E01")
        #expect(state.statusIsError && render(state).lines[22].contains("wrong PIN for E01"))
    }

    @Test(arguments: [(80, 24), (120, 40)])
    func theListLinesUpChineseAndASCIIByDisplayWidth(width: Int, height: Int) throws {
        let state = try Fixtures.signedIn(width: width, height: height)
        let buffer = render(state)
        #expect(buffer.wideCharactersAreWhole)
        let header = 2
        let provinceColumn = try #require(buffer.column(of: "省份", row: header))
        let statusColumn = try #require(buffer.column(of: "状态", row: header))
        let expected = [("浙江", "未评"), ("新疆", "草稿"), ("上海", "已提交"), ("广东", "草稿"), ("广西", "已提交")]
        for (offset, (province, status)) in expected.enumerated() {
            // The name column comes first and may itself hold the province: look from the column on.
            #expect(buffer.column(of: province, row: header + 1 + offset, from: provinceColumn - 1) == provinceColumn)
            #expect(buffer.column(of: status, row: header + 1 + offset, from: statusColumn - 1) == statusColumn)
        }
        #expect(buffer.lines[0].contains("王建华 (E01)  已提交 2/5"))
        #expect(buffer.lines.last!.hasPrefix(" ↑/k/↓/j 移动  Enter 评分") && buffer.lines.last!.hasSuffix("? 帮助"))
    }

    @Test func keysMoveSwitchTabsFilterAndSearch() throws {
        var state = try Fixtures.signedIn()
        _ = Fixtures.press(&state, [.character("j"), .character("j"), .down])
        guard case .list(let moved) = state.screen else { Issue.record("not on the list"); return }
        #expect(moved.selected == 3)
        _ = Fixtures.press(&state, [.character("f")])
        guard case .list(let filtered) = state.screen else { return }
        #expect(filtered.rows.map(\.candidate.id) == ["R-1", "R-2", "R-4"])
        _ = Fixtures.press(&state, [.character("f"), .character("/")] + Fixtures.type("广西") + [.enter])
        guard case .list(let found) = state.screen else { return }
        #expect(found.rows[found.selected].candidate.id == "R-5")
        _ = Fixtures.press(&state, [.tab])
        guard case .list(let schools) = state.screen else { return }
        #expect(schools.kind == .school && schools.rows.map(\.candidate.id) == ["S-1"])
        _ = Fixtures.press(&state, [.enter])
        guard case .sheet(let sheet) = state.screen else { Issue.record("Enter did not open the sheet"); return }
        #expect(sheet.rubric.kind == .school && sheet.key == SheetKey(expert: "E01", candidate: "S-1", stage: .material))
    }

    @Test func aSmallTerminalSaysSoAndRecoversOnResize() throws {
        var state = try Fixtures.signedIn(width: 79, height: 24)
        #expect(render(state).lines.filter { !$0.isEmpty } == ["terminal too small (need 80×24)"])
        _ = update(&state, .resize(width: 100, height: 30))
        #expect(render(state).lines[2].contains("省份"))
    }

    @Test func questionMarkShowsEveryBindingAndAnyKeyClosesIt() throws {
        var state = try Fixtures.signedIn()
        _ = Fixtures.press(&state, [.character("?")])
        let screen = render(state).lines.joined(separator: "\n")
        for binding in ListState.bindings { #expect(screen.contains(binding.help)) }
        _ = Fixtures.press(&state, [.character("j")])
        #expect(!state.showHelp)
    }
}
