import Foundation
import PanelCore
@testable import PanelRuntime
import PanelStore
import PanelTUI
import Testing

/// The effect runner against a real panel database: what the screens ask for is done through the
/// store, as the expert who signed in, and comes back as messages.
@Suite struct EffectRunnerTests {
    static let rubrics = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scoring-rubrics").path

    /// A database with one region and one school, an expert and a chair.
    static func panel() throws -> (path: String, folder: URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("panel-runtime-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("panel.sqlite").path
        _ = try PanelDatabase.create(at: path, round: try loadRound(from: rubrics), force: false)
        let nominations =
            """
            编号,类别,名称,省份,地市,学段,平台名称,接入国家平台,支撑区域\nR1,区域,浙\
            江省杭州市上城区,浙江,杭州市,,之江汇,是,\nS1,学校,杭州市上城区实验小学,浙\
            江,杭州市,基础教育,之江汇,是,R1\n
            """
        _ = try PanelDatabase.open(at: path, readOnly: true).importNominations(
            data: Data(nominations.utf8), file: "n.csv")
        _ = try PanelDatabase.open(at: path, readOnly: true).importExperts(
            data: Data(
                """
                编号,姓名,省份,单位,角色,PIN\nE1,王芳,北京,,专家,1111\nC1,孙组长,北京,,组长,9999\
                \n
                """.utf8), file: "e.csv")
        _ = try PanelDatabase.open(at: path).assign(perCandidate: 1, seed: 0)
        return (path, folder)
    }

    @Test func anExpertSignsInSavesAScoreAsThemselvesAndAWrongPINIsRefused() throws {
        let (path, folder) = try Self.panel()
        defer { try? FileManager.default.removeItem(at: folder) }
        let runner = try EffectRunner(path: path)
        let wrong = try #require(runner.run(.signIn(id: "E1", pin: "1112")))
        #expect(wrong == [.signInRefused("wrong id or PIN (the attempt is recorded)")])
        let signedIn = try #require(runner.run(.signIn(id: "E1", pin: "1111")))
        guard case .signedIn(let expert, let work) = try #require(signedIn.first) else {
            Issue.record("not signed in: \(signedIn)")
            return
        }
        #expect(expert.id == "E1" && work.map(\.candidate.id).sorted() == ["R1", "S1"])
        let key = SheetKey(expert: "E1", candidate: "R1", stage: .material)
        #expect(
            runner.run(.saveScore(key, item: "A1", Points(hundredths: 450), previous: nil)) == [
                .saved(key, item: "A1", Points(hundredths: 450))
            ])
        let sheet = try #require(
            try PanelDatabase.open(at: path).work(for: "E1").first { $0.candidate.id == "R1" }?.material)
        #expect(sheet.scores["A1"] == Points(hundredths: 450))
        // A key that names another expert is refused: writes are made as the one signed in, and
        // the screen gets the previous value back.
        let other = SheetKey(expert: "C1", candidate: "R1", stage: .material)
        let refused = try #require(runner.run(.saveScore(other, item: "A2", Points(hundredths: 300), previous: nil)))
        guard case .saveRefused(other, "A2", nil, _) = try #require(refused.first) else {
            Issue.record("saved: \(refused)"); return
        }
        #expect(runner.run(.quit) == nil)
    }

    /// A save that fails for any reason, not only a refusal (here the database aborts it, as a
    /// full disk would), gives the screen the stored value back (issue 21, finding 2).
    @Test func aSaveThatFailsInTheDatabaseRestoresThePreviousValue() throws {
        let (path, folder) = try Self.panel()
        defer { try? FileManager.default.removeItem(at: folder) }
        let runner = try EffectRunner(path: path)
        _ = runner.run(.signIn(id: "E1", pin: "1111"))
        let key = SheetKey(expert: "E1", candidate: "R1", stage: .material)
        #expect(
            runner.run(.saveScore(key, item: "A1", Points(hundredths: 450), previous: nil)) == [
                .saved(key, item: "A1", Points(hundredths: 450))
            ])
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        sqlite.arguments = [
            path,
            """
            CREATE TRIGGER fail_insert BEFORE INSERT ON score BEGIN SELECT RAISE(ABORT, 'disk full (simulated)'); END;
            CREATE TRIGGER fail_update BEFORE UPDATE ON score BEGIN SELECT RAISE(ABORT, 'disk full (simulated)'); END;
            """,
        ]
        try sqlite.run()
        sqlite.waitUntilExit()
        try #require(sqlite.terminationStatus == 0)
        let failed = try #require(
            runner.run(.saveScore(key, item: "A1", Points(hundredths: 300), previous: Points(hundredths: 450))))
        guard case .saveRefused(key, "A1", Points(hundredths: 450), let reason) = try #require(failed.first) else {
            Issue.record("not restored: \(failed)")
            return
        }
        #expect(reason.hasPrefix("未保存：") && reason.contains("disk full (simulated)"), "\(reason)")
    }

    /// The same expert in two terminals: a submit of the sheet as one screen shows it is refused
    /// when the other saved a different value, and the screen gets the stored values (issue 21,
    /// finding 4).
    @Test func aSheetChangedInAnotherTerminalIsNotSubmittedAsShown() throws {
        let (path, folder) = try Self.panel()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (first, second) = (try EffectRunner(path: path), try EffectRunner(path: path))
        for runner in [first, second] { _ = runner.run(.signIn(id: "E1", pin: "1111")) }
        let key = SheetKey(expert: "E1", candidate: "R1", stage: .material)
        let rubric = try PanelDatabase.open(at: path, readOnly: true).round().region
        var shown: [String: Points] = [:]
        for item in rubric.items {
            _ = first.run(.saveScore(key, item: item.id, item.points, previous: nil))
            shown[item.id] = item.points
        }
        let a1 = try #require(rubric.items.first)
        _ = second.run(.saveScore(key, item: a1.id, .zero, previous: a1.points))
        var stored = shown
        stored[a1.id] = .zero
        let refused = try #require(first.run(.submit(key, shown: shown)))
        guard case .submitRefused(key, stored, let reason) = try #require(refused.first) else {
            Issue.record("submitted as shown: \(refused)")
            return
        }
        #expect(reason.hasPrefix("未提交：这张评分表已在另一处修改（A1 屏幕上 \(a1.points) 而已保存 0）"), "\(reason)")
        let sheet = try #require(
            try PanelDatabase.open(at: path).work(for: "E1").first { $0.candidate.id == "R1" }?.material)
        #expect(sheet.status == .draft)
        #expect(first.run(.submit(key, shown: stored)) == [.submitted(key)])
    }

    @Test func theChairsDecisionIsAuditedAndTheConsoleReloaded() throws {
        let (path, folder) = try Self.panel()
        defer { try? FileManager.default.removeItem(at: folder) }
        let runner = try EffectRunner(path: path)
        let signedIn = try #require(runner.run(.signIn(id: "C1", pin: "9999")))
        guard case .signedInChair = try #require(signedIn.first) else {
            Issue.record("not the chair: \(signedIn)"); return
        }
        let done = try #require(runner.run(.chair(.spotCheck("R1", passed: true, note: "数据属实"))))
        #expect(done.first == .chairDone("已记录 R1 实地抽查通过"))
        guard case .consoleLoaded = try #require(done.last) else { Issue.record("console not reloaded"); return }
        let entry = try #require(try PanelDatabase.open(at: path).auditEntries(candidate: "R1").last)
        #expect(entry.actor == "C1" && entry.action == "spot check")
    }
}

@Suite struct BackgroundJobTests {
    @Test func aValueIsComputedForTheCounterAskedAndHandedOutOnce() throws {
        let counter = Counter()
        let job = BackgroundJob<Int>(pause: 0.01, lowPriority: false) {
            let now = counter.next()
            return (now, now * 10)
        }
        job.request(1)
        #expect(job.value(at: 1, within: 5) == 10)
        #expect(job.takeNew() == nil)
        job.request(2)
        let later = try #require(job.value(at: 2, within: 5))
        #expect(later >= 20)
        #expect(job.newest?.value == later)
    }
}

/// Counts the computations, one more each time.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func next() -> Int {
        lock.withLock {
            value += 1; return value
        }
    }
}
