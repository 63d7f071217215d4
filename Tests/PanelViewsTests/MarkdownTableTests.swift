import Foundation
import PanelCore
import Testing

/// The winners in Markdown are "ready to paste into the notice": a name from a province's file
/// must come out of pandoc as the same text in one cell (issue 21, finding 10).
@Suite struct MarkdownTableTests {
    static let hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>学校|第二列\n第二行 a\\|b"

    @Test func aCellKeepsItsTextAndOpensNoTag() {
        #expect(
            WinnerList.markdownCell(Self.hostile)
                == "&lt;script>alert(1)&lt;/script>&lt;img src=x onerror=alert(2)>学校\\|第二列 第二行 a\\\\\\|b")
        #expect(WinnerList.markdownCell("85.7 < 87.7") == "85.7 < 87.7")
        #expect(WinnerList.markdownCell("杭州市上城区实验小学") == "杭州市上城区实验小学")
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/pandoc")))
    func pandocTurnsTheTableIntoHTMLWithTheNameAsText() throws {
        let entry = RankEntry(
            candidate: Candidate(
                id: "R-11-1", kind: .region, name: Self.hostile, province: "北京市", city: "x", platform: "p",
                connected: true, importOrder: 1),
            rank: 1, status: .winner, material: nil, defense: nil, final: nil, tieBreaks: [], experts: 7, reasons: [])
        let list = WinnerList(
            rankings: [Ranking(kind: .region, quota: 40, finalized: false, entries: [entry])], roundName: "2020年度",
            snapshotSHA256: nil)
        let pandoc = Process()
        pandoc.executableURL = URL(fileURLWithPath: "/usr/bin/pandoc")
        pandoc.arguments = ["-f", "gfm", "-t", "html", "--wrap=none"]
        let input = Pipe(), output = Pipe()
        pandoc.standardInput = input
        pandoc.standardOutput = output
        try pandoc.run()
        input.fileHandleForWriting.write(Data(list.markdown.utf8))
        try input.fileHandleForWriting.close()
        let html = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        pandoc.waitUntilExit()
        #expect(!html.contains("<script") && !html.contains("<img"), "\(html)")
        // One data row of three cells, the whole name in the third.
        let cells = html.components(separatedBy: "<td>").dropFirst()
        #expect(cells.count == 3, "\(html)")
        #expect(
            cells.last?.hasPrefix(
                "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;学校|第二列 第二行 a\\|b</td>")
                == true, "\(html)")
    }
}
