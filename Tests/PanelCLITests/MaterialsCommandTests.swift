import Foundation
import Testing

/// `panel import materials` and `panel materials …` from the real binary, on the fixtures made
/// by real tools, with hostile names among them.
@Suite struct MaterialsCommandTests {
    let workspace: Workspace
    let db: String
    let materials: URL
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/dossier")
    /// Control characters (an escape that would colour the terminal, a newline) and 250 bytes.
    static let hostile = "evil\u{1B}[31m\nname.txt"
    static let long = String(repeating: "长", count: 81) + ".txt"  // 243 + 4 bytes

    struct FileRow: Decodable, Equatable {
        var candidate, file, sha256, status: String
        var size, pages: Int
    }
    struct Hit: Decodable, Equatable {
        var candidate, file, snippet: String
        var page: Int
    }

    init() throws {
        workspace = try Workspace()
        db = try workspace.initDatabase("panel.sqlite")
        let nominations = try workspace.write(
            "n.csv",
            """
            编号,类别,名称,省份,地市,区县,学段,平台名称,接入国家平台,往年获评,支撑区域,推荐排序,联系人
            R-33-1,区域,浙江省杭州市上城区,浙江,杭州市,上城区,,之江汇,是,,,1,张
            S-33-1,学校,杭州市天长小学,浙江,杭州市,上城区,基础教育,之江汇,是,,R-33-1,1,李
            R-44-1,区域,广东省广州市天河区,广东,广州市,天河区,,粤教翔云,是,,,1,王

            """)
        try #require(try PanelProcess.run(["import", "nominations", "--db", db, nominations]).status == 0)
        materials = workspace.folder.appendingPathComponent("materials")
        let region = materials.appendingPathComponent("R-33-1")  // by 编号
        let school = materials.appendingPathComponent("杭州市天长小学")  // by exact 名称
        for folder in [region, school] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        for name in [
            "report-embedded.pdf", "nonembedded-font.pdf", "scan-image-only.pdf", "encrypted.pdf", "lesson.mp4",
        ] {
            try FileManager.default.copyItem(
                at: Self.fixtures.appendingPathComponent(name), to: region.appendingPathComponent(name))
        }
        for name in ["case-table.docx", "recommendation.doc", "figures-gb18030.txt"] {
            try FileManager.default.copyItem(
                at: Self.fixtures.appendingPathComponent(name), to: school.appendingPathComponent(name))
        }
        let report = try Data(contentsOf: Self.fixtures.appendingPathComponent("report-embedded.pdf"))
        try report.prefix(report.count / 2).write(to: region.appendingPathComponent("truncated.pdf"))
        try Data("危险文件名的句子\n".utf8).write(to: region.appendingPathComponent(Self.hostile))
        try Data("很长文件名的句子\n".utf8).write(to: school.appendingPathComponent(Self.long))
        try Data().write(to: region.appendingPathComponent(".DS_Store"))
    }

    func files() throws -> [FileRow] {
        let run = try PanelProcess.run(["materials", "list", "--db", db, "--format", "json"])
        try #require(run.status == 0, "\(run.stderr)")
        return try JSONDecoder().decode([FileRow].self, from: Data(run.stdout.utf8))
    }

    func search(_ query: String) throws -> [Hit] {
        let run = try PanelProcess.run(["materials", "search", "--db", db, query, "--format", "json"])
        try #require(run.status == 0, "\(run.stderr)")
        return try JSONDecoder().decode([Hit].self, from: Data(run.stdout.utf8))
    }

    @Test func everyKindOfFileIsKeptWithItsStatusAndFoundByItsSentence() throws {
        defer { workspace.remove() }
        let run = try PanelProcess.run(["import", "materials", "--db", db, materials.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("11 files, 10 pages read in "))
        #expect(run.stdout.contains(": 11 new, 0 changed (new versions, the old kept), 0 unchanged\n"))
        #expect(run.stdout.contains("  R-33-1 truncated.pdf: unreadable — pdfinfo failed (exit 1)"))
        #expect(!run.stdout.contains("\u{1B}"))

        let listed = try files()
        let statuses = Dictionary(
            uniqueKeysWithValues: listed.map { ("\($0.candidate) \($0.file)", "\($0.status) \($0.pages)") })
        #expect(
            statuses == [
                "R-33-1 report-embedded.pdf": "text 3", "R-33-1 nonembedded-font.pdf": "text 1",
                "R-33-1 scan-image-only.pdf": "scanned 1", "R-33-1 encrypted.pdf": "encrypted 0",
                "R-33-1 lesson.mp4": "attachment 0", "R-33-1 truncated.pdf": "unreadable 0",
                "R-33-1 \(Self.hostile)": "text 1", "S-33-1 case-table.docx": "text 1",
                "S-33-1 recommendation.doc": "text 1", "S-33-1 figures-gb18030.txt": "text 1",
                "S-33-1 \(Self.long)": "text 1",
            ])
        // The bytes are kept as they came, named by their hash, readable by the owner only.
        let store = URL(fileURLWithPath: db + ".files")
        let folderMode = try FileManager.default.attributesOfItem(atPath: store.path)[.posixPermissions] as? Int
        #expect(folderMode == 0o700)
        for row in listed {
            let kept = store.appendingPathComponent(row.sha256)
            #expect(try Data(contentsOf: kept).count == row.size)
            #expect(try FileManager.default.attributesOfItem(atPath: kept.path)[.posixPermissions] as? Int == 0o600)
        }

        let sentences: [(String, String, String, Int)] = [
            ("全区教师空间开通率达到百分之九十八", "R-33-1", "report-embedded.pdf", 2),
            ("区域教研共同体覆盖全部学校", "R-33-1", "nonembedded-font.pdf", 1),
            ("学生在空间中提交作品并互评", "S-33-1", "case-table.docx", 1),
            ("同意推荐为优秀区域", "S-33-1", "recommendation.doc", 1),
            ("机构空间开通数", "S-33-1", "figures-gb18030.txt", 1),
            ("危险文件名的句子", "R-33-1", Self.hostile, 1),
        ]
        for (sentence, candidate, file, page) in sentences {
            let hits = try search(sentence)
            #expect(
                hits.map { "\($0.candidate) \($0.file) \($0.page)" } == ["\(candidate) \(file) \(page)"], "\(sentence)")
            #expect(hits.first?.snippet.contains(sentence) == true)
        }
        // One and two characters: no trigram to look up, so the pages are scanned.
        #expect(try search("九十八").count == 1)
        #expect(Set(try search("句子").map(\.file)).count == 5)
        let table = try PanelProcess.run(["materials", "search", "--db", db, "危险"])
        #expect(table.stdout.contains("R-33-1  evil\\u{1b}[31m\\u{a}name.txt  1   危险文件名的句子"))

        let shown = try PanelProcess.run([
            "materials", "show", "--db", db, "R-33-1", "--file", "report-embedded.pdf", "--page", "2",
        ])
        #expect(shown.stdout.hasPrefix("== report-embedded.pdf 第 2/3 页\n"))
        #expect(shown.stdout.contains("第二页：全区教师空间开通率") && !shown.stdout.contains("第一页"))

        let out = workspace.folder.appendingPathComponent("out")
        let got = try PanelProcess.run(["materials", "get", "--db", db, "R-33-1", "--out", out.path])
        #expect(got.status == 0, "\(got.stderr)")
        let written = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(written.contains("evil_[31m_name.txt") && written.count == 7)
        #expect(
            try Data(contentsOf: out.appendingPathComponent("report-embedded.pdf"))
                == Data(contentsOf: Self.fixtures.appendingPathComponent("report-embedded.pdf")))
    }

    @Test func aFolderThatNamesNoCandidateRefusesAllAndLeavesEverythingAsItWas() throws {
        defer { workspace.remove() }
        #expect(try PanelProcess.run(["import", "materials", "--db", db, materials.path]).status == 0)
        let store = db + ".files"
        let before = try snapshot(store)
        try FileManager.default.createDirectory(
            at: materials.appendingPathComponent("不存在的区"), withIntermediateDirectories: true)
        try Data("新文件\n".utf8).write(to: materials.appendingPathComponent("R-33-1/new.txt"))
        let refused = try PanelProcess.run(["import", "materials", "--db", db, materials.path])
        #expect(refused.status == 1)
        #expect(
            refused.stderr == """
                1 folder names no candidate by 编号 or exact 名称:
                  不存在的区
                candidates left without a dossier (1): R-44-1
                nothing was imported: rename the folders (or remove them) and import again

                """)
        #expect(try snapshot(store) == before)
    }

    @Test func aChangedFileBecomesANewVersionAndTheOldOneIsKept() throws {
        defer { workspace.remove() }
        #expect(try PanelProcess.run(["import", "materials", "--db", db, materials.path]).status == 0)
        let again = try PanelProcess.run(["import", "materials", "--db", db, materials.path])
        #expect(again.stdout.contains(": 0 new, 0 changed (new versions, the old kept), 11 unchanged\n"))
        let figures = materials.appendingPathComponent("杭州市天长小学/figures-gb18030.txt")
        let old = try files().first { $0.file == "figures-gb18030.txt" }!
        try Data("更正后的数字：机构空间开通数四十七个\n".utf8).write(to: figures)
        let changed = try PanelProcess.run(["import", "materials", "--db", db, materials.path])
        #expect(changed.stdout.contains(": 0 new, 1 changed (new versions, the old kept), 10 unchanged\n"))
        let new = try files().first { $0.file == "figures-gb18030.txt" }!
        #expect(new.sha256 != old.sha256 && FileManager.default.fileExists(atPath: db + ".files/" + old.sha256))
        #expect(try search("四十六个").isEmpty)
        #expect(try search("四十七个").count == 1)
        let log = try PanelProcess.run(["audit", "log", "--db", db, "--candidate", "S-33-1"]).stdout
        #expect(log.contains("dossier file changed candidate S-33-1"))
        #expect(log.contains("before: figures-gb18030.txt v1 sha256 \(old.sha256)"))
        #expect(log.contains("after:  figures-gb18030.txt v2 sha256 \(new.sha256)"))
        let ocr = try PanelProcess.run(["import", "materials", "--db", db, "--ocr", materials.path])
        #expect(ocr.stdout.contains("1 scan read by OCR, 10 unchanged"), "\(ocr.stdout)")
        #expect(try search("扫描页面文字识别").map(\.file) == ["scan-image-only.pdf"])
    }

    /// Every file under `folder` with its bytes, and the database's bytes.
    func snapshot(_ folder: String) throws -> [String: Data] {
        var all = ["db": try Data(contentsOf: URL(fileURLWithPath: db))]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            all[name] = try Data(contentsOf: URL(fileURLWithPath: folder).appendingPathComponent(name))
        }
        return all
    }
}
