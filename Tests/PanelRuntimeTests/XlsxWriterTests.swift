import Foundation
import PanelCore
import Testing

@testable import PanelRuntime

/// libxlsxwriter refuses some cells (a text over Excel's 32,767 characters); a workbook that
/// left one out must not be reported as written.
@Suite struct XlsxWriterTests {
    static func list(name: String) -> WinnerList {
        let candidate = Candidate(
            id: "R-11-1", kind: .region, name: name, province: "北京市", city: "北京市", platform: "p", connected: true,
            importOrder: 1)
        let entry = RankEntry(
            candidate: candidate, rank: 1, status: .winner, material: nil, defense: nil, final: nil, tieBreaks: [],
            experts: 7, reasons: [])
        return WinnerList(
            rankings: [Ranking(kind: .region, quota: 40, finalized: false, entries: [entry])], roundName: "2020年度",
            snapshotSHA256: nil)
    }

    @Test func aCellThatCannotBeWrittenFailsTheWorkbookAndNamesTheCell() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("xlsx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let fine = folder.appendingPathComponent("fine.xlsx").path
        try XlsxWriter.write(Self.list(name: "北京市东城区"), to: fine)
        #expect(FileManager.default.fileExists(atPath: fine))
        let failure = #expect(throws: Failure.self) {
            try XlsxWriter.write(
                Self.list(name: String(repeating: "区", count: 32_768)), to: folder.appendingPathComponent("t").path,
                name: "优秀名单.xlsx")
        }
        #expect(failure?.description.hasPrefix("优秀名单.xlsx: cell C4 of ") == true, "\(failure?.description ?? "")")
    }

    @Test func cellsAreNamedAsASpreadsheetNamesThem() {
        #expect(XlsxWriter.cellName(row: 0, column: 0) == "A1")
        #expect(XlsxWriter.cellName(row: 3, column: 2) == "C4")
        #expect(XlsxWriter.cellName(row: 9, column: 25) == "Z10")
        #expect(XlsxWriter.cellName(row: 0, column: 26) == "AA1")
        #expect(XlsxWriter.cellName(row: 0, column: 16_383) == "XFD1")
    }
}
