import Foundation
import PanelCore
@testable import PanelRuntime
import PanelStore
import PanelTUI
import Testing

/// An expert reads the dossiers of the candidates assigned to them and nobody else's; the chair
/// reads any. The dossier comes through the real import of a real PDF.
@Suite struct DossierAccessTests {
    @Test func anExpertReadsOnlyTheirOwnCandidatesDossierAndTheChairReadsAny() throws {
        let (path, folder) = try EffectRunnerTests.panel()
        defer { try? FileManager.default.removeItem(at: folder) }
        try PanelDatabase.open(at: path).addExpert(
            ExpertEntry(id: "E2", name: "李明", province: "上海", org: "", role: .expert, pin: "2222"))
        let materials = folder.appendingPathComponent("materials/R1")
        try FileManager.default.createDirectory(at: materials, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: DossierExtractorTests.fixtures.appendingPathComponent("report-embedded.pdf"),
            to: materials.appendingPathComponent("报告.pdf"))
        let importer = MaterialsImporter(
            store: try PanelDatabase.open(at: path, readOnly: true), folder: materials.deletingLastPathComponent(),
            extractor: DossierExtractor(), showsProgress: false)
        #expect(try importer.run().change.added == 1)

        for (id, pin) in [("E1", "1111"), ("C1", "9999")] {
            let runner = try EffectRunner(path: path)
            _ = runner.run(.signIn(id: id, pin: pin))
            let loaded = try #require(runner.run(.openDossier("R1")))
            guard case .dossierLoaded(let dossier) = try #require(loaded.first) else {
                Issue.record("\(id): \(loaded)")
                continue
            }
            #expect(dossier.files.map(\.name) == ["报告.pdf"] && dossier.pages[0].count == 3)
            #expect(dossier.pages[0][1].text.contains("第二页：全区教师空间开通率"))
        }
        // The chair searches every dossier; an expert may not.
        let chair = try EffectRunner(path: path)
        _ = chair.run(.signIn(id: "C1", pin: "9999"))
        guard
            case .dossierHits(
                """
                跨校教研
                """, let hits) = try #require(chair.run(.searchDossiers("跨校教研"))?.first)
        else {
            Issue.record("no hits")
            return
        }
        #expect(hits.map { "\($0.candidate) \($0.file) \($0.page)" } == ["R1 报告.pdf 3"])
        let stranger = try EffectRunner(path: path)
        _ = stranger.run(.signIn(id: "E2", pin: "2222"))
        #expect(
            stranger.run(.searchDossiers("跨校教研")) == [
                .failed(
                    """
                    只有组长可以查找全部申报材料
                    """)
            ])
        #expect(
            stranger.run(.openDossier("R1")) == [
                .dossierRefused(candidate: "R1", reason: "R1 未分配给您：不能查看其申报材料")
            ])
    }
}

/// 评分依据 through the runner and the store: cited at once and audited, taken back by citing
/// again, refused on another's or a submitted sheet, and named per item by the explanation.
@Suite struct EvidenceTests {
    @Test func aCitedPageIsSavedAuditedAndNamedByTheExplanation() throws {
        let (path, folder) = try EffectRunnerTests.panel()
        defer { try? FileManager.default.removeItem(at: folder) }
        let materials = folder.appendingPathComponent("materials/R1")
        try FileManager.default.createDirectory(at: materials, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: DossierExtractorTests.fixtures.appendingPathComponent("report-embedded.pdf"),
            to: materials.appendingPathComponent("报告.pdf"))
        _ = try MaterialsImporter(
            store: try PanelDatabase.open(at: path, readOnly: true), folder: materials.deletingLastPathComponent(),
            extractor: DossierExtractor(), showsProgress: false
        ).run()
        let store = try PanelDatabase.open(at: path)
        let file = try #require(try store.dossierFiles(candidate: "R1").first)
        let page2 = Citation(file: file.name, sha256: file.sha256, page: 2, quote: "开通率")
        let key = SheetKey(expert: "E1", candidate: "R1", stage: .material)
        let runner = try EffectRunner(path: path)
        _ = runner.run(.signIn(id: "E1", pin: "1111"))
        #expect(runner.run(.cite(key, item: "A1", page2)) == [.cited(key, item: "A1", [page2])])
        #expect(try store.auditEntries(expert: "E1").last?.after == "A1: 报告.pdf 第 2 页「开通率」")
        _ = runner.run(.saveScore(key, item: "A1", Points(hundredths: 450), previous: nil))
        let lines = try #require(try store.explanation(of: "R1") { _, _ in nil })
        #expect(
            lines.suffix(2) == [
                "evidence 评分依据:",
                """
                  A1 E1 材料 4.5: 报告.pdf 第 2 页「开通率」
                """,
            ])
        // Citing the same page again takes it back.
        #expect(runner.run(.cite(key, item: "A1", page2)) == [.cited(key, item: "A1", [])])
        #expect(try store.evidence(candidate: "R1").isEmpty)
        // Another expert's sheet, a file that is not in the dossier, an item not on the sheet.
        let other = SheetKey(expert: "C1", candidate: "R1", stage: .material)
        #expect(runner.run(.cite(other, item: "A1", page2)) == [.failed("an expert writes only their own sheets")])
        let forged = Citation(file: "报告.pdf", sha256: String(repeating: "0", count: 64), page: 1, quote: "")
        #expect(
            runner.run(.cite(key, item: "A1", forged)) == [
                .failed(
                    """
                    R1's dossier has no file 报告.pdf with that content
                    """)
            ]
        )
        #expect(
            runner.run(.cite(key, item: "Z9", page2)) == [
                .failed("Z9 is not an item of \(try store.round().region.title)")
            ])
    }
}

/// 未查阅材料: opening a dossier is on record at once and the time read when it goes out of view;
/// a sheet submitted without its dossier ever opened is counted for the chair.
@Suite struct ReadingTests {
    final class Clock: @unchecked Sendable {
        var now = Date(timeIntervalSince1970: 1_600_000_000)
    }

    @Test func theReadingIsTimedAndAnUnreadSubmissionIsFlagged() throws {
        let (path, folder) = try EffectRunnerTests.panel()
        defer { try? FileManager.default.removeItem(at: folder) }
        let materials = folder.appendingPathComponent("materials")
        for id in ["R1", "S1"] {
            try FileManager.default.createDirectory(
                at: materials.appendingPathComponent(id), withIntermediateDirectories: true)
            try Data("\(id) 的推荐表\n".utf8).write(to: materials.appendingPathComponent("\(id)/推荐表.txt"))
        }
        _ = try MaterialsImporter(
            store: try PanelDatabase.open(at: path, readOnly: true), folder: materials, extractor: DossierExtractor(),
            showsProgress: false
        ).run()
        let clock = Clock()
        let runner = try EffectRunner(path: path, clock: { clock.now })
        _ = runner.run(.signIn(id: "E1", pin: "1111"))
        let store = try PanelDatabase.open(at: path)
        // E1 submits both material sheets, having read only R1's dossier, for 95 seconds.
        #expect(runner.run(.dossierShown("R1")) == [])
        #expect(try store.readings().map { "\($0.candidate) \($0.seconds)" } == ["R1 0"])
        clock.now += 95
        _ = runner.run(.dossierHidden("R1"))
        for id in ["R1", "S1"] {
            let key = SheetKey(expert: "E1", candidate: id, stage: .material)
            let rubric = try store.round().sheet(key.stage.sheet(for: id == "R1" ? .region : .school))
            for item in rubric.items { _ = runner.run(.saveScore(key, item: item.id, item.points, previous: nil)) }
            _ = runner.run(
                .submit(key, shown: Dictionary(uniqueKeysWithValues: rubric.items.map { ($0.id, $0.points) })))
        }
        #expect(try store.readings().map { "\($0.expert) \($0.candidate) \($0.seconds)" } == ["E1 R1 95"])
        #expect(try store.unreadSubmissions() == [SheetKey(expert: "E1", candidate: "S1", stage: .material)])
        #expect(try store.consoleData().progress.first { $0.expert.id == "E1" }?.submittedUnread == 1)
        // The sheets were submitted on the dossier as it was; S1's 推荐表 changes afterwards.
        #expect(try store.sheetsOnOlderMaterial().isEmpty)
        try Data("S1 的推荐表（更正）\n".utf8).write(to: materials.appendingPathComponent("S1/推荐表.txt"))
        _ = try MaterialsImporter(
            store: try PanelDatabase.open(at: path, readOnly: true), folder: materials, extractor: DossierExtractor(),
            showsProgress: false
        ).run()
        let older = try store.sheetsOnOlderMaterial()
        #expect(older.map(\.key) == [SheetKey(expert: "E1", candidate: "S1", stage: .material)])
        #expect(older.first?.newer == ["推荐表.txt v2"])
        let explained = try #require(try store.explanation(of: "S1") { _, _ in nil })
        #expect(
            explained.suffix(2) == [
                """
                scored on older material 旧材料评分:
                """, "  E1 材料: since then 推荐表.txt v2",
            ])
        // A reading still open when the front end quits is written then.
        _ = runner.run(.dossierShown("S1"))
        clock.now += 30
        #expect(runner.run(.quit) == nil)
        #expect(try store.readings().map(\.seconds) == [95, 30])
        #expect(try store.unreadSubmissions().isEmpty)
    }
}

/// The summary table's figures go with the nomination into the database and come back on the
/// dossier's first page, the round's rates computed and flagged.
@Suite struct DossierFactsTests {
    @Test func factsAreKeptAndTheirRatesShownOnTheFirstPage() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("panel-facts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("panel.sqlite").path
        let store = try PanelDatabase.create(
            at: path, round: try loadRound(from: EffectRunnerTests.rubrics), force: false)
        let nominations = """
            编号,类别,名称,省份,地市,学段,平台名称,接入国家平台,支撑区域,教师数,教师空间开通数,学生数,学生空间开通数
            R1,区域,浙江省杭州市上城区,浙江,杭州市,,之江汇,是,,"3,200",3300,40000,38000
            S1,学校,杭州市天长小学,浙江,杭州市,基础教育,之江汇,是,R1,120,118,0,0

            """
        _ = try store.importNominations(data: Data(nominations.utf8), file: "n.csv")
        #expect(try store.facts(of: "R1").map(\.value) == ["3,200", "3300", "40000", "38000"])
        let region = try store.dossier(of: "R1").summary
        #expect(
            region.filter(\.flagged).map(\.text) == [
                """
                教师空间开通率：103.13%（超过 100%，数据有误？）
                """
            ])
        #expect(region.contains(SummaryLine("学生空间开通率：95%")))
        #expect(region.contains(SummaryLine("支撑学校：S1 杭州市天长小学")))
        let school = try store.dossier(of: "S1").summary
        #expect(school.filter(\.flagged).map(\.text) == ["学生空间开通率：无法计算（学生数 为 0）"])
        #expect(school.contains(SummaryLine("支撑区域：R1 浙江省杭州市上城区")))
    }
}
