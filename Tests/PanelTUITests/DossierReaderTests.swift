import PanelCore
@testable import PanelTUI
import TerminalKit
import Testing

/// The dossier pager on its own: pages run into one text, the position follows the reader, a
/// search finds every occurrence in every file, and a new width keeps the place.
@Suite struct DossierReaderTests {
    func reader(width: Int = 78, rows: Int = 20) -> DossierReader {
        var reader = DossierReader(Fixtures.dossier())
        reader.fit(width: width, rows: rows)
        return reader
    }

    func press(_ reader: inout DossierReader, _ keys: [Key]) -> StatusLine {
        var status = StatusLine()
        for key in keys {
            guard let action = reader.keymap.action(for: key) else { continue }
            reader.perform(action, pressed: key, &status)
        }
        return status
    }

    @Test func pagesAndFilesAreJumpedToAndThePositionNamesThem() {
        var reader = reader()
        // The first page is the nomination's own: its fields, figures and rates.
        #expect(reader.position == "基本信息")
        _ = press(&reader, [.character(">")])
        #expect(reader.position == "建设与应用报告.pdf 第 1/3 页")
        _ = press(&reader, [.character(">"), .character(">")])
        #expect(reader.position == "建设与应用报告.pdf 第 3/3 页")
        _ = press(&reader, [.character("<"), .character("<")])
        #expect(reader.position == "建设与应用报告.pdf 第 1/3 页")
        // The last file is near the end: the text stops at the bottom, so it is in view, not on top.
        _ = press(&reader, [.character("]"), .character("]")])
        #expect(reader.lines[reader.top..<(reader.top + 20)].contains { $0.text == "── 典型案例.pdf ──" })
        _ = press(&reader, [.character("g")])
        #expect(reader.top == 0)
    }

    @Test func aSearchFindsEveryOccurrenceAcrossPagesAndNWrapsAround() {
        var reader = reader()
        var status = press(&reader, [.character("/")] + Fixtures.type("开通率") + [.enter])
        #expect(reader.hits.map { "\($0.file):\($0.page)" } == ["0:2", "0:2", "0:3"])
        #expect(status.text == "“开通率” 第 1/3 处：建设与应用报告.pdf 第 2 页")
        status = press(&reader, [.character("n"), .character("n"), .character("n")])
        #expect(reader.hit == 0 && status.text.hasPrefix("“开通率” 第 1/3 处"))
        status = press(&reader, [.character("N")])
        #expect(reader.hit == 2 && status.text == "“开通率” 第 3/3 处：建设与应用报告.pdf 第 3 页")
        status = press(&reader, [.character("/")] + Fixtures.type("不存在的词") + [.enter])
        #expect(status.isError && status.text == "材料中没有“不存在的词”" && reader.hits.isEmpty)
    }

    /// A word cut by the line's end is marked on both lines, the selected occurrence as the cursor.
    @Test func aHitThatRunsOverALineBreakIsMarkedOnBothLines() throws {
        var reader = reader()
        _ = press(&reader, [.character("/")] + Fixtures.type("学生空间开通率") + [.enter])
        #expect(reader.hits.count == 1)
        var buffer = Buffer(width: 80, height: 22)
        reader.render(into: &buffer, Rect(x: 0, y: 0, width: 80, height: 21), focused: true)
        let rows = (0..<buffer.height).filter { row in (0..<80).contains { buffer[row, $0].style == .cursor } }
        #expect(rows.count == 2 && rows[1] == rows[0] + 1)
        let marked = rows.map { row in
            (0..<80).filter { buffer[row, $0].style == .cursor }.compactMap { buffer[row, $0].character }
        }
        #expect(String(marked.joined()) == "学生空间开通率")
    }

    @Test func aNewWidthKeepsThePageInView() {
        var reader = reader()
        _ = press(&reader, [.character(">"), .down, .down])
        let before = reader.position
        reader.fit(width: 40, rows: 20)
        #expect(reader.position == before)
        #expect(reader.lines.allSatisfy { $0.kind == .heading || DisplayWidth.of($0.text) <= 40 })
        reader.fit(width: 150, rows: 10)
        #expect(reader.position == before)
    }
}

/// The sheet tells the runner when the dossier comes into view and goes out of it, so that the
/// time read is measured where the clock is.
@Suite struct DossierInViewTests {
    @Test func mAndLeavingTheSheetShowAndHideTheDossier() throws {
        var state = try Fixtures.signedIn()
        #expect(Fixtures.press(&state, [.down, .enter]) == [.openDossier("R-2")])
        #expect(update(&state, .dossierLoaded(Fixtures.dossier())) == [])
        #expect(Fixtures.press(&state, [.character("m")]) == [.dossierShown("R-2")])
        #expect(Fixtures.press(&state, [.character("m")]) == [.dossierHidden("R-2")])
        #expect(
            Fixtures.press(&state, [.character("m"), .character("q"), .character("q")]) == [
                .dossierShown("R-2"), .dossierHidden("R-2"), .reload,
            ])
    }

    @Test func sideBySideTheDossierIsInViewFromTheStart() throws {
        var state = try Fixtures.signedIn(width: 160, height: 40)
        _ = Fixtures.press(&state, [.down, .enter])
        #expect(update(&state, .dossierLoaded(Fixtures.dossier())) == [.dossierShown("R-2")])
        #expect(Fixtures.press(&state, [.character("m"), .character("m")]) == [])
        #expect(Fixtures.press(&state, [.character("q")]) == [.dossierHidden("R-2"), .reload])
    }
}

/// `K`: the next page that mentions the selected item's keywords, round to the start.
@Suite struct KeywordJumpTests {
    @Test func kFindsTheNextPageWithTheItemsKeywords() throws {
        var reader = DossierReader(Fixtures.dossier())
        reader.fit(width: 78, rows: 20)
        var status = StatusLine()
        reader.nextPage(mentioning: ["开通率", "机构空间"], for: "B1", &status)
        #expect(reader.position == "建设与应用报告.pdf 第 2/3 页")
        #expect(status.text == "B1 关键词“开通率”：建设与应用报告.pdf 第 2 页（K 找下一页）")
        reader.nextPage(mentioning: ["开通率", "机构空间"], for: "B1", &status)
        #expect(status.text.hasSuffix("第 3 页（K 找下一页）"))
        reader.nextPage(mentioning: ["开通率", "机构空间"], for: "B1", &status)
        #expect(status.text.hasSuffix("第 2 页（K 找下一页）"))
        reader.nextPage(mentioning: ["不存在"], for: "A1", &status)
        #expect(status.isError && status.text == "材料中没有 A1 的关键词（不存在）")
        reader.nextPage(mentioning: [], for: "A2", &status)
        #expect(status.text == "A2 没有设置关键词（评分表的 keywords）")
    }

    @Test func kOnTheSheetOpensTheDossierAtThePage() throws {
        var state = try Fixtures.signedIn()
        _ = Fixtures.press(&state, [.down, .enter])
        _ = update(&state, .dossierLoaded(Fixtures.dossier()))
        // B1 (机构空间与个人空间开通覆盖) carries keywords in the shipped region sheet.
        let sheet = try #require(Fixtures.sheet(state))
        let b1 = try #require(sheet.items.firstIndex { $0.id == "B1" })
        _ = Fixtures.press(&state, Array(repeating: Key.down, count: b1 - sheet.selected))
        #expect(Fixtures.press(&state, [.character("K")]) == [.dossierShown("R-2")])
        #expect(try #require(Fixtures.sheet(state)).dossier?.position == "建设与应用报告.pdf 第 2/3 页")
    }
}
