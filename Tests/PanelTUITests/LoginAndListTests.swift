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
        _ = update(&state, .signInRefused("wrong id or PIN (the attempt is recorded)"))
        let login = try #require(Fixtures.login(state), "left the login screen")
        #expect(login.pin.isEmpty && login.id.text == "E01")
        #expect(state.statusIsError && render(state).lines[22].contains("wrong id or PIN"))
    }

    /// `panel tui --expert E01` (an expert's ssh key): no key reaches the id, whatever is typed;
    /// a refused PIN keeps the identity, and the sign-in is always E01's.
    @Test func aFixedIdentityCannotBeSwitched() throws {
        var state = AppState(round: try Fixtures.round(), width: 80, height: 24, fixedExpert: ("E01", "王芳"))
        let keys: [Key] = [.tab, .backTab, .up, .down, .escape, .backspace, .home] + Fixtures.type("E02") + [.tab]
        _ = Fixtures.press(&state, keys)
        #expect(try #require(Fixtures.login(state)).id.text == "E01")
        _ = Fixtures.press(&state, [.escape] + Fixtures.type("1234"))
        #expect(Fixtures.press(&state, [.enter]) == [.signIn(id: "E01", pin: "1234")])
        _ = update(&state, .signInRefused("wrong id or PIN (the attempt is recorded)"))
        let login = try #require(Fixtures.login(state))
        #expect(login.id.text == "E01" && login.fixed?.id == "E01" && login.field == 1)
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
        #expect(try #require(Fixtures.list(state)).selected == 3)
        _ = Fixtures.press(&state, [.character("f")])
        #expect(try #require(Fixtures.list(state)).rows.map(\.candidate.id) == ["R-1", "R-2", "R-4"])
        _ = Fixtures.press(&state, [.character("f"), .character("/")] + Fixtures.type("广西") + [.enter])
        let found = try #require(Fixtures.list(state))
        #expect(found.rows[found.selected].candidate.id == "R-5")
        _ = Fixtures.press(&state, [.tab])
        let schools = try #require(Fixtures.list(state))
        #expect(schools.kind == .school && schools.rows.map(\.candidate.id) == ["S-1"])
        _ = Fixtures.press(&state, [.enter])
        let sheet = try #require(Fixtures.sheet(state), "Enter did not open the sheet")
        #expect(
            sheet.rubric.kind == .school && sheet.key == SheetKey(expert: "E01", candidate: "S-1", stage: .material))
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
        for entry in ListState().keymap.help { #expect(screen.contains(entry.help)) }
        _ = Fixtures.press(&state, [.character("j")])
        #expect(!state.showHelp)
    }
}

/// A defence the expert's group hears without the expert having scored its material (仅答辩).
@Suite struct DefenseOnlyItemTests {
    static func state() throws -> AppState {
        var work = Fixtures.work()
        var heard = work[1]
        heard.candidate.id = "R-9"
        heard.candidate.name = "答辩组候选区"
        heard.candidate.importOrder = 0
        heard.material = nil
        heard.materialAssigned = false
        heard.defenseOpen = true
        heard.defense = ScoreSheet(
            key: SheetKey(expert: "E01", candidate: "R-9", stage: .defense), status: .submitted, rubricSHA256: "x",
            scores: ["A1": Points(25)])
        work.append(heard)
        var state = AppState(round: try Fixtures.round(), width: 80, height: 24)
        _ = update(&state, .signedIn(Fixtures.expert, work))
        return state
    }

    @Test func itCountsNotAsAMaterialSheetOpensOnlyItsDefenceAndIsNotUnfinishedOnceSubmitted() throws {
        var state = try Self.state()
        let lines = render(state).lines
        // Two of the five regions' material sheets are submitted; the sixth row is the group's.
        #expect(lines[0].hasSuffix("王建华 (E01)  已提交 2/5"))
        let row = try #require(lines.first { $0.contains("R-9") })
        #expect(row.hasSuffix("25     仅答辩"), "\(row)")
        #expect(Fixtures.press(&state, [.enter]).isEmpty)
        #expect(state.statusIsError)
        #expect(state.status == "R-9 只由您评答辩（d），材料评审不在您的分配中")
        #expect(Fixtures.press(&state, [.character("d")]) == [.openDossier("R-9")])
        #expect(Fixtures.sheet(state)?.key == SheetKey(expert: "E01", candidate: "R-9", stage: .defense))
        var unfinished = try Self.state()
        _ = Fixtures.press(&unfinished, [.character("f")])
        #expect(Fixtures.list(unfinished)?.rows.contains { $0.candidate.id == "R-9" } == false)
    }
}
