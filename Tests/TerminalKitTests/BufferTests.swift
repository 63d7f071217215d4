import Testing
import TerminalKit

@Suite struct BufferTests {
    @Test func aWideCharacterIsNeverSplitAtTheRightEdge() {
        var buffer = Buffer(width: 5, height: 1)
        #expect(buffer.put("ab称号", row: 0, column: 0) == 4)
        #expect(buffer.line(0) == "ab称 ")
        #expect(buffer[0, 2].character == "称" && buffer[0, 3].character == nil)
        #expect(buffer[0, 4] == .blank)
    }

    @Test func writingOverHalfOfAWideCharacterBlanksTheOtherHalf() {
        var buffer = Buffer(width: 6, height: 1)
        buffer.put("称号", row: 0, column: 0)
        buffer.put("x", row: 0, column: 1)
        #expect(buffer.line(0) == " x号  ")
        buffer.put("y", row: 0, column: 2)
        #expect(buffer.line(0) == " xy   ")
    }

    @Test func aLimitClipsByDisplayWidth() {
        var buffer = Buffer(width: 10, height: 1)
        #expect(buffer.put("浙江省杭州市", row: 0, column: 1, limit: 5) == 4)
        #expect(buffer.lines == [" 浙江"])
    }

    @Test func wrapBreaksChineseAnywhereAndKeepsNewlines() {
        #expect(DisplayWidth.wrap("制定并落实区域网络学习空间", width: 8) == ["制定并落", "实区域网", "络学习空", "间"])
        #expect(DisplayWidth.wrap("ab\n称号c", width: 4) == ["ab", "称号", "c"])
    }

    /// 禁则: the comma that would start the second line takes the character before it along, and
    /// an opening bracket at the end of a line goes down with what it opens.
    @Test func wrapKeepsChinesePunctuationOffTheWrongEndOfALine() {
        #expect(
            DisplayWidth.wrap(
                """
                开通率达到百分，之九
                """, width: 14) == ["开通率达到百", "分，之九"])
        #expect(
            DisplayWidth.wrap(
                """
                区域教研共同体。」下一句
                """, width: 14) == ["区域教研共同", "体。」下一句"])
        #expect(DisplayWidth.wrap("数据见附（表三", width: 10) == ["数据见附", "（表三"])
        #expect(DisplayWidth.wrap("数据见（表三）", width: 6) == ["数据见", "（表", "三）"])
        #expect(DisplayWidth.wrap("the space opening rate", width: 12) == ["the space", "opening rate"])
        #expect(
            DisplayWidth.wrap(
                """
                。。。。
                """, width: 4) == ["。", "。", "。。"])  // only marks: a line keeps one
        let text =
            """
            本项考查区域是否制定并落实网络学习空间建设与应用的推进机制，\
            包括组织领导、经费保障、考核激励等；
            """
                + """
                材料中应有文件依据（如实施方案、管理办法），\
                并说明覆盖的学校数和师生数。
                """
        for width in 6...40 {
            let lines = DisplayWidth.wrap(text, width: width)
            #expect(lines.joined() == text, "width \(width)")
            #expect(lines.allSatisfy { DisplayWidth.of($0) <= width }, "width \(width)")
            #expect(
                lines.dropFirst().allSatisfy { !"，。、；：？！）」』》".contains($0.first!) },
                """
                width \(width): \(lines)
                """)
            #expect(lines.dropLast().allSatisfy { !"（「『《".contains($0.last!) }, "width \(width): \(lines)")
        }
    }
}

@Suite struct TableRowTests {
    @Test func columnsSitSideBySideOneSpaceApart() {
        #expect(Buffer.columns(widths: [6, 10, 4]).map { "\($0.start)+\($0.width)" } == ["1+6", "8+10", "19+4"])
        #expect(Buffer.columns(widths: [2], from: 5).map(\.start) == [5])
    }

    @Test func aRowClipsEachCellToItsColumnAndPaintsTheWholeBar() {
        var buffer = Buffer(width: 12, height: 1)
        buffer.putRow(["浙江省杭州市", "R1"], Buffer.columns(widths: [5, 3]), row: 0, style: .selected)
        #expect(buffer.line(0) == " 浙江~ R1   ")
        #expect((1...10).allSatisfy { buffer[0, $0].style == .selected })
        #expect(buffer[0, 0].style != .selected && buffer[0, 11].style != .selected)
    }
}
