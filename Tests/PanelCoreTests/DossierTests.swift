import Foundation
import PanelCore
import Testing

/// The pure parts of the dossiers: which folder is whose, names as they may be shown, the type
/// of a file, the words around a search hit.
@Suite struct DossierTests {
    static func candidate(_ id: String, _ name: String) -> Candidate {
        Candidate(
            id: id, kind: .region, name: name, province: "浙江省", city: "杭州市", platform: "p", connected: true,
            importOrder: 1)
    }

    @Test func foldersAreMatchedByIdOrExactNameAndAnyOtherRefusesAll() throws {
        let candidates = [
            Self.candidate(
                "R-33-1",
                """
                浙江省杭州市上城区
                """), Self.candidate("R-33-2", "重名区"), Self.candidate("R-33-3", "重名区"),
            Self.candidate("R-33-4", "浙江省宁波市海曙区"),
        ]
        #expect(
            try DossierFolders.match(["R-33-1", "浙江省宁波市海曙区"], candidates: candidates).get()
                == ["R-33-1": "R-33-1", "浙江省宁波市海曙区": "R-33-4"])
        // A name two candidates share names neither: the folder must use the 编号.
        guard
            case .failure(let refused) = DossierFolders.match(
                ["R-33-1", "重名区", "上城区", "evil\u{1B}[2J"], candidates: candidates)
        else {
            Issue.record("matched")
            return
        }
        #expect(refused.folders == ["evil\u{1B}[2J", "上城区", "重名区"])
        #expect(refused.withoutDossier == ["R-33-2", "R-33-3", "R-33-4"])
        #expect(refused.description.contains("  evil\\u{1b}[2J\n") && !refused.description.contains("\u{1B}"))
    }

    @Test func namesAreShownEscapedAndWrittenSafely() {
        #expect(DisplayName.escaped("a\u{1B}[31m\nb\u{202E}c") == "a\\u{1b}[31m\\u{a}b\\u{202e}c")
        #expect(DisplayName.escaped("推荐表.pdf") == "推荐表.pdf")
        #expect(DisplayName.escaped(String(repeating: "长", count: 200)).count == 120)
        #expect(DisplayName.safeFileName("../../etc/passwd") == "_.._etc_passwd")
        #expect(DisplayName.safeFileName("a\u{1B}b/c") == "a_b_c")
        #expect(DisplayName.safeFileName(String(repeating: "长", count: 100) + ".pdf").utf8.count <= 200)
        #expect(DisplayName.safeFileName(String(repeating: "长", count: 100) + ".pdf").hasSuffix(".pdf"))
        #expect(DisplayName.safeFileName("...") == "file")
    }

    @Test func aFilesTypeComesFromItsBytesThenItsName() {
        #expect(DossierFileType.of(name: "推荐表", head: Data("%PDF-1.7".utf8)) == .pdf)
        #expect(DossierFileType.of(name: "a.DOCX", head: Data([0x50, 0x4B, 3, 4])) == .docx)
        #expect(DossierFileType.of(name: "a.doc", head: Data()) == .doc)
        #expect(DossierFileType.of(name: "a.md", head: Data()) == .text)
        #expect(DossierFileType.of(name: "lesson.mp4", head: Data([0, 0, 0, 0x18])) == .other)
    }
    @Test func theWordsAroundTheFirstOccurrenceOnOneLine() {
        #expect(
            DossierHit.snippet(
                of: "开通数",
                in: """
                    空间开通情况统计\n机构空间开通数：四十六个
                    """, radius: 7) == "…统计 机构空间开通数：四十六个")
        #expect(DossierHit.snippet(of: "短", in: "短文", radius: 4) == "短文")
        #expect(DossierHit.snippet(of: "无", in: "甲  乙\n丙", radius: 4) == "甲 乙 丙")
    }
}

/// The summary table's other figures: kept as facts, the round's rates over them computed exactly
/// and flagged when they cannot be right.
@Suite struct FactsTests {
    @Test func extraColumnsOfTheSummaryTableAreKeptAsFactsNotWarnedAbout() throws {
        let csv = try CSVText.parse(
            Data(
                """
                编号,类别,名称,省份,地市,平台名称,接入国家平台,教师数,教师空间开通数,备注
                R-33-1,区域,浙江省杭州市上城区,浙江,杭州市,之江汇,是,"3,200",3100,
                """.utf8), file: "n.csv"
        ).get()
        let parsed = try NominationParser.parse(csv, file: "n.csv").get()
        #expect(parsed.warnings.isEmpty)
        #expect(
            parsed.facts["R-33-1"] == [
                Fact(name: "教师数", value: "3,200"),
                Fact(
                    name: """
                        教师空间开通数
                        """, value: "3100"),
            ])
    }

    @Test func ratesAreExactAndFlaggedAboveAHundredOrWhenUndefined() {
        let rate = FactRate(name: "教师空间开通率", numerator: "教师空间开通数", denominator: "教师数")
        func value(_ top: String, _ bottom: String) -> RateValue {
            rate.value([Fact(name: "教师空间开通数", value: top), Fact(name: "教师数", value: bottom)])
        }
        #expect(value("3100", "3,200") == .percent(Points(hundredths: 9688), overHundred: false))  // 96.875 → 96.88
        #expect(value("2", "3") == .percent(Points(hundredths: 6667), overHundred: false))
        #expect(
            value("１２１", "120").flagged
                && value("１２１", "120").text == """
                    100.83%（超过 100%，数据有误？）
                    """
        )
        #expect(value("120", "120") == .percent(Points(hundredths: 10_000), overHundred: false))
        #expect(value("5", "0") == .undefined("教师数 为 0"))
        #expect(value("五", "10") == .undefined("教师空间开通数 缺失或不是数"))
        #expect(rate.value([]).flagged)
    }

    @Test func ratesAreDeclaredInTheRulesOnceEach() throws {
        let shipped = try ShippedFiles.round()
        #expect(shipped.rules.rates.map(\.name) == ["教师空间开通率", "学生空间开通率"])
        let rules = try ShippedFiles.text("rules.toml")
        let twice =
            rules + """
                \n[[facts.rate]]\nname = \"教师空间开通率\"\nnumerator = \"a\"\ndenominator = \"b\"\n
                """
        guard case .failure(let problems) = RulesParser.parse(twice, file: "rules.toml") else {
            Issue.record("accepted a rate declared twice")
            return
        }
        #expect(problems.all.map(\.message).contains("rate '教师空间开通率' is declared twice"))
    }

    @Test func theFirstPageNamesTheNominationItsSchoolsAndItsRates() {
        let region = DossierTests.candidate("R-33-1", "浙江省杭州市上城区")
        var school = DossierTests.candidate("S-33-1", "杭州市天长小学")
        school.kind = .school
        school.supports = "R-33-1"
        let lines = DossierSummary.lines(
            candidate: region, related: [school], facts: [Fact(name: "教师数", value: "0")],
            rates: [
                FactRate(
                    name: """
                        教师空间开通率
                        """, numerator: "教师空间开通数", denominator: "教师数")
            ])
        #expect(
            lines.map(\.text) == [
                """
                浙江省杭州市上城区（区域，浙江省 杭州市）
                """, "人人通平台：p，已接入国家体系", "支撑学校：S-33-1 杭州市天长小学",
                "汇总表数据：教师数 0",
                """
                教师空间开通率：无法计算（教师空间开通数 缺失或不是数）
                """,
            ])
        #expect(lines.map(\.flagged) == [false, false, false, false, true])
        #expect(DossierSummary.lines(candidate: region, related: [], facts: [], rates: [])[2].flagged)
    }
}

@Suite struct ItemKeywordTests {
    @Test func anItemMayCarryKeywordsAndOnlyWords() throws {
        let shipped = try ShippedFiles.round()
        #expect(shipped.region.items.first { $0.id == "B1" }?.keywords == ["开通率", "开通数", "机构空间"])
        #expect(shipped.region.items.first { $0.id == "B3" }?.keywords == [])
        let text = try ShippedFiles.text("region.toml").replacingOccurrences(
            of: "keywords = [\"开通率\", \"开通数\", \"机构空间\"]", with: "keywords = [\"开通率\", 3]")
        guard case .failure(let problems) = RubricParser.parse(text, file: "region.toml") else {
            Issue.record("accepted a number as a keyword")
            return
        }
        #expect(problems.all.map(\.message) == ["keywords in item B1 must be words in quotes, such as [\"开通率\"]"])
    }
}
