import PanelCore
import Testing

@Suite struct RoundFilesTests {
    func shipped() throws -> [SourceFile] {
        try ["region.toml", "school.toml", "defense.toml", "rules.toml"].map {
            SourceFile(path: $0, text: try ShippedFiles.text($0))
        }
    }

    @Test func summarizesEachShippedFile() throws {
        let results = RoundFiles.check(try shipped())
        let summaries = try results.map { try $0.result.get().summary }
        #expect(summaries[0] == "region sheet, 附件3 网络学习空间应用优秀区域评价指标: 4 groups, 16 items, total 100")
        #expect(summaries[1] == "school sheet, 附件4 网络学习空间应用优秀学校评价指标: 4 groups, 15 items, total 100")
        #expect(summaries[2] == "defense sheet, 现场答辩评分表: 2 groups, 4 items, total 100")
        #expect(
            summaries[3].hasPrefix(
                """
                rules, national round 2020年度网络学习空间应用普及活动 部级评选: quota 40 regions\
                 and 200 schools
                """))
    }

    @Test func rulesAreCheckedAgainstTheGroupsOfBothMaterialSheets() throws {
        var files = try shipped()
        // The school sheet loses group D: a tie-break on group D no longer fits both kinds.
        files[3].text = files[3].text.replacingOccurrences(of: "\"group:C\"]", with: "\"group:D\"]")
        files[1].text = files[1].text.replacingOccurrences(of: "id = \"D\"", with: "id = \"E\"")
        let results = RoundFiles.check([files[3]], context: [files[0], files[1]])
        #expect(results.count == 1)
        guard case .failure(let problems) = results[0].result else { Issue.record("rules passed"); return }
        #expect(
            problems.all.map(\.message) == [
                "tie_break entry 'group:D' names no group of the material sheets (groups: A, B, C)"
            ])
    }

    @Test func aFileThatIsNeitherSheetNorRulesIsSaidToBe() {
        let results = RoundFiles.check([SourceFile(path: "x.toml", text: "a = 1\n")])
        guard case .failure(let problems) = results[0].result else { Issue.record("passed"); return }
        #expect(
            problems.description
                == """
                x.toml: neither an indicator sheet nor round rules — a sheet starts with [sheet], the rules with\
                 [round]
                """
        )
    }

    @Test func problemsComeInLineOrder() throws {
        var files = try shipped()
        files[0].text = files[0].text.replacingOccurrences(of: "total = 100", with: "total = 90")
            .replacingOccurrences(of: "name = \"实施方案与组织领导\"\npoints = 5", with: "name = \"实施方案与组织领导\"\npionts = 5")
        guard case .failure(let problems) = RoundFiles.check([files[0]])[0].result else {
            Issue.record("passed"); return
        }
        let lines = problems.all.compactMap(\.line)
        #expect(lines.count == problems.all.count && lines.count >= 3)
        #expect(lines == lines.sorted())
    }
}
