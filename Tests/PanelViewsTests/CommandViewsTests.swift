import Foundation
import PanelCore
import PanelViews
import Testing

/// What the command line prints, checked as whole texts without a database or a process.
@Suite struct CommandViewsTests {
    static let round: RoundDefinition = {
        let rubrics = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scoring-rubrics")
        let files = ["region", "school", "defense", "rules"].map { name in
            let url = rubrics.appendingPathComponent("\(name).toml")
            return SourceFile(path: url.path, text: (try? String(contentsOf: url, encoding: .utf8)) ?? "")
        }
        return try! RoundDefinition.load(files).get()
    }()

    static let region = Candidate(
        id: "R-33-1", kind: .region,
        name: """
            浙江省杭州市上城区
            """, province: "浙江省", city: "杭州市", county: "上城区",
        platform: "之江汇", connected: false, importOrder: 1)
    static let school = Candidate(
        id: "S-33-1", kind: .school,
        name: """
            杭州市=天长小学
            """, province: "浙江省", city: "杭州市", level: .basic,
        platform: "之江汇", connected: true, supports: "R-33-1", importOrder: 2)

    var findings: [(candidate: Candidate, findings: [Finding])] {
        let found = Eligibility.findings(for: [Self.region, Self.school], rules: Self.round.rules)
        return [Self.region, Self.school].map { ($0, found[$0.id] ?? []) }
    }

    @Test func candidatesAsCSVAndAsATableThatLinesUpChinese() throws {
        let views = findings.map { CandidateView($0.candidate, findings: $0.findings) }
        let message = try #require(views[0].findings.first?.message)
        #expect(views.map(\.eligible) == [false, true])
        #expect(
            CandidateView.csv(views) == """
                id,kind,name,province,city,county,level,eligible,reasons
                R-33-1,region,浙江省杭州市上城区,浙江省,杭州市,上城区,,no,platform_not_connected
                S-33-1,school,杭州市=天长小学,浙江省,杭州市,,基础教育,yes,

                """)
        #expect(
            CandidateView.table(views) == [
                "编号    类别  名称                省份    地市    学段      资格    原因",
                """
                R-33-1  区域  浙江省杭州市上城区  浙江省  杭州市            不符合\
                  platform_not_connected
                """,
                "S-33-1  学校  杭州市=天长小学     浙江省  杭州市  基础教育  符合    ",
                "2 candidates, 1 ineligible",
            ])
        #expect(
            nominationSummary([Self.region, Self.school], file: "n.csv", findings: findings) == [
                "imported 2 candidates from n.csv: 1 regions, 1 schools",
                "  浙江省  区域 1  学校 1",
                "eligibility: 1 ineligible, 0 with warnings (see `panel candidates --ineligible`)",
                "  R-33-1 浙江省杭州市上城区: ineligible platform_not_connected — \(message)",
            ])
    }

    @Test func sheetsExportInTheRubricsOrderAndAsExactDecimals() throws {
        let key = SheetKey(expert: "E01", candidate: "R-33-1", stage: .material)
        let sheet = ScoreSheet(
            key: key, status: .draft, rubricSHA256: "abc",
            scores: ["B1": Points(hundredths: 725), "A2": Points(hundredths: 400), "A1": Points(hundredths: 450)])
        // The evidence column: each item's citations as JSON, as the import reads them back.
        let cited = EvidenceRecord(
            key: key, item: "A2",
            citation: Citation(
                file: """
                    推荐表.pdf
                    """, sha256: "ab12", page: 3, quote: "开通率"))
        #expect(
            SheetView.csv([sheet], round: Self.round, kinds: ["R-33-1": .region], evidence: [cited]) == """
                expert_id,candidate_id,stage,item_id,score,evidence
                E01,R-33-1,material,A1,4.5,
                E01,R-33-1,material,A2,4,"[{""file"":""推荐表.pdf"",""page"":3,""quote"":""开通率"",""sha256"":""ab12""}]"
                E01,R-33-1,material,B1,7.25,

                """)
        let view = SheetView(sheet, evidence: [cited])
        #expect(view.total == Decimal(string: "15.75") && view.scores["B1"] == Decimal(string: "7.25"))
        #expect(view.evidence == ["A2": [cited.citation]])
    }

    @Test func theWinnerListInCSVIsNeutralizedAndInJSONCarriesItsStanding() throws {
        func entry(_ candidate: Candidate, _ rank: Int) -> RankEntry {
            RankEntry(
                candidate: candidate, rank: rank, status: .winner, material: nil, defense: nil, final: nil,
                tieBreaks: [], experts: 7, reasons: [])
        }
        let rankings = [
            Ranking(kind: .region, quota: 40, finalized: false, entries: [entry(Self.region, 1)]),
            Ranking(kind: .school, quota: 200, finalized: false, entries: [entry(Self.school, 1)]),
        ]
        let draft = WinnerList(rankings: rankings, roundName: "2020年度", snapshotSHA256: nil)
        #expect(
            draft.csv == """
                2020年度 优秀区域名单（草稿）
                序号,省份,名称
                1,浙江省,浙江省杭州市上城区

                2020年度 优秀学校名单（草稿）
                序号,省份,名称,学段
                1,浙江省,杭州市=天长小学,基础教育

                草稿 (draft): 未定稿，名单可能变化

                """)
        let hostile = WinnerList(
            rankings: [
                Ranking(
                    kind: .region, quota: 40, finalized: true,
                    entries: [
                        entry(
                            Candidate(
                                id: "R", kind: .region, name: "=HYPERLINK(1)", province: "北京市", city: "x",
                                platform: "p", connected: true, importOrder: 1), 1)
                    ])
            ], roundName: "r", snapshotSHA256: "f00")
        #expect(hostile.csv.contains("\n1,北京市,'=HYPERLINK(1)\n"))
        let json = try hostile.json()
        #expect(json.hasSuffix("}\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["draft"] as? Bool == false && object["snapshot_sha256"] as? String == "f00")
        let table = try #require((object["tables"] as? [[String: Any]])?.first)
        #expect(
            table["kind"] as? String == "region"
                && (table["rows"] as? [[String]]) == [
                    [
                        "1", "北京市",
                        """
                        =HYPERLINK(1)
                        """,
                    ]
                ])
    }

    @Test func assignmentsAsEachExpertsLoadAndAsOnesOwnList() {
        let experts = [
            ExpertEntry(
                id: "E01", name: "王专家", province: "北京市", org: "", role: .expert, pin: nil, levels: [.basic],
                reviews: [.school]),
            ExpertEntry(id: "E02", name: "李专家", province: "上海市", org: "", role: .expert, pin: nil),
            ExpertEntry(id: "C01", name: "组长", province: "北京市", org: "", role: .chair, pin: nil),
        ]
        let assignments = [
            Assignment(expert: "E01", candidate: "R-33-1"), Assignment(expert: "E01", candidate: "S-33-1"),
            Assignment(expert: "E02", candidate: "R-33-1"),
        ]
        // E01 reviews schools of 基础教育 only: the region is not theirs. 上海 borders 浙江.
        #expect(
            AssignmentViews.load(experts: experts, assignments: assignments, candidates: [Self.region, Self.school])
                == [
                    "编号  姓名    省份    学段      评审类别  分配  邻省",
                    "E01   王专家  北京市  基础教育  学校      2     0",
                    "E02   李专家  上海市  全部      全部      1     1",
                    "expertise: 2 of 3 assignments (66%) by experts whose 学段 and 评审类别 cover the candidate",
                    "neighbouring provinces: at most 1 of one expert's candidates (E02) come from a province next to "
                        + "the expert's",
                ])
        let submitted = ScoreSheet(
            key: SheetKey(expert: "E01", candidate: "R-33-1", stage: .material), status: .submitted,
            rubricSHA256: "", scores: ["A1": Points(hundredths: 450), "A2": Points(hundredths: 300)])
        let other = ScoreSheet(
            key: SheetKey(expert: "E02", candidate: "S-33-1", stage: .material), status: .draft, rubricSHA256: "",
            scores: ["A1": Points(hundredths: 100)])
        #expect(
            AssignmentViews.own(
                experts[0], assignments: assignments, candidates: [Self.region, Self.school],
                sheets: [submitted, other])
                == [
                    "王专家 (E01): 2 candidates",
                    "编号    类别  名称                省份    材料        答辩",
                    "R-33-1  区域  浙江省杭州市上城区  浙江省  已提交 7.5  未开始",
                    "S-33-1  学校  杭州市=天长小学     浙江省  未开始      未开始",
                ])
    }
}

@Suite struct JSONTextTests {
    /// Empty arrays print as `[]`, everything else as JSONEncoder wrote it, byte for byte.
    @Test func emptyArraysAreWrittenShortAndNothingElseChanges() throws {
        struct Value: Encodable {
            var empty: [String] = []
            var nested: [[Int]] = [[], [1, 2]]
            var text = "a [ ] \\n b"
        }
        let text = try jsonText(Value())
        #expect(
            text == """
                {
                  "empty" : [],
                  "nested" : [
                    [],
                    [
                      1,
                      2
                    ]
                  ],
                  "text" : "a [ ] \\\\n b"
                }
                """)
    }
}
