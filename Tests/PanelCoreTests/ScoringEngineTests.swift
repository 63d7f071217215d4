import PanelCore
import Testing

@Suite struct ScoringEngineTests {
    @Test func eligibilityCompletenessAndTheDefenceDecideWhoIsRanked() throws {
        var s = try ScoringScenario(quota: 5)
        s.region("R1", material: [80, 80, 80], defense: [80, 80, 80])
        s.region("R2", material: [80, 80], defense: [80, 80, 80])  // 2 sheets < min_experts 3
        s.region("R3", material: [80, 80, 80], defense: [80, 80])  // defence incomplete
        s.region("R4", material: [80, 80, 80], defense: [80, 80, 80])  // absent
        s.region("R5", material: [80, 80, 80], defense: [80, 80, 80])
        s.candidates[s.candidates.firstIndex { $0.id == "R5" }!].connected = false
        s.decisions.absent["R4"] = "因故未到场"
        let ranking = s.ranking()
        #expect(s.statuses() == ["R1:winner", "R3:no_defense", "R4:no_defense", "R2:incomplete", "R5:ineligible"])
        let entries = Dictionary(uniqueKeysWithValues: ranking.entries.map { ($0.candidate.id, $0) })
        #expect(entries["R1"]?.final == Rational(8000) && entries["R1"]?.rank == 1 && entries["R1"]?.experts == 3)
        #expect(entries["R2"]?.reasons == ["incomplete: 完整材料评分 2 份，少于 min_experts 3"])
        #expect(entries["R3"]?.reasons == ["no_defense: 完整答辩评分 2 份，少于 min_experts 3"])
        #expect(entries["R4"]?.reasons == ["no_defense: 答辩缺席（因故未到场）"])
        #expect(entries["R5"]?.reasons.first?.hasPrefix("platform_not_connected: ") == true)
        #expect(entries["R5"]?.rank == nil && entries["R5"]?.final == nil)
    }

    @Test func aDraftSheetDoesNotCount() throws {
        var s = try ScoringScenario()
        s.region("R1", material: [80, 80, 80], defense: [80, 80, 80])
        s.sheets[0].status = .draft
        #expect(s.statuses() == ["R1:incomplete"])
    }

    @Test func theFinalWeighsMaterialAndDefenceExactly() throws {
        var s = try ScoringScenario()
        s.region("R1", material: [80, 81, 81], defense: [90, 90.5, 91])
        let entry = try #require(s.ranking().entries.first)
        // 0.6 × 242/3 + 0.4 × 90.5 = 48.4 + 36.2
        #expect(entry.final == Rational(8460))
        #expect(entry.material?.value == Rational(24200, 3))
    }

    @Test func aTieAtTheShortlistBoundaryTakesEveryoneEqualToTheLast() throws {
        var s = try ScoringScenario(quota: 10, shortlist: 2)
        s.region("R1", material: [90, 90, 90], defense: [80, 80, 80])
        s.region("R2", material: [85, 85, 85], defense: [80, 80, 80])
        s.region("R3", material: [84, 86, 85], defense: [80, 80, 80])  // also 85
        s.region("R4", material: [84.5, 85, 85], defense: [80, 80, 80])  // 84.83…: below the boundary
        #expect(s.statuses() == ["R1:winner", "R2:winner", "R3:winner", "R4:not_shortlisted"])
        // A frozen shortlist holds, whatever the material scores do later.
        s.decisions.frozenShortlist[.region] = ["R1", "R4"]
        #expect(s.statuses() == ["R1:winner", "R4:winner", "R2:not_shortlisted", "R3:not_shortlisted"])
    }

    /// R1 and R2 have the same final (84); R1 has the better defence and group C, R2 the better material.
    @Test(arguments: [
        ([Rules.TieBreak.defense], ["R1", "R2"]),
        ([.material], ["R2", "R1"]),
        ([.group("C")], ["R1", "R2"]),
        ([.material, .defense], ["R2", "R1"]),
    ])
    func equalFinalsAreOrderedByTheTieBreakKeysInTurn(keys: [Rules.TieBreak], order: [String]) throws {
        var s = try ScoringScenario(quota: 1, tieBreak: keys)
        s.region("R1", material: [80, 80, 80], defense: [90, 90, 90], groupC: [36, 36, 36])
        s.region("R2", material: [85, 85, 85], defense: [82.5, 82.5, 82.5], groupC: [30, 30, 30])
        let ranking = s.ranking()
        #expect(ranking.entries.map(\.candidate.id) == order)
        #expect(ranking.entries.map(\.final) == [Rational(8400), Rational(8400)])
        #expect(ranking.entries.map(\.rank) == [1, 2])
        #expect(ranking.entries.map(\.status) == [.winner, .outsideQuota])
        #expect(
            ranking.entries[1].reasons.first?.hasPrefix(
                """
                tie_break: 最终得分与 \(order[0]) 相同（84），按 \(keys[0]) 排其后
                """) == true)
    }

    @Test func aTieThatSurvivesEveryKeyStraddlesTheCutUntilTheChairResolvesIt() throws {
        var s = try ScoringScenario(quota: 2, shortlist: 10)
        s.region("R1", material: [90, 90, 90], defense: [90, 90, 90])
        for id in ["R2", "R3", "R4"] { s.region(id, material: [80, 80, 80], defense: [80, 80, 80]) }
        s.region("R5", material: [70, 70, 70], defense: [70, 70, 70])
        #expect(s.statuses() == ["R1:winner", "R2:tie_at_cut", "R3:tie_at_cut", "R4:tie_at_cut", "R5:outside_quota"])
        #expect(s.ranking().entries.map(\.rank) == [1, 2, 2, 2, 5])
        #expect(s.ranking().entries[1].reasons == ["tie_at_cut: 第 2 名 3 个并列（R2 R3 R4）争剩余 1 个名额，待组长裁定 (panel resolve)"])

        s.decisions.resolutions[.region] = .init(tieGroup: ["R2", "R3", "R4"], winners: ["R3"], reason: "实地抽查表现更好")
        #expect(s.statuses() == ["R1:winner", "R2:outside_quota", "R3:winner", "R4:outside_quota", "R5:outside_quota"])
        #expect(s.ranking().entries[2].reasons == ["chair_resolved: 第 2 名 3 个并列争 1 个名额，组长裁定获评：实地抽查表现更好"])
        #expect(s.ranking().winners.count == 2)

        // New scores change the tie group: the old decision lapses and says so.
        s.region("R6", material: [80, 80, 80], defense: [80, 80, 80])
        #expect(s.ranking().entries.filter { $0.status == .tieAtCut }.count == 4)
        #expect(s.ranking().entries[1].reasons.first?.hasSuffix("组长此前的裁定针对的并列组已变化，须重新裁定") == true)
    }

    @Test func minFinalLeavesPlacesEmpty() throws {
        var s = try ScoringScenario(quota: 3, minFinal: 60)
        s.region("R1", material: [80, 80, 80], defense: [80, 80, 80])
        s.region("R2", material: [60, 60, 60], defense: [59, 59, 59])  // 59.6
        s.region("R3", material: [50, 50, 50], defense: [50, 50, 50])
        #expect(s.statuses() == ["R1:winner", "R2:below_threshold", "R3:below_threshold"])
        #expect(s.ranking().winners.count == 1)
        #expect(s.ranking().entries[1].reasons == ["below_threshold: 最终得分 59.6 低于 min_final 60"])
        #expect(s.ranking().entries[1].rank == 2)
    }

    @Test func aFailedSpotCheckRemovesAWinnerAndTheNextMovesIn() throws {
        var s = try ScoringScenario(quota: 2)
        s.region("R1", material: [90, 90, 90], defense: [90, 90, 90])
        s.region("R2", material: [85, 85, 85], defense: [85, 85, 85])
        s.region("R3", material: [80, 80, 80], defense: [80, 80, 80])
        #expect(s.statuses() == ["R1:winner", "R2:winner", "R3:outside_quota"])
        s.decisions.spotChecks["R1"] = .init(passed: false, note: "平台数据与材料不符")
        #expect(s.statuses() == ["R2:winner", "R3:winner", "R1:ineligible"])
        #expect(s.ranking().entries[2].reasons == ["spot_check_failed: 实地抽查未通过：平台数据与材料不符"])
        s.decisions.spotChecks["R1"] = .init(passed: true, note: "核实无误")
        #expect(s.statuses() == ["R1:winner", "R2:winner", "R3:outside_quota"])
        #expect(s.ranking().entries[0].reasons == ["spot_check_passed: 实地抽查通过：核实无误"])
    }

    @Test func theChairCanExcludeOrLiftAnEligibilityExclusionWithAReason() throws {
        var s = try ScoringScenario(quota: 5)
        s.region("R1", material: [90, 90, 90], defense: [90, 90, 90])
        s.region("R2", material: [85, 85, 85], defense: [85, 85, 85])
        s.candidates[s.candidates.firstIndex { $0.id == "R2" }!].priorAward = 2019
        #expect(s.statuses() == ["R1:winner", "R2:ineligible"])
        s.decisions.overrides["R2"] = .init(action: .include, reason: "2019年获评的是同名另一区")
        s.decisions.overrides["R1"] = .init(action: .exclude, reason: "材料抄袭")
        #expect(s.statuses() == ["R2:winner", "R1:ineligible"])
        let r2 = s.ranking().entries[0]
        #expect(
            r2.reasons.count == 2
                && r2.reasons[0].hasPrefix(
                    """
                    prior_winner: 
                    """)
                && r2.reasons[0].hasSuffix("（已由组长恢复资格）"))
        #expect(r2.reasons[1] == "chair_included: 组长恢复资格：2019年获评的是同名另一区")
    }

    @Test func schoolsAndRegionsAreRankedSeparately() throws {
        var s = try ScoringScenario()
        s.region("R1", material: [90, 90, 90], defense: [90, 90, 90])
        let schools = ScoringEngine.rank(s.input(), kind: .school)
        #expect(schools.kind == .school && schools.entries.map(\.candidate.id) == ["R1-S"])
        #expect(schools.entries[0].status == .incomplete)
    }
}

@Suite struct ShortlistRuleTests {
    @Test func theRankedAndThoseStillToDefendAreShortlistedNoOneElse() {
        let shortlisted = RankStatus.allCases.filter(\.isShortlisted)
        #expect(Set(shortlisted) == [.winner, .tieAtCut, .outsideQuota, .belowThreshold, .noDefense])
    }
}

@Suite struct ShortlistOrderAndTieTests {
    /// R1 wins, R2 R3 R4 tie for the one place left, R5 is outside, R6 still waits for its defence.
    func scenario() throws -> ScoringScenario {
        var s = try ScoringScenario(quota: 2, shortlist: 6)
        s.region("R1", material: [90, 90, 90], defense: [90, 90, 90])
        for id in ["R4", "R3", "R2"] { s.region(id, material: [80, 80, 80], defense: [80, 80, 80]) }
        s.region("R5", material: [70, 70, 70], defense: [70, 70, 70])
        s.region("R6", material: [85, 85, 85])
        return s
    }

    @Test func theShortlistIsReadBestMaterialFirstAndFrozenInIdOrder() throws {
        let ranking = try scenario().ranking()
        #expect(ranking.shortlist.map(\.candidate.id) == ["R1", "R6", "R2", "R3", "R4", "R5"])
        #expect(ranking.shortlistIDs == ["R1", "R2", "R3", "R4", "R5", "R6"])
        #expect([ranking].shortlistedIDs == Set(ranking.shortlistIDs))
    }

    @Test func aTieIsResolvedOnlyByNamingTiedCandidatesForTheFreePlaces() throws {
        let tie = try #require(try scenario().ranking().tieAtCut)
        #expect(tie == TieAtCut(tied: ["R2", "R3", "R4"], free: 1))
        #expect(tie.refusal(choosing: ["R3"]) == nil)
        #expect(tie.refusal(choosing: ["R3", "R3"]) == nil)
        #expect(tie.refusal(choosing: ["R5", "R1"]) == "R5, R1 are not in the tie at the cut (R2 R3 R4)")
        #expect(tie.refusal(choosing: ["R2", "R3"]) == "3 are tied for 1 place: name between 1 and 1 winner")
        #expect(tie.refusal(choosing: []) == "3 are tied for 1 place: name between 1 and 1 winner")
        #expect(TieAtCut(tied: ["A", "B", "C"], free: 2).refusal(choosing: ["A", "B"]) == nil)
        var resolved = try scenario()
        resolved.decisions.resolutions[.region] = .init(
            tieGroup: ["R2", "R3", "R4"], winners: ["R3"],
            reason: """
                答辩更好
                """)
        #expect(resolved.ranking().tieAtCut == nil)
    }
}

@Suite struct ExpertProgressTests {
    @Test func submittedSheetsCountOnlyForCandidatesStillAssignedAndDefencesOnlyOnceOpen() {
        func expert(_ id: String, _ role: ExpertEntry.Role = .expert) -> ExpertEntry {
            ExpertEntry(id: id, name: id, province: "北京市", org: "", role: role, pin: nil)
        }
        func total(_ expert: String, _ candidate: String, _ stage: Stage, _ status: ScoreSheet.Status) -> SheetTotal {
            SheetTotal(
                key: SheetKey(expert: expert, candidate: candidate, stage: stage), status: status, total: .zero,
                groups: GroupTotals())
        }
        let experts = [expert("E1"), expert("E2"), expert("C1", .chair)]
        let assignments = [
            Assignment(expert: "E1", candidate: "R1"), Assignment(expert: "E1", candidate: "R2"),
            Assignment(expert: "E2", candidate: "R2"),
        ]
        let totals = [
            total("E1", "R1", .material, .submitted), total("E1", "R2", .material, .draft),
            total("E1", "R1", .defense, .submitted), total("E1", "R9", .material, .submitted),
            total("E2", "R2", .material, .submitted),
        ]
        let closed = ExpertProgress.of(
            experts: experts, assignments: assignments, totals: totals, shortlisted: ["R1"], defenseOpen: false)
        #expect(closed.map(\.expert.id) == ["E1", "E2"])
        #expect(closed.map(\.assigned) == [2, 1] && closed.map(\.materialSubmitted) == [1, 1])
        #expect(closed.map(\.defenseAssigned) == [0, 0] && closed.map(\.defenseSubmitted) == [1, 0])
        let open = ExpertProgress.of(
            experts: experts, assignments: assignments, totals: totals, shortlisted: ["R1"], defenseOpen: true)
        #expect(open.map(\.defenseAssigned) == [1, 0])
        #expect(open[0].done == 2.0 / 3.0 && open[1].done == 1.0)
    }
}
