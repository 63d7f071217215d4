import PanelCore
import Testing

@Suite struct RubricParserTests {
    let itemA1 = "id = \"A1\"\nname = \"实施方案与组织领导\"\npoints = 5"

    func problems(_ text: String, file: String = "region.toml", sourceLocation: SourceLocation = #_sourceLocation)
        throws -> [Problem]
    {
        switch RubricParser.parse(text, file: file) {
        case .success: Issue.record("expected problems, the sheet parsed", sourceLocation: sourceLocation); return []
        case .failure(let problems): return problems.all
        }
    }

    @Test func theShippedSheetsAreWholeAndAddUp() throws {
        for (name, kind, groups, items) in [
            ("region.toml", SheetKind.region, 4, 16), ("school.toml", .school, 4, 15), ("defense.toml", .defense, 2, 4),
        ] {
            let sheet = try RubricParser.parse(ShippedFiles.text(name), file: name).get()
            #expect(sheet.kind == kind)
            #expect(sheet.total == Points(100))
            #expect(sheet.groups.count == groups)
            #expect(sheet.items.count == items)
            #expect(sheet.items.map(\.points).sum() == Points(100))
            #expect(
                sheet.items.allSatisfy {
                    !$0.guide.isEmpty && $0.step == Points(hundredths: 50) && $0.levels.count == 4
                })
            #expect(sheet.grades.map(\.name) == ["优", "良", "中", "差"])
        }
        let region = try RubricParser.parse(ShippedFiles.text("region.toml"), file: "region.toml").get()
        #expect(region.groups.map(\.id) == ["A", "B", "C", "D"])
        #expect(region.groups.map(\.points) == [Points(20), Points(30), Points(40), Points(10)])
        let a1 = try #require(region.indicator("A1"))
        #expect(a1.name == "实施方案与组织领导")
        #expect(a1.levels.map(\.name) == ["优", "良", "中", "差"])
        #expect(a1.levels.first?.range == Points(hundredths: 450)...Points(5))
    }

    @Test func aSyntaxErrorNamesLineAndColumn() throws {
        let text = try ShippedFiles.broken("region.toml", replacing: "total = 100", with: "total = = 100")
        let problem = try #require(try problems(text).first)
        #expect(problem.message.hasPrefix("TOML syntax error"))
        #expect(problem.line == ShippedFiles.line(of: "total = = 100", in: text))
        #expect(problem.column != nil)
        #expect(problem.description.hasPrefix("region.toml:\(problem.line!):\(problem.column!): TOML syntax error"))
    }

    @Test func aMisspelledKeyIsNamedWithItsLikelyMeaning() throws {
        let text = try ShippedFiles.broken(
            "region.toml", replacing: itemA1, with: itemA1.replacingOccurrences(of: "points", with: "pionts"))
        let found = try problems(text)
        let unknown = try #require(found.first { $0.message.contains("unknown key 'pionts'") })
        #expect(unknown.message.contains("item A1"))
        #expect(unknown.message.contains("did you mean 'points'?"))
        #expect(unknown.line == ShippedFiles.line(of: "pionts", in: text))
        // …and the item now lacks its maximum, which is said too.
        #expect(found.contains { $0.message.hasPrefix("item A1 has no 'points'") })
    }

    @Test func aMissingRequiredFieldPointsAtItsTable() throws {
        let guide = "guide = \"制定并落实区域网络学习空间应用普及实施方案，将所辖学校分年度纳入推进计划，成立领导机构，明确管理职责与分工。\"\n"
        let text = try ShippedFiles.broken("region.toml", replacing: guide, with: "")
        let problem = try #require(try problems(text).first)
        #expect(problem.message.hasPrefix("item A1 has no 'guide' — add `guide = …`"))
        // The [[group.item]] header just above id = "A1".
        #expect(problem.line == ShippedFiles.line(of: "id = \"A1\"", in: text)! - 1)
    }

    @Test func aDuplicateIDIsRefused() throws {
        let text = try ShippedFiles.broken("school.toml", replacing: "id = \"C3\"", with: "id = \"C2\"")
        let found = try problems(text, file: "school.toml")
        #expect(found.count == 1)
        let problem = try #require(found.first)
        #expect(
            problem.message.hasPrefix(
                "duplicate item id 'C2' (first used in line \(ShippedFiles.line(of: "id = \"C2\"", in: text)!))"))
        let lines = text.components(separatedBy: "\n")
        #expect(problem.line == lines.lastIndex(of: "id = \"C2\"").map { $0 + 1 })
        let duplicateGroup = try ShippedFiles.broken("school.toml", replacing: "id = \"D\"", with: "id = \"C\"")
        #expect(
            try problems(duplicateGroup, file: "school.toml").contains {
                $0.message.hasPrefix("duplicate group id 'C'")
            })
    }

    @Test(arguments: ["0", "-2"])
    func pointsMustBeAboveZero(value: String) throws {
        let text = try ShippedFiles.broken(
            "region.toml", replacing: itemA1,
            with: itemA1.replacingOccurrences(of: "points = 5", with: "points = \(value)"))
        let found = try problems(text)
        let problem = try #require(found.first)
        #expect(problem.message == "'points' in item A1 must be more than 0, not \(value)")
        #expect(problem.line == ShippedFiles.line(of: "points = \(value)", in: text))
    }

    @Test func itemsMustAddUpToTheirGroup() throws {
        let text = try ShippedFiles.broken(
            "region.toml", replacing: itemA1, with: itemA1.replacingOccurrences(of: "points = 5", with: "points = 6"))
        let found = try problems(text)
        let problem = try #require(found.first { $0.message.contains("add up to") })
        #expect(
            problem.message.hasPrefix(
                "the items of group A add up to 21 (A1 6 + A2 5 + A3 5 + A4 5), not the group's 20"))
        #expect(problem.line == ShippedFiles.line(of: "points = 20", in: text))
        // A1's levels now end below its maximum, which is allowed; nothing else is wrong.
        #expect(found.count == 1)
    }

    @Test func groupsMustAddUpToTheTotal() throws {
        let text = try ShippedFiles.broken("region.toml", replacing: "total = 100", with: "total = 90")
        let problem = try #require(try problems(text).first)
        #expect(problem.message.hasPrefix("the groups add up to 100 (A 20 + B 30 + C 40 + D 10), not the total 90"))
        #expect(problem.line == ShippedFiles.line(of: "total = 90", in: text))
    }

    @Test func aStepMustDivideTheMaximum() throws {
        let text = try ShippedFiles.broken("region.toml", replacing: itemA1, with: itemA1 + "\nstep = 0.3")
        let found = try problems(text)
        let problem = try #require(found.first)
        #expect(problem.message.hasPrefix("the step 0.3 does not divide the maximum 5"))
        #expect(problem.line == ShippedFiles.line(of: "step = 0.3", in: text))
        let sheetStep = try ShippedFiles.broken("region.toml", replacing: "step = 0.5 ", with: "step = 3 ")
        // Every item whose maximum is not a multiple of 3 is named, and only those.
        let shipped = try RubricParser.parse(ShippedFiles.text("region.toml"), file: "region.toml").get()
        let offStep = shipped.items.filter { $0.points.hundredths % 300 != 0 }
        #expect(offStep.count == 14)
        #expect(
            try problems(sheetStep).filter { $0.message.contains("does not divide") }.map(\.subject)
                == offStep.map { "item \($0.id)" })
    }

    /// A1's levels: the first 5-point levels line of region.toml.
    let fivePointLevels = "levels = { \"优\" = [4.5, 5], \"良\" = [3.5, 4], \"中\" = [3, 3], \"差\" = [0, 2.5] }"

    func regionWithA1Levels(_ levels: String) throws -> String {
        let original = try ShippedFiles.text("region.toml")
        let first = try #require(original.range(of: fivePointLevels))
        return original.replacingCharacters(in: first, with: levels)
    }

    @Test func levelsMustLieInsideTheItemsRange() throws {
        let text = try regionWithA1Levels(fivePointLevels.replacingOccurrences(of: "[4.5, 5]", with: "[4.5, 6]"))
        let problem = try #require(try problems(text).first)
        #expect(problem.message == "level 优 [4.5, 6] lies outside 0…5, the item's range")
        #expect(problem.line == ShippedFiles.line(of: "[4.5, 6]", in: text))
        let reversed = try regionWithA1Levels(fivePointLevels.replacingOccurrences(of: "[0, 2.5]", with: "[2.5, 0]"))
        #expect(try problems(reversed).map(\.message) == ["level 差 runs from 2.5 down to 0 — write [min, max]"])
    }

    @Test func levelsMustNotOverlap() throws {
        let text = try regionWithA1Levels(fivePointLevels.replacingOccurrences(of: "[3, 3]", with: "[2.5, 3.5]"))
        let found = try problems(text)
        let messages = found.map(\.message)
        #expect(messages.contains("levels 良 [3.5, 4] and 中 [2.5, 3.5] overlap — a score must fall in one level only"))
        #expect(messages.contains("levels 中 [2.5, 3.5] and 差 [0, 2.5] overlap — a score must fall in one level only"))
        #expect(found.allSatisfy { $0.line == ShippedFiles.line(of: "[2.5, 3.5]", in: text) })
    }

    @Test func moreThanTwoDecimalsAndWrongTypesAreNamed() throws {
        let text = try ShippedFiles.broken(
            "region.toml", replacing: itemA1,
            with: itemA1.replacingOccurrences(of: "points = 5", with: "points = \"5\"") + "\nstep = 0.125")
        let messages = try problems(text).map(\.message)
        #expect(messages.contains("'points' in item A1 must be a number, not a string"))
        #expect(
            messages.contains("'step' in item A1 has more than two decimal places; scores are kept to the hundredth"))
    }

    @Test func aSheetWithoutItsSheetTableOrGroupsSaysWhatToAdd() throws {
        let found = try problems("[[grade]]\nname = \"优\"\ntext = \"t\"\n")
        #expect(
            found.map(\.description) == [
                "region.toml: no [sheet] table — add `[sheet]` (kind, title and total of the sheet)",
                "region.toml: the sheet has no groups — add [[group]] tables with their [[group.item]] items",
            ])
    }
}
