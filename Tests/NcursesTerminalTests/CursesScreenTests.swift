import NcursesTerminal
import Testing

/// The wide-character curses API really is reachable from Swift: a Chinese string written
/// through setcchar/mvwadd_wch reads back from curses whole, one character per two cells.
@MainActor
@Suite struct CursesScreenTests {
    @Test func chineseTextLandsInWholeCells() throws {
        let screen = try #require(CursesScreen.headless(columns: 20, rows: 5))
        defer { screen.close() }
        #expect(screen.size.columns == 20 && screen.size.rows == 5)
        screen.put("称号ab实验", row: 1, column: 0)
        #expect(screen.character(row: 1, column: 0) == "称")
        #expect(screen.character(row: 1, column: 2) == "号")
        #expect(screen.character(row: 1, column: 4) == "a")
        #expect(screen.character(row: 1, column: 5) == "b")
        #expect(screen.character(row: 1, column: 6) == "实")
        #expect(screen.character(row: 1, column: 8) == "验")
    }

    @Test func aWideCharacterAtTheRightEdgeIsLeftOutNotSplit() throws {
        let screen = try #require(CursesScreen.headless(columns: 20, rows: 5))
        defer { screen.close() }
        // Columns 0-18 take "0123456789abcdefgh" + "i"; 称 would need 19 and 20.
        screen.put("0123456789abcdefghi称", row: 0, column: 0)
        #expect(screen.character(row: 0, column: 18) == "i")
        #expect(screen.character(row: 0, column: 19) == " ")
        #expect(screen.character(row: 1, column: 0) == " ")
    }
}
