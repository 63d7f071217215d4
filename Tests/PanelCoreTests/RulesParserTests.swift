import PanelCore
import Testing

@Suite struct RulesParserTests {
    func problems(
        _ text: String, groups: Set<String>? = ["A", "B", "C", "D"],
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> [Problem] {
        switch RulesParser.parse(text, file: "rules.toml", materialGroups: groups) {
        case .success: Issue.record("expected problems, the rules parsed", sourceLocation: sourceLocation); return []
        case .failure(let problems): return problems.all
        }
    }

    @Test func theShippedRulesAreTheNoticesRules() throws {
        let rules = try RulesParser.parse(
            ShippedFiles.text("rules.toml"), file: "rules.toml", materialGroups: ["A", "B", "C", "D"]
        ).get()
        #expect(rules.round.level == .national)
        #expect(rules.round.priorAwardYears == [2018, 2019])
        #expect(rules.quota == Rules.PerKind(region: 40, school: 200))
        #expect(
            rules.caps == Rules.Caps(regionPerProvince: 3, schoolPerProvince: 15, schoolPerCity: 10, schoolPerCounty: 5)
        )
        #expect(rules.scoring.aggregate == .trimmedMean)
        #expect(rules.scoring.trim == 1 && rules.scoring.trimMinExperts == 5 && rules.scoring.minExperts == 3)
        #expect(
            rules.scoring.materialWeight == Points(hundredths: 60)
                && rules.scoring.defenseWeight == Points(hundredths: 40))
        #expect(rules.scoring.minFinal == Points(60))
        #expect(rules.scoring.shortlist == Rules.PerKind(region: 48, school: 240))
        #expect(rules.scoring.tieBreak == [.defense, .material, .group("C")])
        #expect(rules.conflicts.recuseSameProvince)
    }

    @Test func weightsMustAddUpToOne() throws {
        let text = try ShippedFiles.broken(
            "rules.toml", replacing: "defense_weight = 0.4", with: "defense_weight = 0.35")
        let found = problems(text)
        #expect(found.map(\.message) == ["material_weight 0.6 and defense_weight 0.35 add up to 0.95, not 1"])
        #expect(found.first?.line == ShippedFiles.line(of: "material_weight =", in: text))
    }

    @Test func weightsThatAddUpExactlyAreAccepted() throws {
        // 0.7 + 0.3 is 0.9999999999999999 in binary floating point; in hundredths it is 100.
        let text = try ShippedFiles.broken(
            "rules.toml", replacing: "material_weight = 0.6", with: "material_weight = 0.7"
        )
        .replacingOccurrences(of: "defense_weight = 0.4", with: "defense_weight = 0.3")
        let rules = try RulesParser.parse(text, file: "rules.toml").get()
        #expect(rules.scoring.materialWeight + rules.scoring.defenseWeight == Points(1))
    }

    @Test(arguments: [
        (
            "\"severity\"",
            """
            tie_break entry 'severity' is not a known key — use defense, material or group:X with X a group id\
             of the material sheets
            """
        ),
        ("\"group:E\"", "tie_break entry 'group:E' names no group of the material sheets (groups: A, B, C, D)"),
        ("\"material\"", "tie_break names 'material' twice"),
        (
            "3",
            """
            tie_break entry an integer is not a known key — use defense, material or group:X with X a group id\
             of the material sheets
            """
        ),
    ])
    func tieBreakEntriesMustNameAKeyOrGroup(entry: String, message: String) throws {
        let text = try ShippedFiles.broken("rules.toml", replacing: "\"group:C\"]", with: "\"group:C\", \(entry)]")
        let found = problems(text)
        #expect(found.map(\.message) == [message])
        #expect(found.first?.line == ShippedFiles.line(of: "tie_break =", in: text))
    }

    @Test func withoutSheetsAnyGroupNameIsTakenOnTrust() throws {
        let text = try ShippedFiles.broken("rules.toml", replacing: "\"group:C\"]", with: "\"group:E\"]")
        #expect(
            try RulesParser.parse(text, file: "rules.toml", materialGroups: nil).get().scoring.tieBreak.last
                == .group("E"))
    }

    @Test(arguments: [
        ("region = 40", "region = 0", "region in [quota] must be more than 0, not 0"),
        ("school = 200", "school = -5", "school in [quota] must be more than 0, not -5"),
        (
            "region_per_province = 3 ", "region_per_province = 0 ",
            "region_per_province in [caps] must be more than 0, not 0"
        ),
        ("school_per_county = 5 ", "school_per_county = 0 ", "school_per_county in [caps] must be more than 0, not 0"),
    ])
    func quotasAndCapsMustBePositive(old: String, new: String, message: String) throws {
        let text = try ShippedFiles.broken("rules.toml", replacing: old, with: new)
        let found = problems(text)
        #expect(found.map(\.message) == [message])
        #expect(found.first?.line == ShippedFiles.line(of: new, in: text))
    }

    @Test func anUnknownAggregateIsNamed() throws {
        let text = try ShippedFiles.broken(
            "rules.toml", replacing: "aggregate = \"trimmed_mean\"", with: "aggregate = \"average\"")
        let found = problems(text)
        #expect(found.map(\.message) == ["unknown aggregate 'average' — use one of trimmed_mean, mean, median, zscore"])
        #expect(found.first?.line == ShippedFiles.line(of: "aggregate = \"average\"", in: text))
    }

    @Test func otherMistakesOfTheRoundAreCaught() throws {
        let text = try ShippedFiles.broken(
            "rules.toml", replacing: "shortlist_region = 48", with: "shortlist_region = 30"
        )
        .replacingOccurrences(of: "level = \"national\"", with: "level = \"county\"")
        .replacingOccurrences(of: "trim_min_experts = 5", with: "trim_min_experts = 2")
        .replacingOccurrences(of: "recuse_same_province = true", with: "recuse_same_provice = true")
        #expect(
            problems(text).map(\.message) == [
                "level 'county' is not national, province or city",
                "trim_min_experts (2) must be more than 2 × trim (2), or trimming could drop every expert",
                "shortlist_region (30) is smaller than the quota (40): the quota could never be filled",
                "unknown key 'recuse_same_provice' in [conflicts] — did you mean 'recuse_same_province'?",
                """
                [conflicts] has no 'recuse_same_province' — add `recuse_same_province = …` (true: experts\
                 never score their own province)
                """,
            ])
    }
}

@Suite struct FairnessRulesTests {
    @Test func theShippedRulesSetTheFairnessBounds() throws {
        let rules = try RulesParser.parse(ShippedFiles.text("rules.toml"), file: "rules.toml").get()
        #expect(
            rules.fairness
                == Rules.Fairness(
                    severityFlag: Points(8), corridor: Points(15), minSheets: 5, bootstrap: 1000, seed: 2020, window: 10
                ))
    }

    @Test func withoutAFairnessTableTheDefaultsHold() throws {
        let text = try ShippedFiles.text("rules.toml")
        let without = String(text[..<text.range(of: "[fairness]")!.lowerBound])
        #expect(try RulesParser.parse(without, file: "rules.toml").get().fairness == Rules.Fairness())
        let partial = without + "[fairness]\ncorridor = 12.5\n"
        let rules = try RulesParser.parse(partial, file: "rules.toml").get()
        #expect(rules.fairness.corridor == Points(hundredths: 1250) && rules.fairness.severityFlag == Points(8))
    }

    @Test(arguments: [
        ("corridor = 15", "corridor = 0", "corridor in [fairness] must be more than 0 points, not 0"),
        ("min_sheets = 5", "min_sheets = 1", "min_sheets in [fairness] must lie between 2 and 10000, not 1"),
        (
            "bootstrap = 1000", "bootstrap = 1000000",
            "bootstrap in [fairness] must lie between 0 and 100000, not 1000000"
        ),
        ("seed = 2020", "seed = -1", "seed in [fairness] must be 0 or more, not -1"),
        ("window = 10", "windows = 10", "unknown key 'windows'"),
    ])
    func aBadFairnessValueIsRefusedOnItsLine(_ replaced: String, _ with: String, _ message: String) throws {
        let text = try ShippedFiles.broken("rules.toml", replacing: replaced, with: with)
        guard case .failure(let problems) = RulesParser.parse(text, file: "rules.toml") else {
            Issue.record("accepted"); return
        }
        #expect(problems.all.count == 1)
        #expect(problems.all.first?.message.hasPrefix(message) == true, "\(problems.all.map(\.message))")
        #expect(
            problems.all.first?.line == ShippedFiles.line(of: with.components(separatedBy: " ")[0] + " =", in: text))
    }

    /// `[session] idle_lock_minutes`: 15 when the file says nothing, 0 (never) to a day, on its line.
    @Test func theIdleLockIsFifteenMinutesUnlessTheRulesSayOtherwise() throws {
        let shipped = try ShippedFiles.text("rules.toml")
        #expect(try RulesParser.parse(shipped, file: "rules.toml").get().session.idleLockMinutes == 15)
        let five = shipped + "\n[session]\nidle_lock_minutes = 5\n"
        #expect(try RulesParser.parse(five, file: "rules.toml").get().session.idleLockMinutes == 5)
        let tooLong = shipped + "\n[session]\nidle_lock_minutes = 2000\n"
        guard case .failure(let problems) = RulesParser.parse(tooLong, file: "rules.toml") else {
            Issue.record("accepted 2000 minutes")
            return
        }
        #expect(problems.all.map(\.message) == ["idle_lock_minutes 2000 is not 0 (never) to 1440 (a day)"])
        #expect(problems.all.first?.line == ShippedFiles.line(of: "idle_lock_minutes =", in: tooLong))
    }
}
