import Testing
import TerminalKit

@Suite struct DisplayWidthTests {
    @Test(arguments: [
        ("abc", 3), ("称号", 4), ("你好，世界！", 12), ("浙江省杭州市上城区", 18),
        ("第1中学", 7), ("e\u{301}", 1), ("", 0), ("９５", 4), ("A\u{200B}B", 2),
    ])
    func widths(text: String, columns: Int) {
        #expect(DisplayWidth.of(text) == columns)
    }

    @Test func aWideCharacterIsNeverSplitAtTheEdge() {
        #expect(DisplayWidth.prefix("ab称号", fitting: 3) == "ab")
        #expect(DisplayWidth.prefix("ab称号", fitting: 4) == "ab称")
        #expect(DisplayWidth.padded("称号", to: 5) == "称号 ")
        #expect(DisplayWidth.padded("实验小学", to: 5) == "实验 ")
        #expect(DisplayWidth.of(DisplayWidth.padded("实验小学", to: 5)) == 5)
    }
}
