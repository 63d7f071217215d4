import Foundation
import Testing

/// A long score import shows its progress on a terminal, and nothing when standard error is not
/// one (issue 19). The demo's own export, imported again (every sheet read and checked, nothing
/// changed), takes about a second in a debug build: the bar is asked for at once
/// (`PANEL_PROGRESS_AFTER=0`) instead of after its second.
@Suite struct ImportProgressTests {
    @Test func aLongImportShowsItsProgressOnATerminalAndClearsIt() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let db = try workspace.demoDatabase("demo.sqlite")
        let exported = try PanelProcess.run(["export", "scores", "--db", db])
        let file = try workspace.write("评分.csv", exported.stdout)
        let rows = exported.stdout.split(separator: "\n").count

        let quiet = try PanelProcess.run(
            ["import", "scores", "--db", db, file], environment: ["PANEL_PROGRESS_AFTER": "0"])
        #expect(quiet.status == 0 && quiet.stderr.isEmpty, "not a terminal: no bar")

        let panel = PanelProcess.binary.path
        let terminal = try Tmux(
            command: "PANEL_PROGRESS_AFTER=0 \(panel) import scores --db \(db) \(file)", columns: 200, rows: 10)
        defer { terminal.kill() }
        let showing = try terminal.waitFor(" 行/s", seconds: 60)
        let bar = try #require(showing.split(separator: "\n").first { $0.contains(" 行/s") })
        let pattern = #/^(读取|检查) \S+评分\.csv \[[#.]{20}\] [0-9,]+/([0-9,]+) 行  [0-9,]+ 行/s  剩余 \d+:\d\d$/#
        let match = try #require(try pattern.wholeMatch(in: String(bar)), "\(bar)")
        #expect(Int(match.output.2.replacing(",", with: "")) == rows, "out of the file's \(rows) lines")
        let done = try terminal.waitFor("imported ", seconds: 120)
        #expect(!done.contains("行/s"), "the bar is cleared when the import ends:\n\(done)")
    }
}
