import Foundation
import PanelCore
import Testing

/// Issue 8, 3: broken and hostile files. Each one is refused with a message naming the file (and
/// the line where there is one), or imported correctly; never a crash, a hang or half a file.
@Suite struct HostileInputTests {
    static let header = "编号,类别,名称,省份,地市,学段,平台名称,接入国家平台,支撑区域"
    static let region = "R1,区域,杭州市上城区,浙江,杭州市,,之江汇,是,"
    static let school = "S1,学校,上城区实验小学,浙江,杭州市,基础教育,之江汇,是,R1"

    func nominations(_ bytes: [UInt8]) -> Result<NominationParser.Import, Problems> {
        switch CSVText.parse(Data(bytes), file: "n.csv") {
        case .success(let csv): return NominationParser.parse(csv, file: "n.csv")
        case .failure(let problem): return .failure(Problems([problem]))
        }
    }

    func utf8(_ lines: [String]) -> [UInt8] { Array(lines.joined(separator: "\n").utf8) }

    /// The problems, each required to name n.csv (and a line when `line` is given).
    func refusal(
        _ result: Result<NominationParser.Import, Problems>, line: Int? = nil, containing text: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard case .failure(let problems) = result else {
            Issue.record("accepted", sourceLocation: sourceLocation); return
        }
        let first = problems.all[0]
        #expect(first.file == "n.csv", sourceLocation: sourceLocation)
        if let line { #expect(first.line == line, "\(problems)", sourceLocation: sourceLocation) }
        #expect(problems.description.contains(text), "\(problems)", sourceLocation: sourceLocation)
        #expect(
            problems.description.count < 20_000, "a message of \(problems.description.count) characters",
            sourceLocation: sourceLocation)
        #expect(
            !problems.description.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" },
            sourceLocation: sourceLocation)
    }

    @Test func aTruncatedFileNamesItsLastLine() {
        let whole = utf8([Self.header, Self.region, Self.school])
        // Cut inside the last row: its columns are missing.
        refusal(nominations(Array(whole.prefix(whole.count - 20))), line: 3, containing: "is empty")
        // Cut inside a Chinese character.
        let cut = Array(utf8([Self.header, Self.region, "S1,学校,上城区"]).dropLast(1))
        refusal(nominations(cut), line: 3, containing: "cut off")
        // Cut inside a quoted field.
        refusal(nominations(utf8([Self.header, Self.region, "S1,学校,\"上城区实验"])), line: 3, containing: "never closed")
    }

    @Test func nulBytesAndUTF16AreRefusedWithTheirLine() {
        refusal(nominations(utf8([Self.header, Self.region]) + [0x0A, 0x53, 0x00, 0x31]), line: 3, containing: "NUL")
        let utf16: [UInt8] = [0xFF, 0xFE] + Array(Self.header.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        refusal(nominations(utf16), containing: "UTF-16")
    }

    @Test func mixedEncodingsAndAByteOrderMarkInsideAreRefused() {
        let gbk = Array("S1,学校,上城区实验小学,浙江,杭州市,基础教育,之江汇,是,R1".data(using: String.Encoding(rawValue: 0x8000_0632))!)
        refusal(
            nominations(utf8([Self.header, Self.region]) + [0x0A] + gbk), line: 3, containing: "mixes two encodings")
        refusal(
            nominations(
                utf8([Self.header, Self.region]) + [0x0A, 0xEF, 0xBB, 0xBF] + utf8([Self.header, Self.school])),
            line: 3, containing: "byte order mark")
    }

    @Test func aTenMegabyteLineAndAHundredThousandColumnsEndInAShortMessage() {
        let long = String(repeating: "长", count: 3_500_000)  // 10.5 MB of UTF-8
        refusal(
            nominations(utf8([Self.header, "R1,区域,\(long),浙江,杭州市,,之江汇,是,\(long)"])), line: 2,
            containing: "支撑区域 is for schools")
        let wide = Self.header + String(repeating: ",x", count: 100_000)
        guard case .success(let parsed) = nominations(utf8([wide, Self.region, Self.school])) else {
            Issue.record("refused"); return
        }
        #expect(parsed.candidates.count == 2)
        #expect(parsed.warnings.map(\.message) == ["99936 more columns beyond the 64 panel keeps are ignored"])
    }

    @Test func controlCharactersInAnIDAreRefusedAndShownEscaped() {
        refusal(
            nominations(
                utf8([
                    Self.header,
                    """
                    R\u{7}1,区域,某区,浙江,杭州市,,平台,是,
                    """,
                ])), line: 2, containing: "control or formatting character")
        refusal(
            nominations(
                utf8([
                    Self.header,
                    """
                    R1,区域,某区,浙江,杭州市,,平台,\u{1B}[31m是,
                    """,
                ])), line: 2, containing: "\\u{1b}[31m是")
    }

    @Test func aFormulaAsANameIsKeptAsText() throws {
        let parsed = try nominations(utf8([Self.header, "R1,区域,=cmd|' /C calc'!A0,浙江,杭州市,,平台,是,", Self.school])).get()
        #expect(parsed.candidates[0].name == "=cmd|' /C calc'!A0")
    }

    @Test func numbersExcelUsersTypeAreReadAndOthersRefused() throws {
        let header = "编号,类别,名称,省份,地市,学段,平台名称,接入国家平台,支撑区域,推荐排序,往年获评"
        let parsed = try nominations(utf8([header, "R1,区域,某区,浙江,杭州市,,平台,是,,１,２０１５"])).get()
        #expect(parsed.candidates[0].provinceRank == 1 && parsed.candidates[0].priorAward == 2015)
        for rank in ["1e309", "NaN", "٣", "-0", "1.5"] {
            refusal(
                nominations(
                    utf8([
                        header,
                        """
                        R1,区域,某区,浙江,杭州市,,平台,是,,\(rank),
                        """,
                    ])), line: 2, containing: "推荐排序 '\(rank)'")
        }
    }

    @Test func aFileTypedWithChineseCommasIsRead() throws {
        let parsed = try nominations(
            utf8([
                Self.header.replacingOccurrences(of: ",", with: "，"),
                Self.region.replacingOccurrences(of: ",", with: "，"),
                "S1，学校，\"实验小学，东校区\"，浙江，杭州市，基础教育，之江汇，是，R1",
            ])
        ).get()
        #expect(parsed.candidates.map(\.id) == ["R1", "S1"])
        #expect(parsed.candidates[1].name == "实验小学，东校区")
    }

    // MARK: experts and scores

    @Test func expertsFilesBreakTheSameWays() {
        func experts(_ bytes: [UInt8]) -> Result<ExpertParser.Import, Problems> {
            switch CSVText.parse(Data(bytes), file: "e.csv") {
            case .success(let csv): return ExpertParser.parse(csv, file: "e.csv")
            case .failure(let problem): return .failure(Problems([problem]))
            }
        }
        let header = "编号,姓名,省份,单位,角色,PIN"
        for (bytes, line, text) in [
            (utf8([header, "E1,王芳,北京,,专家,1234"]) + [0x0A, 0x00], 3, "NUL"),
            (utf8([header, "E\u{0}1,王芳,北京,,专家,1234"]), 2, "NUL"),
            (utf8([header, "E1,\"王芳,北京,,专家,1234"]), 2, "never closed"),
            (utf8([header, "E1,王芳,北京,,专家,1e309"]), 2, "PIN"),
        ] as [([UInt8], Int, String)] {
            guard case .failure(let problems) = experts(bytes) else { Issue.record("accepted \(text)"); continue }
            #expect(problems.all[0].file == "e.csv" && problems.all[0].line == line, "\(problems)")
            #expect(problems.description.contains(text), "\(problems)")
        }
    }

    @Test func scoresAcceptFullWidthDigitsAndRefuseOtherNumbers() throws {
        let round = try ShippedFiles.round()
        let candidates = [
            Candidate(
                id: "R1", kind: .region, name: "某区",
                province: """
                    浙江省
                    """, city: "杭州市", platform: "p", connected: true,
                importOrder: 1)
        ]
        let context = ScoreImportContext(
            experts: [ExpertEntry(id: "E1", name: "王", province: "北京市", org: "", role: .expert, pin: nil)],
            candidates: candidates, round: round, assignments: [Assignment(expert: "E1", candidate: "R1")])
        func parse(_ value: String) -> Result<ScoreImportParser.Import, Problems> {
            let source = try! CSVSource.decode(
                Data(
                    """
                    专家编号,候选编号,阶段,指标,分数\nE1,R1,材料,A1,\(value)\n
                    """.utf8), file: "s.csv"
            )
            .get()
            return ScoreImportParser.parse(source, file: "s.csv", context: context)
        }
        #expect(try parse("４．５").get().sheets[0].scores == ["A1": Points(hundredths: 450)])
        #expect(try parse("-0").get().sheets[0].scores == ["A1": Points(0)])
        for value in ["1e309", "NaN", "inf", "٣", "4,5", "0x4", "4.555", "--1"] {
            guard case .failure(let problems) = parse(value) else { Issue.record("accepted \(value)"); continue }
            #expect(problems.all[0].line == 2, "\(value): \(problems)")
        }
    }

    // MARK: the round's TOML files

    @Test func brokenTOMLFilesAreRefusedWithTheFileNamed() throws {
        let shipped = try ["region", "school", "defense", "rules"].map { ($0, try ShippedFiles.text("\($0).toml")) }
        func load(_ name: String, _ text: String) -> Result<RoundDefinition, Problems> {
            RoundDefinition.load(shipped.map { SourceFile(path: "\($0.0).toml", text: $0.0 == name ? text : $0.1) })
        }
        let rules = shipped[3].1, region = shipped[0].1
        let cases: [(String, String)] = [
            // Cut short in the middle of a table's header (half the file now ends between whole tables).
            ("rules", String(rules[..<rules.range(of: "[conflicts]")!.lowerBound]) + "[confl"),
            ("rules", rules.replacingOccurrences(of: "\n", with: "\n\u{0}", options: [], range: rules.range(of: "\n"))),
            ("region", region + "\n# " + String(repeating: "长", count: 3_500_000) + "\n[[group]\n"),
            ("rules", rules.replacingOccurrences(of: "trim = 1", with: "trim = 1e309")),
            ("rules", rules.replacingOccurrences(of: "trim = 1", with: "trim = nan")),
            ("rules", rules.replacingOccurrences(of: "trim = 1", with: "trim = ９")),
            ("region", region.replacingOccurrences(of: "[[group]]", with: "[[group]]\nid = \"\u{1B}[2J\"")),
        ]
        for (name, text) in cases {
            guard case .failure(let problems) = load(name, text) else {
                Issue.record("accepted a broken \(name).toml"); continue
            }
            #expect(problems.all.allSatisfy { $0.file == "\(name).toml" }, "\(problems)")
            #expect(problems.description.count < 20_000 && !problems.description.contains("\u{1B}"))
        }
    }
}
