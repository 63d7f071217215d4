import CNcursesw
@testable import NcursesTerminal
import TerminalKit
import Testing

/// `TerminalSession.draw`, the one function that puts a frame on an expert's screen, on a
/// headless ncursesw: every wide character lands whole, styles become attributes, and the key
/// decoding maps what curses reports to panel's keys.
@MainActor
@Suite(.serialized) struct TerminalSessionTests {
    @Test func drawPutsEveryCellOfTheBufferWholeAndInItsStyle() throws {
        let session = try #require(TerminalSession.headless(columns: 20, rows: 4))
        defer { session.stop() }
        var buffer = Buffer(width: 20, height: 4)
        buffer.put("称号ab实验", row: 1, column: 0)
        buffer.put(" 标题", row: 0, column: 0, style: .title)
        buffer.paint(row: 0, style: .title)
        // A wide character that would cross the right edge is left out by the buffer, never split.
        buffer.put("0123456789abcdefghi称", row: 2, column: 0)
        session.draw(buffer)
        #expect(["称", "号", "a", "b", "实", "验"] == [0, 2, 4, 5, 6, 8].map { session.character(row: 1, column: $0) })
        #expect(session.character(row: 2, column: 18) == "i" && session.character(row: 2, column: 19) == " ")
        #expect(session.character(row: 0, column: 1) == "标")
        #expect(session.isReverse(row: 0, column: 1) && session.isReverse(row: 0, column: 19))
        #expect(!session.isReverse(row: 1, column: 0))
    }

    @Test func aSecondFrameReplacesTheFirstEntirely() throws {
        let session = try #require(TerminalSession.headless(columns: 20, rows: 4))
        defer { session.stop() }
        var first = Buffer(width: 20, height: 4)
        first.put("旧的一行文字", row: 1, column: 0)
        session.draw(first)
        var second = Buffer(width: 20, height: 4)
        second.put("ab", row: 1, column: 0)
        session.draw(second)
        #expect(session.character(row: 1, column: 0) == "a" && session.character(row: 1, column: 2) == " ")
    }

    @Test func keysDecodeToPanelsKeys() {
        #expect(TerminalSession.characterKey(9) == .tab)
        #expect(TerminalSession.characterKey(13) == .enter && TerminalSession.characterKey(10) == .enter)
        #expect(TerminalSession.characterKey(27) == .escape)
        #expect(TerminalSession.characterKey(127) == .backspace && TerminalSession.characterKey(8) == .backspace)
        #expect(TerminalSession.characterKey(4) == .control("d") && TerminalSession.characterKey(21) == .control("u"))
        #expect(TerminalSession.characterKey(0x4E2D) == .character("中"))
        #expect(TerminalSession.characterKey(0x71) == .character("q"))
        #expect(TerminalSession.functionKey(KEY_UP) == .up && TerminalSession.functionKey(KEY_NPAGE) == .pageDown)
        #expect(TerminalSession.functionKey(KEY_BTAB) == .backTab && TerminalSession.functionKey(KEY_DC) == .delete)
        #expect(TerminalSession.functionKey(KEY_HOME) == .home && TerminalSession.functionKey(KEY_ENTER) == .enter)
        #expect(TerminalSession.functionKey(KEY_F0 + 5) == nil)
    }
}
