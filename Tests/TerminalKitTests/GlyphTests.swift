import Testing

@testable import TerminalKit

/// What the front end draws of a name holding escape sequences or clusters whose width terminals
/// and ncurses disagree on (issue 21, finding 17).
@Suite struct GlyphTests {
    /// The row as drawn, and how many columns it took.
    func drawn(_ text: String) -> (String, Int) {
        var buffer = Buffer(width: 30, height: 1)
        let used = buffer.put(text + "|", row: 0, column: 0)
        return (buffer.lines[0], used)
    }

    @Test func anEscapeSequenceIsDroppedWholeNotJustItsESC() {
        #expect(drawn("甲\u{1B}]0;pwned\u{07}乙").0 == "甲乙|")
        #expect(drawn("甲\u{1B}]52;c;ZWNobw==\u{1B}\\乙").0 == "甲乙|")
        #expect(drawn("\u{1B}[2K\u{1B}[1A\u{1B}[31m红\u{1B}[0m").0 == "红|")
        #expect(drawn("清\u{9B}2J屏").0 == "清屏|")
        #expect(drawn("问\u{1B}[6n答").0 == "问答|")
        #expect(drawn("\u{1B}7存\u{1B}8").0 == "存|")
        // An unterminated string swallows the rest of the text (the `|` too): none of it is drawn.
        #expect(drawn("名\u{1B}]0;title").0 == "名")
    }

    @Test func clustersAreDrawnAsCharactersEveryoneMeasuresAlike() {
        #expect(drawn("🇨🇳中国") == ("CN中国|", 7))
        #expect(drawn("👨‍👩‍👧家") == ("👨家|", 5))
        #expect(drawn("❤️心") == ("❤心|", 4))
        #expect(drawn("👍🏽好") == ("👍好|", 5))
        #expect(drawn("\u{1100}\u{1161}\u{11A8}\u{1100}\u{1161}") == ("각가|", 5))
        #expect(drawn("e\u{301}") == ("e\u{301}|", 2))
        // ncurses holds a spacing character and four combining marks in a cell.
        let zalgo = "a" + String(repeating: "\u{301}", count: 9)
        #expect(drawn(zalgo) == ("a\u{301}\u{301}\u{301}\u{301}|", 2))
    }

    @Test func plainTextIsDrawnAsItIs() {
        #expect(Glyph.of("中") == nil)
        #expect(Glyph.of("a") == nil)
        #expect(Glyph.withoutEscapes("江西省赣州市 — 高新区") == "江西省赣州市 — 高新区")
        #expect(drawn("江西省赣州市高新区") == ("江西省赣州市高新区|", 19))
    }
}
