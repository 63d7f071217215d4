import PanelCore
import Testing

@testable import PanelViews

/// The progress bar's line (issue 19): counts grouped, rate and time left from the phase's seconds,
/// cut at the terminal's width counting Chinese as two columns.
@Suite struct ProgressLineTests {
    @Test func aKnownTotalGivesABarAndTheTimeLeft() {
        let line = ProgressLine.render(
            ImportProgress(.reading, done: 412_000, total: 1_000_000), file: "E01.xlsx", seconds: 8, width: 120)
        // 51,500 rows a second; 588,000 left: 11.4 s, said as 0:12.
        #expect(line == "读取 E01.xlsx [########............] 412,000/1,000,000 行  51,500 行/s  剩余 0:12")
        let done = ProgressLine.render(
            ImportProgress(.checking, done: 1_000_000, total: 1_000_000), file: "s.csv", seconds: 100, width: 120)
        #expect(done == "检查 s.csv [####################] 1,000,000/1,000,000 行  10,000 行/s  剩余 0:00")
    }

    @Test func withoutATotalOnlyCountsAndRate() {
        let line = ProgressLine.render(
            ImportProgress(.writing, done: 3_000, total: nil), file: "s.csv", seconds: 2, width: 80)
        #expect(line == "写入 s.csv 3,000 表  1,500 表/s")
    }

    @Test func aNarrowTerminalCutsTheLineBeforeItsLastColumn() {
        let line = ProgressLine.render(
            ImportProgress(.reading, done: 5_000, total: 10_000), file: "浙江评分.xlsx", seconds: 1, width: 24)
        #expect(line == "读取 浙江评分.xlsx [###")
        #expect(ProgressLine.render(ImportProgress(.reading, done: 1, total: 2), file: "f", seconds: 1, width: 0) == "")
    }
}
