import Foundation
import Testing

/// The real binary in tmux: an expert opens an assigned candidate, reads its dossier beside the
/// sheet, searches it, and cannot reach a dossier that is not theirs.
@Suite(.serialized) struct DossierFrontEndTests {
    let materials: MaterialsCommandTests

    init() throws {
        materials = try MaterialsCommandTests()
        let experts = try materials.workspace.write(
            "experts.csv",
            """
            编号,姓名,省份,单位,角色,PIN\nE01,王建华,北京,,专家,1357\nE02,李明,上海,,专家,24\
            68\n
            """)
        try #require(try PanelProcess.run(["import", "experts", "--db", materials.db, experts]).status == 0)
        try #require(try PanelProcess.run(["assign", "--db", materials.db, "--per-candidate", "1"]).status == 0)
        try #require(
            try PanelProcess.run(["import", "materials", "--db", materials.db, materials.materials.path]).status == 0)
    }

    func assigned(_ expert: String, pin: String) throws -> [String] {
        let run = try PanelProcess.run(
            ["assignments", "--db", materials.db, "--as", expert], environment: ["PANEL_PIN": pin])
        return run.stdout.split(separator: "\n").dropFirst(2).map { String($0.split(separator: " ")[0]) }
    }

    @Test func anExpertReadsAndSearchesTheirCandidatesDossierAndNoOneElses() throws {
        defer { materials.workspace.remove() }
        let mine = try assigned("E01", pin: "1357")
        let candidate = try #require(mine.first { $0 == "R-33-1" || $0 == "S-33-1" })
        let others = ["R-33-1", "S-33-1", "R-44-1"].filter { !mine.contains($0) }
        let stranger = try #require(others.first)

        let tmux = try Tmux(command: "\(PanelProcess.binary.path) tui --db \(materials.db)", columns: 120, rows: 40)
        defer { tmux.kill() }
        try tmux.logIn("E01", pin: "1357")
        try tmux.waitFor("王建华 (E01)")
        try tmux.type("/\(candidate)")
        try tmux.press("Enter")
        try tmux.waitFor("“\(candidate)”")
        try tmux.press("Enter")
        try tmux.waitFor("m 查看申报材料")
        try tmux.type("m")
        let reading = try tmux.waitFor("申报材料 · ")
        if candidate == "R-33-1" {
            // Page 2 of the report, as pdftotext read it.
            try tmux.waitFor("第二页：全区教师空间开通率达到百分之九十八")
            try tmux.type("/跨校教研")
            try tmux.press("Enter")
            try tmux.waitFor("“跨校教研” 第 1/1 处：report-embedded.pdf 第 3 页")
        } else {
            try tmux.waitFor("案例句子：学生在空间中提交作品并互评")
            try tmux.type("/同意推荐")
            try tmux.press("Enter")
            try tmux.waitFor("“同意推荐” 第 1/1 处：recommendation.doc 第 1 页")
        }
        #expect(reading.contains("个文件"))
        // The page the search landed on becomes the evidence of the item selected on the sheet.
        let (file, page, word) =
            candidate == "R-33-1"
            ? (
                """
                report-embedded.pdf
                """, 3, "跨校教研"
            ) : ("recommendation.doc", 1, "同意推荐")
        try tmux.type("e")
        try tmux.waitFor("已将 \(file) 第 \(page) 页「\(word)」 作为")
        // Back to the sheet (the item now shows it has evidence), back to the list.
        try tmux.type("m")
        try tmux.waitFor("（依据 1）")
        try tmux.type("q")
        try tmux.waitFor("王建华 (E01)")
        try tmux.type("/\(stranger)")
        try tmux.press("Enter")
        let list = try tmux.waitFor("没有找到“\(stranger)”")
        // Named only where the search is shown and said not found, never as a row to open.
        let naming = list.split(separator: "\n").filter { $0.contains(stranger) }
        #expect(
            naming.count == 2 && naming.allSatisfy { $0.contains("搜索: ") || $0.contains("没有找到") },
            """
            \(list)
            """)
        try tmux.type("Q")
        try tmux.waitForExit()
        let explained = try PanelProcess.run(["explain", "--db", materials.db, candidate]).stdout
        #expect(explained.contains("evidence 评分依据:\n  "), "\(explained)")
        #expect(explained.contains(" E01 材料: \(file) 第 \(page) 页「\(word)」\n"), "\(explained)")
    }
}

/// 评分依据 travel with the scores: imported from the evidence column, exported the same way, and
/// refused (the whole file) when a cited file is not in the candidate's dossier.
@Suite struct EvidenceImportExportTests {
    @Test func evidenceIsImportedExportedAndReimportedAndAForgedOneRefusesTheFile() throws {
        let setup = try DossierFrontEndTests()
        let db = setup.materials.db
        defer { setup.materials.workspace.remove() }
        let candidate = try #require(try setup.assigned("E01", pin: "1357").first { $0 == "R-33-1" || $0 == "S-33-1" })
        let file = candidate == "R-33-1" ? "report-embedded.pdf" : "recommendation.doc"
        struct Row: Decodable { var candidate, file, sha256: String }
        let listed = try JSONDecoder().decode(
            [Row].self,
            from: Data(try PanelProcess.run(["materials", "list", "--db", db, "--format", "json"]).stdout.utf8))
        let sha = try #require(listed.first { $0.candidate == candidate && $0.file == file }?.sha256)
        let cell =
            """
            \"[{\"\"file\"\":\"\"\(file)\"\",\"\"page\"\":1,\"\"quote\"\":\"\"纸质评分\"\",\"\"sha256\"\":\"\"\
            \(sha)\"\"}]\"
            """
        let scores = try setup.materials.workspace.write(
            "scores.csv",
            """
            专家编号,候选编号,阶段,指标,分数,评分依据\nE01,\(candidate),材料,A1,4,\(cell)\n
            """)
        let imported = try PanelProcess.run(["import", "scores", "--db", db, scores])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(
            try PanelProcess.run(["explain", "--db", db, candidate]).stdout.contains(
                "  A1 E01 材料 4: \(file) 第 1 页「纸质评分」\n"))

        let exported = try PanelProcess.run(["export", "scores", "--db", db])
        let line = try #require(
            exported.stdout.split(separator: "\n").first { $0.hasPrefix("E01,\(candidate),material,A1,") })
        #expect(line == "E01,\(candidate),material,A1,4,\(cell)")
        let again = try setup.materials.workspace.write("again.csv", exported.stdout)
        #expect(try PanelProcess.run(["import", "scores", "--db", db, again]).status == 0)
        #expect(
            try PanelProcess.run(["export", "scores", "--db", db]).stdout == exported.stdout,
            "a re-imported export changes nothing")

        let before = try Data(contentsOf: URL(fileURLWithPath: db))
        let forged = try setup.materials.workspace.write(
            "forged.csv",
            "专家编号,候选编号,阶段,指标,分数,评分依据\nE01,\(candidate),材料,A2,3,\(cell.replacingOccurrences(of: sha, with: String(repeating: "0", count: 64)))\n"
        )
        let refused = try PanelProcess.run(["import", "scores", "--db", db, forged])
        #expect(refused.status == 1)
        #expect(
            refused.stderr.contains(
                """
                forged.csv:2: 评分依据 cites \(file) (sha256 000000000000…), which is not in \(candidate)'s\
                 dossier
                """))
        #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == before)
    }
}
