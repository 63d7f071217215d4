import Foundation
import PanelCore
import Testing

@Suite struct CSVTextTests {
    @Test func splitsQuotedFieldsAndKeepsTheLineEachRecordStartsOn() throws {
        let text = "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\n\nlast,,\n"
        let csv = try CSVText.parse(Data(text.utf8), file: "t.csv").get()
        #expect(csv.records.map(\.line) == [1, 2, 5])
        #expect(csv.records[1].fields == ["x, y", "say \"hi\"", "two\nlines"])
        #expect(csv.records[2].fields == ["last", "", ""])
    }

    @Test func anUnterminatedQuoteNamesTheLineItOpensOn() throws {
        let text = "a,b\n1,2\n3,\"open\n4,5\n"
        guard case .failure(let problem) = CSVText.parse(Data(text.utf8), file: "t.csv") else {
            Issue.record("parsed"); return
        }
        #expect(
            problem.description == """
                t.csv:3: a quote (\") opened on this line is never closed — close it or remove it
                """)
    }

    @Test func readsGB18030AndUTF8WithOrWithoutBOMAlike() throws {
        let text = "编号,名称\nR-1,浙江省杭州市上城区\n"
        let gb = try #require(text.data(using: String.Encoding(rawValue: 0x8000_0632)))
        #expect(String(data: gb, encoding: .utf8) == nil)
        let fromGB = try CSVText.parse(gb, file: "gb.csv").get()
        let fromUTF8 = try CSVText.parse(Data(text.utf8), file: "u.csv").get()
        let fromBOM = try CSVText.parse(Data([0xEF, 0xBB, 0xBF] + Array(text.utf8)), file: "b.csv").get()
        #expect(fromGB.encoding == .gb18030 && fromUTF8.encoding == .utf8 && fromBOM.encoding == .utf8)
        #expect(fromGB.records.map(\.fields) == fromUTF8.records.map(\.fields))
        #expect(fromBOM.records.map(\.fields) == fromUTF8.records.map(\.fields))
        #expect(fromGB.records[1].fields[1] == "浙江省杭州市上城区")
    }
}

@Suite struct NominationParserTests {
    static let header = "编号,类别,名称,省份,地市,区县,学段,平台名称,接入国家平台,往年获评,支撑区域,推荐排序"
    static let region = "R-33-01,区域,浙江省杭州市上城区,浙江,杭州市,上城区,,之江汇,是,,,1"
    static let school = "S-33-01,学校,杭州市上城区实验小学,浙江省,杭州市,上城区,基础教育,之江汇,是,,R-33-01,1"

    func parse(_ rows: [String], existing: [Candidate] = []) -> Result<NominationParser.Import, Problems> {
        let text = ([Self.header] + rows).joined(separator: "\n") + "\n"
        switch CSVText.parse(Data(text.utf8), file: "n.csv") {
        case .failure(let problem): return .failure(Problems([problem]))
        case .success(let csv): return NominationParser.parse(csv, file: "n.csv", existing: existing)
        }
    }

    func problems(_ rows: [String], existing: [Candidate] = [], sourceLocation: SourceLocation = #_sourceLocation)
        -> [String]
    {
        switch parse(rows, existing: existing) {
        case .success: Issue.record("the file imported", sourceLocation: sourceLocation); return []
        case .failure(let problems): return problems.all.map(\.description)
        }
    }

    @Test func readsARegionAndItsSupportingSchool() throws {
        let imported = try parse([Self.region, Self.school]).get()
        #expect(imported.candidates.count == 2)
        let school = imported.candidates[1]
        #expect(school.kind == .school && school.province == "浙江省" && school.level == .basic)
        #expect(school.supports == "R-33-01" && school.provinceRank == 1 && school.connected)
        #expect(imported.candidates[0].province == "浙江省" && imported.candidates[0].level == nil)
    }

    @Test func englishHeadersInAnyOrderReadTheSame() throws {
        let text =
            """
            name,id,kind,province,city,platform,connected,level,extra\n杭州市上城区实验小学,S-1,school,Zh\
            ejiang?,杭州市,p,yes,基础教育,x\n
            """
        let csv = try CSVText.parse(Data(text.utf8), file: "e.csv").get()
        guard case .failure(let problems) = NominationParser.parse(csv, file: "e.csv") else {
            Issue.record("imported"); return
        }
        #expect(
            problems.all.map(\.description) == [
                """
                e.csv:2: 省份 'Zhejiang?' is not a province-level unit — write it as 浙江 or 浙江省 (or\
                 新疆生产建设兵团)
                """
            ])
        let fixed = try CSVText.parse(
            Data(
                text.replacingOccurrences(
                    of: """
                        Zhejiang?
                        """, with: "浙江"
                ).utf8), file: "e.csv"
        )
        .get()
        let imported = try NominationParser.parse(fixed, file: "e.csv").get()
        #expect(imported.candidates.first?.id == "S-1" && imported.candidates.first?.name == "杭州市上城区实验小学")
        // A column panel does not read is kept as the candidate's fact (shown with its dossier).
        #expect(imported.warnings.isEmpty && imported.facts["S-1"] == [Fact(name: "extra", value: "x")])
    }

    @Test(arguments: [
        (NominationParserTests.school.replacingOccurrences(of: "杭州市上城区实验小学", with: ""), "n.csv:3: 名称 (name) is empty"),
        (
            NominationParserTests.school.replacingOccurrences(of: "浙江省", with: "浙东省"),
            """
            n.csv:3: 省份 '浙东省' is not a province-level unit — write it as 浙江 or 浙江省 (or\
             新疆生产建设兵团)
            """
        ),
        (
            NominationParserTests.school.replacingOccurrences(of: ",学校,", with: ",大学,"),
            "n.csv:3: 类别 '大学' is neither 区域 (region) nor 学校 (school)"
        ),
        (
            NominationParserTests.school.replacingOccurrences(of: "S-33-01", with: "R-33-01"),
            "n.csv:3: 编号 'R-33-01' is used twice (first on line 2) — every candidate needs its own id"
        ),
        (
            NominationParserTests.school.replacingOccurrences(of: ",R-33-01,", with: ",R-99-09,"),
            """
            n.csv:3: 支撑区域 'R-99-09' names no candidate — give the 编号 of a region in this file or\
             already imported
            """
        ),
        (
            NominationParserTests.school.replacingOccurrences(of: ",是,", with: ",也许,"),
            "n.csv:3: 接入国家平台 '也许' is not 是 or 否 (yes/no, true/false, 1/0)"
        ),
        (
            NominationParserTests.school.replacingOccurrences(of: "基础教育", with: "幼儿教育"),
            "n.csv:3: 学段 '幼儿教育' is not 基础教育, 职业教育, 高等教育 or 继续教育"
        ),
        (
            NominationParserTests.school.replacingOccurrences(of: "是,,R", with: "是,去年,R"),
            "n.csv:3: 往年获评 '去年' is not a year such as 2019 — leave it empty if never awarded"
        ),
    ])
    func eachBadRowIsNamedWithItsLine(row: String, message: String) {
        #expect(problems([Self.region, row]) == [message])
    }

    @Test func aSchoolSupportsARegionOfItsOwnProvinceOnly() {
        let other = "R-32-01,区域,江苏省南京市鼓楼区,江苏,南京市,鼓楼区,,p,是,,,1"
        #expect(
            problems([other, Self.school.replacingOccurrences(of: ",R-33-01,", with: ",R-32-01,")]) == [
                """
                n.csv:3: 支撑区域 'R-32-01' is in 江苏省, but this school is in 浙江省 — a school\
                 supports a region of its own province
                """
            ])
    }

    @Test func everyProblemOfTheFileIsListedNotJustTheFirst() {
        let found = problems(["\"unterminated", Self.school])
        // The quote swallows the rest of the file, so that is the one problem.
        #expect(found == ["n.csv:2: a quote (\") opened on this line is never closed — close it or remove it"])
        let many = problems([
            Self.region.replacingOccurrences(of: "区域", with: "?"),
            Self.school.replacingOccurrences(of: "浙江省", with: ""),
        ])
        #expect(many == ["n.csv:2: 类别 '?' is neither 区域 (region) nor 学校 (school)", "n.csv:3: 省份 (province) is empty"])
    }

    @Test func anIDAlreadyInTheDatabaseIsRefused() throws {
        let existing = try parse([Self.region]).get().candidates
        #expect(
            problems([Self.school.replacingOccurrences(of: "S-33-01", with: "R-33-01")], existing: existing) == [
                "n.csv:2: 编号 'R-33-01' is already in the database — it was imported before"
            ])
        // …while a school may support a region imported earlier.
        let later = try parse([Self.school], existing: existing).get()
        #expect(later.candidates.first?.importOrder == 1)
    }

    @Test func aMissingColumnIsNamedOnTheHeaderLine() throws {
        let csv = try CSVText.parse(Data("编号,名称\nR,x\n".utf8), file: "m.csv").get()
        guard case .failure(let problems) = NominationParser.parse(csv, file: "m.csv") else {
            Issue.record("imported"); return
        }
        #expect(
            problems.description
                == """
                m.csv:1: missing columns 类别 (kind), 省份 (province), 地市 (city), 平台名称 (platform),\
                 接入国家平台 (connected) — add them to the first line
                """
        )
    }
}
