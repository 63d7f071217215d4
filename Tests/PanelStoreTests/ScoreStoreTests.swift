import Foundation
import GRDB
import PanelCore
@testable import PanelStore
import Testing

/// A small panel: two provinces' candidates, four experts, everyone assigned who may be.
struct SmallPanel {
    let panel = try! TemporaryPanel()
    var path: String { panel.path }

    static let nominations = """
        编号,类别,名称,省份,地市,学段,平台名称,接入国家平台,支撑区域
        R1,区域,浙江省杭州市上城区,浙江,杭州市,,之江汇,是,
        S1,学校,杭州市上城区实验小学,浙江,杭州市,基础教育,之江汇,是,R1
        R2,区域,江苏省南京市鼓楼区,江苏,南京市,,江苏智慧教育,是,
        S2,学校,南京市鼓楼区第一中学,江苏,南京市,基础教育,江苏智慧教育,是,R2
        S3,学校,南京市未接入小学,江苏,南京市,基础教育,平台,否,R2

        """
    static let experts =
        """
        编号,姓名,省份,单位,角色,PIN\nE1,王芳,北京,,专家,1111\nE2,李强,上海,,专家,2222\nE3,\
        赵敏,浙江,,专家,3333\nE4,周杰,广东,,专家,4444\nC1,孙组长,北京,,组长,9999\n
        """

    func create(rules edits: [(String, String)] = []) throws -> PanelDatabase {
        let store = try panel.create(rules: edits)
        _ = try PanelDatabase.open(at: path, readOnly: true).importNominations(
            data: Data(Self.nominations.utf8), file: "n.csv")
        _ = try PanelDatabase.open(at: path, readOnly: true).importExperts(data: Data(Self.experts.utf8), file: "e.csv")
        return store
    }

    func bytes() throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    /// Every item of `candidate`'s sheet at `stage`, at `fraction` (in tenths) of its maximum rounded down to the step.
    static func rows(
        _ expert: String, _ candidate: String, kind: CandidateKind, stage: Stage, tenths: Int, round: RoundDefinition
    ) -> [String] {
        round.sheet(stage.sheet(for: kind)).items.map { item in
            let raw = item.points.hundredths * tenths / 10
            let score = Points(hundredths: raw - raw % item.step.hundredths)
            return "\(expert),\(candidate),\(stage.rawValue),\(item.id),\(score)"
        }
    }

    /// A panel whose quota is one region, R1 and R2 scored alike by E1, E2 and E4 (material at 80%,
    /// defence at 90%): they tie at the cut.
    static func tiedAtTheCut() throws -> (panel: SmallPanel, store: PanelDatabase) {
        let panel = SmallPanel()
        let store = try panel.create(rules: [("region = 40", "region = 1")])
        let round = try store.round()
        var rows: [String] = []
        for expert in ["E1", "E2", "E4"] {
            for region in ["R1", "R2"] {
                rows += Self.rows(expert, region, kind: .region, stage: .material, tenths: 8, round: round)
                rows += Self.rows(expert, region, kind: .region, stage: .defense, tenths: 9, round: round)
            }
        }
        _ = try panel.importScores(rows)
        return (panel, store)
    }

    func importScores(_ rows: [String], file: String = "scores.csv", replacingSubmitted reason: String? = nil) throws
        -> PanelDatabase.ScoreImport
    {
        try PanelDatabase.open(at: path, readOnly: true).importScores(
            data: Data((["expert_id,candidate_id,stage,item_id,score"] + rows).joined(separator: "\n").utf8),
            file: file, replacingSubmitted: reason)
    }
}

@Suite struct ScoreStoreTests {
    @Test func aCompleteSheetIsSubmittedAndAPartialOneStaysADraft() throws {
        let panel = SmallPanel()
        defer { panel.panel.remove() }
        let store = try panel.create()
        let round = try store.round()
        let full = SmallPanel.rows("E1", "R1", kind: .region, stage: .material, tenths: 8, round: round)
        let result = try panel.importScores(full + ["E2,S1,答辩,A1,25"])
        #expect((result.sheets, result.submitted, result.drafts, result.changed) == (2, 1, 1, 2))
        let sheets = try store.sheets()
        #expect(sheets.map(\.key.expert) == ["E1", "E2"])
        #expect(sheets[0].status == .submitted && sheets[0].scores.count == 16)
        #expect(sheets[0].rubricSHA256 == (try store.sheetHashes())["region"])
        #expect(sheets[1].status == .draft && sheets[1].scores == ["A1": Points(25)])
        #expect(sheets[1].rubricSHA256 == (try store.sheetHashes())["defense"])
    }

    @Test func reimportingReplacesTheValuesGivenAndTheAuditKeepsBeforeAndAfter() throws {
        let panel = SmallPanel()
        defer { panel.panel.remove() }
        let store = try panel.create()
        _ = try panel.importScores(["E2,S1,答辩,A1,25", "E2,S1,答辩,A2,20"])
        // The rest of the sheet arrives later, with A1 corrected: the sheet completes.
        let second = try panel.importScores(
            ["E2,S1,答辩,A1,26.5", "E2,S1,答辩,B1,15", "E2,S1,答辩,B2,16"], file: "later.csv")
        #expect((second.submitted, second.changed) == (1, 1))
        let sheet = try #require(try store.sheets().first)
        #expect(sheet.status == .submitted)
        #expect(sheet.total == Points(hundredths: 7750))
        let entries = try store.auditEntries(candidate: "S1").filter { $0.action == "import scores" }
        #expect(entries.map(\.subject) == ["sheet E2 S1 defense", "sheet E2 S1 defense"])
        #expect(entries[1].before == "draft: A1=25 A2=20")
        #expect(entries[1].after == "submitted: A1=26.5 A2=20 B1=15 B2=16 (file later.csv)")
        // The same file again changes nothing and records nothing.
        let again = try panel.importScores(["E2,S1,答辩,A1,26.5"], file: "later.csv")
        #expect(again.changed == 0)
        #expect(try store.auditEntries(candidate: "S1").count == entries.count)
        #expect(try store.verifyAudit() == .intact(entries: 5))
    }

    @Test func aRefusedScoresFileLeavesTheDatabaseByteIdentical() throws {
        let panel = SmallPanel()
        defer { panel.panel.remove() }
        let store = try panel.create()
        _ = try panel.importScores(["E1,R1,材料,A1,4"])
        try store.pool.writeWithoutTransaction { try $0.checkpoint(.truncate) }
        let before = try panel.bytes()
        #expect(throws: Problems.self) { try panel.importScores(["E1,R1,材料,A1,3", "E3,S1,材料,A1,4"]) }
        #expect(try panel.bytes() == before)
        #expect(try store.sheets().first?.scores == ["A1": Points(4)])
    }

    @Test func onceTheRoundIsFinalizedEveryWriteIsRefused() throws {
        let panel = SmallPanel()
        defer { panel.panel.remove() }
        let store = try panel.create()
        try store.pool.write {
            try $0.execute(sql: "INSERT INTO round_state (key, value) VALUES ('finalized', 'test')")
        }
        for write in [
            { _ = try panel.importScores(["E1,R1,材料,A1,4"]) },
            { _ = try PanelDatabase.open(at: panel.path).assign(perCandidate: 2, seed: 0) },
            {
                _ = try PanelDatabase.open(at: panel.path, readOnly: true).importExperts(
                    data: Data("id,name,province\nE9,钱,北京\n".utf8), file: "x.csv")
            },
            {
                try PanelDatabase.open(at: panel.path).addExpert(
                    ExpertEntry(id: "E8", name: "钱", province: "北京市", org: "", role: .expert, pin: "1234"))
            },
            {
                try PanelDatabase.open(at: panel.path).recordSpotCheck(
                    chair: ExpertEntry(id: "C1", name: "孙", province: "北京市", org: "", role: .chair, pin: nil),
                    candidate: "R1", passed: true, note: "ok")
            },
        ] as [() throws -> Void] {
            #expect { try write() } throws: { ($0 as? StoreError)?.description.contains("finalized") == true }
        }
        #expect(try store.sheets().isEmpty && store.assignments().isEmpty && store.experts().count == 5)
    }
}

extension ScoreStoreTests {
    @Test func theTotalsSummedBySQLiteEqualThoseSummedFromTheItems() throws {
        let panel = SmallPanel()
        defer { panel.panel.remove() }
        let store = try panel.create()
        let round = try store.round()
        _ = try panel.importScores(
            SmallPanel.rows("E1", "R1", kind: .region, stage: .material, tenths: 7, round: round)
                + SmallPanel.rows("E2", "S1", kind: .school, stage: .material, tenths: 9, round: round)
                + SmallPanel.rows("E4", "R2", kind: .region, stage: .defense, tenths: 8, round: round)
                + ["E1,S2,材料,A1,3", "E1,S2,材料,C1,10"])
        // Totals also follow the front end's saves, and a sheet with only a comment has none.
        _ = try PanelDatabase.open(at: panel.path).assign(perCandidate: 2, seed: 1)
        let mine = try #require(try store.assignments().first { $0.expert == "E4" && $0.candidate.hasPrefix("R") })
        let saved = SheetKey(expert: "E4", candidate: mine.candidate, stage: .material)
        try store.saveScore(expert: "E4", key: saved, item: "B1", points: Points(7))
        try store.saveScore(expert: "E4", key: saved, item: "B1", points: Points(hundredths: 850))
        let other = try #require(try store.assignments().first { $0.expert == "E2" && $0.candidate != "S1" })
        try store.saveComment(
            expert: "E2", key: SheetKey(expert: "E2", candidate: other.candidate, stage: .material),
            comment: """
                待补充
                """)
        let fromSQL = try store.scoringInput().totals
        // A sheet with only a comment has no scores to sum: the stored totals leave it out.
        let fromItems = ScoringInput(
            round: round, candidates: try store.candidates(), sheets: try store.sheets().filter { !$0.scores.isEmpty },
            decisions: ChairDecisions(), finalized: false
        ).totals
        #expect(fromSQL.count == 5)
        #expect(fromSQL.first { $0.key == saved }?.total == Points(hundredths: 850))
        func normalized(_ totals: [SheetTotal]) -> [SheetKey: SheetTotal] {
            // Groups without any score are absent from SQL's sums and zero in the items' sums.
            Dictionary(
                uniqueKeysWithValues: totals.map { total in
                    var copy = total
                    for (id, value) in zip(total.groups.ids, total.groups.values) where value == .zero {
                        copy.groups[id] = nil
                    }
                    return (total.key, copy)
                })
        }
        #expect(normalized(fromSQL) == normalized(fromItems))
        #expect(
            normalized(fromSQL)[SheetKey(expert: "E1", candidate: "S2", stage: .material)]?.groups
                == GroupTotals(sortedIDs: ["A", "C"], values: [Points(3), Points(10)]))
    }
}
