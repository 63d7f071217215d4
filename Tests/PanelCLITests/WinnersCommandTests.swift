import Foundation
import PanelCore
import Testing

/// The winner list before and after `panel finalize`, in every format, from the real binary.
@Suite struct WinnersCommandTests {
    let panel: NationalPanel
    let scored: [String]

    init() throws {
        panel = try NationalPanel()
        scored = try panel.scoreRegions(12)
    }

    struct List: Decodable {
        struct Table: Decodable { var kind, title: String; var columns: [String]; var rows: [[String]] }
        var draft: Bool
        var snapshot_sha256: String?
        var tables: [Table]
    }

    func winners(_ arguments: [String] = []) throws -> PanelProcess.Result {
        try PanelProcess.run(["export", "winners", "--db", panel.db] + arguments)
    }

    @Test func aDraftBeforeFinalizingAndTheSnapshotHashAfterThenEveryWriteIsRefused() throws {
        defer { panel.workspace.remove() }
        let csvPath = panel.workspace.path("winners.csv")
        #expect(try winners(["--out", csvPath]).status == 0)
        let csv = try Data(contentsOf: URL(fileURLWithPath: csvPath))
        #expect(csv.starts(with: [0xEF, 0xBB, 0xBF]))  // the BOM: Excel and WPS then read UTF-8
        #expect(
            String(decoding: csv.dropFirst(3), as: UTF8.self).hasPrefix(
                """
                2020年度网络学习空间应用普及活动 部级评选 优秀区域名单（草稿）\
                \n序号,省份,名称\n1,
                """))
        let draft = try JSONDecoder().decode(List.self, from: Data(try winners(["--format", "json"]).stdout.utf8))
        #expect(draft.draft && draft.snapshot_sha256 == nil)
        let regions = try #require(draft.tables.first { $0.kind == "region" })
        #expect(regions.rows.count == 12)
        // 序号 runs 1…12 and the provinces come in GB/T 2260 order.
        #expect(regions.rows.map { $0[0] } == (1...12).map(String.init))
        let order = regions.rows.map { row in Province.all.firstIndex { $0.name == row[1] }! }
        #expect(order == order.sorted())

        let expert = try PanelProcess.run(
            ["finalize", "--db", panel.db, "--as", "E01"], environment: ["PANEL_PIN": "1001"])
        #expect(expert.status == 1 && expert.stderr.contains("only the chair (组长) may finalize"))
        let finalized = try PanelProcess.run(
            ["finalize", "--db", panel.db, "--as", "C01"], environment: ["PANEL_PIN": "9999"])
        #expect(finalized.status == 0, "\(finalized.stderr)")
        let final = try JSONDecoder().decode(List.self, from: Data(try winners(["--format", "json"]).stdout.utf8))
        let hash = try #require(final.snapshot_sha256)
        #expect(!final.draft && finalized.stdout.contains("ranking snapshot sha256 \(hash)"))
        #expect(final.tables.first { $0.kind == "region" }?.rows == regions.rows)
        #expect(try winners(["--format", "md"]).stdout.contains("<!-- 定稿 sha256 \(hash) -->"))

        let refused = try PanelProcess.run([
            "import", "scores", "--db", panel.db, try panel.scoresFile("late.csv", ["E05,\(scored[0]),材料,A1,1"]),
        ])
        #expect(
            refused.status == 1 && refused.stderr.contains("the round is finalized: nothing can be changed any more"))
        let rank = try PanelProcess.run(["rank", "--db", panel.db, "--kind", "region", "--format", "json"])
        #expect(rank.stdout.contains("\"finalized\" : true"))
    }

    @Test func theReportHoldsScoresGroupAveragesReasonsAndTheChairsDecisions() throws {
        defer { panel.workspace.remove() }
        let checked = try PanelProcess.run(
            ["spotcheck", "--db", panel.db, scored[0], "--pass", "--note", "核实无误", "--as", "C01"],
            environment: ["PANEL_PIN": "9999"])
        #expect(checked.status == 0, "\(checked.stderr)")
        struct Line: Decodable {
            var id, status: String; var final: Decimal?; var groups: [String: Decimal]; var reasons, decisions: [String]
        }
        let report = try JSONDecoder().decode(
            [Line].self,
            from: Data(try PanelProcess.run(["export", "report", "--db", panel.db, "--format", "json"]).stdout.utf8))
        #expect(report.count == 500)
        let line = try #require(report.first { $0.id == scored[0] })
        #expect(line.status == "winner" && line.final != nil && Set(line.groups.keys) == ["A", "B", "C", "D"])
        #expect(line.reasons == ["spot_check_passed: 实地抽查通过：核实无误"])
        #expect(line.decisions.count == 1 && line.decisions[0].hasSuffix("C01 spot check: pass: 核实无误"))
        let csv = try PanelProcess.run(["export", "report", "--db", panel.db, "--format", "csv"]).stdout
        #expect(csv.contains("group A,group B,group C,group D,reasons,decisions"))
    }

    @Test func theWorkbookIsARealXLSX() throws {
        defer { panel.workspace.remove() }
        let path = panel.workspace.path("winners.xlsx")
        let run = try winners(["--format", "xlsx", "--out", path])
        #expect(run.status == 0 && run.stderr.contains("草稿 draft"))
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]))  // a zip container, as every XLSX is
    }

    /// A real spreadsheet program reads it back with the Chinese intact (LibreOffice, where installed:
    /// `apt-get install libreoffice-calc-nogui`; scripts/check-xlsx.sh does the same by hand).
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/soffice")))
    func libreOfficeReadsTheWorkbookBack() throws {
        defer { panel.workspace.remove() }
        let path = panel.workspace.path("winners.xlsx")
        #expect(try winners(["--format", "xlsx", "--out", path]).status == 0)
        let expected = try JSONDecoder().decode(List.self, from: Data(try winners(["--format", "json"]).stdout.utf8))
        let converted = try LibreOffice.sheetsAsCSV(path, into: panel.workspace.folder)
        let regions = try #require(converted["优秀区域"])
        let names = expected.tables.first { $0.kind == "region" }!.rows.map { $0[2] }
        for name in names { #expect(regions.contains(name)) }
        #expect(regions.hasPrefix("2020年度网络学习空间应用普及活动 部级评选 优秀区域名单（草稿）"))
    }
}

enum LibreOffice {
    /// Converts every sheet of a workbook to CSV (UTF-8) and returns them by sheet name.
    static func sheetsAsCSV(_ path: String, into folder: URL) throws -> [String: String] {
        let out = folder.appendingPathComponent("lo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/soffice")
        // 76 = UTF-8; the last -1 writes every sheet to its own file, named after the sheet.
        process.arguments = [
            "-env:UserInstallation=file://\(out.path)/profile", "--headless", "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", path, "--outdir", out.path,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        var sheets: [String: String] = [:]
        let stem = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        for file in try FileManager.default.contentsOfDirectory(atPath: out.path) where file.hasSuffix(".csv") {
            let name = String(file.dropFirst(stem.count + 1).dropLast(4))
            sheets[name] = try String(contentsOf: out.appendingPathComponent(file), encoding: .utf8)
        }
        return sheets
    }
}
