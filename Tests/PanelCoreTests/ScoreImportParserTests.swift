import Foundation
import PanelCore
import Testing

@Suite struct ScoreImportParserTests {
    static func candidate(_ id: String, _ kind: CandidateKind, _ province: String, supports: String? = nil, order: Int)
        -> Candidate
    {
        Candidate(
            id: id, kind: kind, name: "\(province)\(id)", province: province, city: "市", county: "",
            level: kind == .school ? .basic : nil, platform: "p", connected: true, priorAward: nil,
            supports: supports, provinceRank: nil, importOrder: order)
    }

    let context: ScoreImportContext

    init() throws {
        let candidates = [
            Self.candidate("R1", .region, "浙江省", order: 1),
            Self.candidate("S1", .school, "浙江省", supports: "R1", order: 2),
            Self.candidate("R2", .region, "江苏省", order: 3),
            Self.candidate("S2", .school, "江苏省", supports: "R2", order: 4),
        ]
        let experts = [
            ExpertEntry(id: "E1", name: "王", province: "北京市", org: "", role: .expert, pin: nil),
            ExpertEntry(id: "E2", name: "李", province: "浙江省", org: "", role: .expert, pin: nil),
            ExpertEntry(id: "E3", name: "赵", province: "上海市", org: "江苏省S2", role: .expert, pin: nil),
            ExpertEntry(id: "C1", name: "周", province: "北京市", org: "", role: .chair, pin: nil),
        ]
        context = ScoreImportContext(
            experts: experts, candidates: candidates, round: try ShippedFiles.round(),
            assignments: [Assignment(expert: "E1", candidate: "R1"), Assignment(expert: "E1", candidate: "S1")])
    }

    func parse(_ rows: [String], header: String = "专家编号,候选编号,阶段,指标,分数") -> Result<ScoreImportParser.Import, Problems> {
        let csv = try! CSVText.parse(Data(([header] + rows).joined(separator: "\n").utf8), file: "scores.csv").get()
        return ScoreImportParser.parse(csv, file: "scores.csv", context: context)
    }

    func problems(_ rows: [String]) -> [String] {
        guard case .failure(let problems) = parse(rows) else { return ["(accepted)"] }
        return problems.all.map(\.description)
    }

    @Test func rowsGroupIntoSheetsPerExpertCandidateAndStage() throws {
        let parsed = try parse([
            "E1,R1,材料,A1,4.5",
            """
            E1,R1,material,A4,5
            """, "E1,S1,材料,C1,12", "E1,R1,答辩,A1,28", "E1,R1,材料评审,B1,10",
        ]).get()
        #expect(
            parsed.sheets.map(\.key) == [
                SheetKey(expert: "E1", candidate: "R1", stage: .material),
                SheetKey(expert: "E1", candidate: "S1", stage: .material),
                SheetKey(expert: "E1", candidate: "R1", stage: .defense),
            ])
        #expect(parsed.sheets[0].scores == ["A1": Points(hundredths: 450), "A4": Points(5), "B1": Points(10)])
        #expect(parsed.warnings.isEmpty)
    }

    @Test func englishHeadersInAnyOrderWork() throws {
        let parsed = try parse(["4.5,A1,material,R1,E1"], header: "score,item_id,stage,candidate_id,expert_id").get()
        #expect(parsed.sheets.first?.scores == ["A1": Points(hundredths: 450)])
    }

    @Test func everyBadRowIsReportedWithItsLine() {
        #expect(
            problems([
                "E9,R1,材料,A1,4",  // 2 unknown expert
                "E1,R9,材料,A1,4",  // 3 unknown candidate
                "E1,R1,复评,A1,4",  // 4 unknown stage
                "E1,R1,材料,Z9,4",  // 5 unknown item
                "E1,S1,材料,A4,4",  // 6 A4 is a region item, not a school one
                "E1,R1,答辩,C1,4",  // 7 C1 is not on the defence sheet
                "E1,R1,材料,A1,5.5",  // 8 above the maximum
                "E1,R1,材料,A2,-1",  // 9 negative
                "E1,R1,材料,A3,4.25",  // 10 off the 0.5 step
                "E1,R1,材料,A4,四",  // 11 not a number
                "E2,R1,材料,A1,4",  // 12 same province
                "E3,S2,材料,A1,4",  // 13 own organisation
                "E1,R1,材料,B1,8",  // 14 fine
                "E1,R1,material,B1,9",  // 15 the same item twice
                "C1,R1,材料,A1,4",  // 16 the chair
            ]) == [
                "scores.csv:2: no expert 'E9' — import the experts first, or correct the id",
                "scores.csv:3: no candidate 'R9' — import the nominations first, or correct the id",
                "scores.csv:4: 阶段 '复评' is neither 材料 (material) nor 答辩 (defense)",
                """
                scores.csv:5: 指标 'Z9' is not an item of the region sheet\
                 (网络学习空间应用优秀区域评价指标), which has A1…D2
                """,
                """
                scores.csv:6: 指标 'A4' is not an item of the school sheet\
                 (网络学习空间应用优秀学校评价指标), which has A1…D2
                """,
                """
                scores.csv:7: 指标 'C1' is not an item of the defense sheet (现场答辩评分表), which has\
                 A1…B2
                """,
                "scores.csv:8: A1 最高 5 分 (maximum 5)",
                "scores.csv:9: A2 的分数不能为负 (score below 0)",
                "scores.csv:10: A3 的分数须为 0.5 的整数倍 (step 0.5)",
                "scores.csv:11: 分数 '四' is not a number with at most two decimals",
                """
                scores.csv:12: 专家 E2 与 R1 同属浙江省，须回避 (same province) — this expert may\
                 not score it
                """,
                """
                scores.csv:13: 专家 E3 的单位即 江苏省S2，须回避 (own organisation) — this expert\
                 may not score it
                """,
                "scores.csv:15: E1 R1 材料 B1 is given twice (first on line 14)",
                "scores.csv:16: C1 is the chair (组长), who does not fill in score sheets",
            ])
    }

    @Test func aMissingColumnOrAnEmptyFileIsRefusedAtTheHeader() {
        guard
            case .failure(let missing) = parse(
                ["E1,R1,A1,4"],
                header: """
                    专家编号,候选编号,指标,分数
                    """)
        else {
            Issue.record("accepted"); return
        }
        #expect(
            missing.all.map(\.description) == [
                """
                scores.csv:1: missing column 阶段 (stage) — add it to the first line
                """
            ])
        guard case .failure(let empty) = parse([]) else { Issue.record("accepted"); return }
        #expect(empty.all.map(\.description) == ["scores.csv: has no score rows below its header"])
    }

    @Test func anUnassignedExpertOrAnUnknownColumnOnlyWarns() throws {
        let parsed = try parse(["E1,R2,材料,A1,4,x", "E1,R2,材料,A2,4,y"], header: "专家编号,候选编号,阶段,指标,分数,备注").get()
        #expect(
            parsed.warnings.map(\.description) == [
                "scores.csv:1: column '备注' is not one panel reads; it is ignored",
                "scores.csv:2: E1 is not assigned to R2; the sheet is imported anyway",
            ])
    }

    @Test func aSheetIsSubmittedExactlyWhenEveryItemHasAScore() throws {
        let round = try ShippedFiles.round()
        var scores = Dictionary(uniqueKeysWithValues: round.defense.items.map { ($0.id, $0.points) })
        #expect(ScoreSheet.status(of: scores, against: round.defense) == .submitted)
        scores["B2"] = nil
        #expect(ScoreSheet.status(of: scores, against: round.defense) == .draft)
        #expect(ScoreSheet.describe(scores, in: round.defense) == "A1=30 A2=30 B1=20")
    }
}
