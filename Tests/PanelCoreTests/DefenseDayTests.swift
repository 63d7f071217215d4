import PanelCore
import Testing

/// The defence day's pure parts: groups, the draw, the schedule, the clock, the banner and the
/// normalization across groups.
@Suite struct DefenseDayTests {
    static let candidates = AssignmentPlannerTests.candidates
    static let experts = AssignmentPlannerTests.experts
    let conflicts = Rules.Conflicts(recuseSameProvince: true)

    @Test(arguments: [1, 2, 3, 17] as [UInt64])
    func groupsAreBalancedAndFreeOfConflictForEverySeed(seed: UInt64) throws {
        let plan = try DefenseGrouping.plan(
            experts: Self.experts, candidates: Self.candidates, groups: 3, seed: seed, conflicts: conflicts,
            minExperts: 3
        ).get()
        let sizes = plan.members.map(\.count)
        // Provinces of two experts each: sizes differ by at most one province's experts.
        #expect(sizes.reduce(0, +) == 40 && sizes.max()! - sizes.min()! <= 2, "\(sizes)")
        let experts = Dictionary(uniqueKeysWithValues: Self.experts.map { ($0.id, $0) })
        for province in Set(Self.experts.filter { $0.role == .expert }.map(\.province)) {
            let groups = Set(
                Self.experts.filter { $0.province == province && $0.role == .expert }.map {
                    plan.group(of: $0.id)
                })
            #expect(groups.count == 1, "\(province)'s experts split over \(groups)")
        }
        #expect(plan.placement.count == Self.candidates.count)
        for candidate in Self.candidates {
            let group = try #require(plan.placement[candidate.id])
            for id in plan.members[group - 1] {
                #expect(
                    ConflictOfInterest.reason(expert: experts[id]!, candidate: candidate, rules: conflicts) == nil,
                    "\(id) hears \(candidate.id)")
            }
        }
        for kind in CandidateKind.allCases {
            let load = (1...3).map { group in
                Self.candidates.filter { $0.kind == kind && plan.placement[$0.id] == group }.count
            }
            #expect(load.max()! - load.min()! <= 1, "\(kind): \(load)")
        }
    }

    @Test func aShortfallSaysWhoCannotBePlacedAndWhy() {
        guard
            case .failure(let few) = DefenseGrouping.plan(
                experts: Self.experts, candidates: Self.candidates, groups: 20, seed: 1, conflicts: conflicts,
                minExperts: 3)
        else { Issue.record("20 groups of 3 from 40 experts"); return }
        #expect(few.lines == ["20 groups of at least min_experts 3 need 60 experts; the panel has 40"])
        // One group holds every province's experts: their own provinces' candidates have nowhere to go.
        guard
            case .failure(let conflicted) = DefenseGrouping.plan(
                experts: Self.experts, candidates: Self.candidates, groups: 1, seed: 1, conflicts: conflicts,
                minExperts: 3)
        else { Issue.record("one group and recusal by province"); return }
        #expect(conflicted.lines.count == 20 * 15)
        #expect(
            conflicted.lines.contains(
                "R-11-1 北京候选1 has no group free of conflict"
                    + " (group 1: 专家 E01 与 R-11-1 同属北京市，须回避 (same province))"))
    }

    @Test func theSameSeedDrawsTheSameOrderRegionsFirst() {
        let group = Array(Self.candidates.prefix(30))
        let first = DefenseDraw.order(group, group: 2, seed: 2020)
        #expect(first == DefenseDraw.order(group.reversed(), group: 2, seed: 2020))
        #expect(Set(first) == Set(group.map(\.id)) && first.count == 30)
        #expect(first != DefenseDraw.order(group, group: 2, seed: 2021))
        #expect(first != DefenseDraw.order(group, group: 3, seed: 2020))
        let regions = group.filter { $0.kind == .region }.count
        #expect(first.prefix(regions).allSatisfy { $0.hasPrefix("R-") })
        #expect(first.prefix(regions).sorted() != Array(first.prefix(regions)) || regions < 3)
    }

    @Test func slotTimesKeepTheMinutesTheBreaksAndTheDayEnd() throws {
        let rules = Rules.Defense(presentMinutes: 8, questionsMinutes: 5, changeoverMinutes: 2)
        let noon = try #require(DefenseSchedule.Break("12:00-13:30"))
        func times(_ slots: [DefenseSchedule.Slot]) -> [String] { slots.map { "\($0.day) \($0.start)-\($0.end)" } }
        let day = try DefenseSchedule.slots(
            count: 5, start: try #require(ClockMinutes("11:20")), breaks: [noon], rules: rules
        )
        .get()
        #expect(times(day) == ["0 11:20-11:33", "0 11:35-11:48", "0 13:30-13:43", "0 13:45-13:58", "0 14:00-14:13"])
        let short = try DefenseSchedule.slots(
            count: 5, start: try #require(ClockMinutes("11:20")), breaks: [noon], rules: rules,
            dayEnd: try #require(ClockMinutes("13:50"))
        ).get()
        #expect(times(short) == ["0 11:20-11:33", "0 11:35-11:48", "0 13:30-13:43", "1 11:20-11:33", "1 11:35-11:48"])
        let late = DefenseSchedule.slots(count: 3, start: try #require(ClockMinutes("23:30")), breaks: [], rules: rules)
        guard case .failure(let past) = late else { Issue.record("23:30 + 3 slots fit"); return }
        #expect(past.fitted == 2)
        #expect(
            ClockMinutes("9:5") == nil && ClockMinutes("24:00") == nil && DefenseSchedule.Break("13:00-12:00") == nil)
    }

    @Test func theClockCountsThePresentationThenTheQuestionsThenTheOvertimeAndStopsWhenPaused() throws {
        let rules = Rules.Defense(presentMinutes: 8, questionsMinutes: 5)
        let candidate = Self.candidates[0]
        var slot = DefenseSlot(candidate: candidate, group: 1, position: 1, state: .waiting)
        #expect(slot.phase(at: 5_000, rules: rules) == .waiting)
        slot.state = .running
        slot.startedAt = 1_000
        #expect(slot.phase(at: 1_060, rules: rules) == .presenting(remaining: 420))
        #expect(slot.phase(at: 1_060, rules: rules).short == "剩余 07:00")
        #expect(slot.phase(at: 1_490, rules: rules) == .questions(remaining: 290))
        #expect(slot.phase(at: 1_490, rules: rules).text == "答问 剩余 04:50")
        #expect(slot.phase(at: 1_825, rules: rules) == .overtime(45))
        #expect(slot.phase(at: 1_825, rules: rules).text == "超时 00:45")
        // Paused at 100 s: the clock stands however long the pause lasts.
        slot.pausedAt = 1_100
        #expect(slot.phase(at: 9_000, rules: rules) == .presenting(remaining: 380))
        // Resumed after 400 s: those seconds do not count.
        slot.pausedAt = nil
        slot.pausedSeconds = 400
        #expect(slot.phase(at: 1_600, rules: rules) == .presenting(remaining: 280))
        slot.state = .done
        slot.endedAt = 2_220
        #expect(slot.phase(at: 9_999, rules: rules) == .done(overtime: 40))
        #expect(DefensePhase.clock(3_725) == "1:02:05")
    }

    @Test func theBannerNamesTheCandidateTheGroupTheTurnAndTheTimeLeft() {
        let candidate = Candidate(
            id: "R-36-2", kind: .region, name: "江西省赣州市高新区", province: "江西省", city: "赣州市",
            county: "高新区",
            level: nil, platform: "p", connected: true, priorAward: nil, supports: nil, provinceRank: nil,
            importOrder: 1)
        var slot = DefenseSlot(candidate: candidate, group: 2, position: 5, state: .running)
        slot.startedAt = 10_000
        let expert = Self.experts[0]
        var day = DefenseDay(
            rules: Rules.Defense(), groups: [DefenseGroup(number: 2, experts: [expert])], slots: [slot],
            submitted: [:], now: 10_000 + 480 - 192)
        let shown = "正在答辩：江西省赣州市高新区（第 2 组 第 5 场，剩余 03:12"
        #expect(day.banner(for: expert.id) == shown + "）")
        #expect(day.banner(for: "E99") == nil)
        day.slots[0].pausedAt = day.now
        #expect(day.banner(for: expert.id) == shown + " 暂停）")
        #expect(day.groupLine(for: expert.id) == nil)
        // Between two defences: where the group sits and who comes next, at what time.
        day.slots[0].state = .done
        var next = DefenseSlot(candidate: Self.candidates[3], group: 2, position: 6, state: .waiting)
        next.plannedStart = "2020-12-28 09:30"
        day.slots.append(next)
        day.groups[0].room = "第二会议室"
        #expect(day.banner(for: expert.id) == nil)
        let line = "答辩第 2 组 · 第二会议室 · 下一场 第 6 场 北京候选4（计划 09:30）"
        #expect(day.groupLine(for: expert.id) == line)
    }

    /// Two groups of three experts: group 1 lenient (A 90, B 85, C 80 from each), group 2 strict
    /// (D 80, E 75, F 70); every material total is 80, so the final is 48 + 0.4 × defence.
    /// Each group has mean 85 or 75 and spread 4.3301 (sample, n − 1, over 9 sheets); all 18
    /// sheets have mean 80 and spread sqrt(750 / 17) = 6.6421. A's 90 becomes
    /// 80 + (90 − 85) / 4.3301 × 6.6421 = 87.6696 → 87.67, and so does D's 80; B and E 80; C and
    /// F 72.33. Unnormalized the winners are A (84) and B (82); normalized A and D (83.068 each).
    static func twoGroups(normalize: Rules.Defense.Normalize) throws -> ScoringInput {
        var scenario = try ScoringScenario(quota: 2, shortlist: 6, trimMinExperts: 5)
        scenario.round.rules.defense.normalize = normalize
        let defence: [(String, Double, [String])] = [
            ("A", 90, ["E1", "E2", "E3"]), ("B", 85, ["E1", "E2", "E3"]), ("C", 80, ["E1", "E2", "E3"]),
            ("D", 80, ["E4", "E5", "E6"]), ("E", 75, ["E4", "E5", "E6"]), ("F", 70, ["E4", "E5", "E6"]),
        ]
        for (id, total, experts) in defence {
            scenario.region(id, material: [80, 80, 80])
            for expert in experts {
                scenario.sheets.append(
                    scenario.sheet(
                        expert, id, .defense, total: Points(exactly: total)!, rubric: scenario.round.defense,
                        groupC: nil))
            }
        }
        var input = scenario.input()
        input.defenseGroups = ["A": 1, "B": 1, "C": 1, "D": 2, "E": 2, "F": 2]
        return input
    }

    @Test func groupZscoreChangesTheWinnersExactlyAsComputedByHand() throws {
        let plain = ScoringEngine.rank(try Self.twoGroups(normalize: .none), kind: .region)
        #expect(plain.winners.map(\.candidate.id) == ["A", "B"])
        let normalized = ScoringEngine.rank(try Self.twoGroups(normalize: .groupZscore), kind: .region)
        #expect(Set(normalized.winners.map(\.candidate.id)) == ["A", "D"])
        let defence = Dictionary(
            uniqueKeysWithValues: normalized.entries.map { ($0.candidate.id, $0.defense?.value.rounded.description) })
        #expect(defence == ["A": "87.67", "B": "80", "C": "72.33", "D": "87.67", "E": "80", "F": "72.33"])
        let finals = normalized.entries.prefix(2).map { $0.final!.rounded.description }
        #expect(finals == ["83.07", "83.07"])

        // Beside the official rule: the variant, its figures and how many places it moves.
        let input = try Self.twoGroups(normalize: .none)
        let variant = try #require(GroupNormalization.variant(input, kind: .region))
        #expect(variant.label == "分组标准化" && variant.winners() == ["A", "D"])
        #expect(variant.moved(against: plain) == 4)
        let figures = GroupNormalization.figures(input, kind: .region)
        #expect(figures.map(\.group) == [1, 2] && figures.map(\.mean) == [85, 75])
        #expect(figures.allSatisfy { abs($0.spread - 4.3301) < 0.0001 && $0.candidates == 3 && $0.sheets == 9 })
        let other = try #require(GroupNormalization.variant(try Self.twoGroups(normalize: .groupZscore), kind: .region))
        #expect(other.label == "不分组标准化" && other.winners() == ["A", "B"])
    }

    @Test func groupZscoreIsRefusedWhenAGroupHasTooFewCandidates() throws {
        var input = try Self.twoGroups(normalize: .groupZscore)
        input.defenseGroups["C"] = 2
        input.defenseGroups["B"] = 2
        let ranking = ScoringEngine.rank(input, kind: .region)
        #expect(ranking.winners.isEmpty)
        #expect(
            ranking.entries[0].reasons.last
                == "incomplete: group_zscore: region defence: group 1 has 1 candidates with a submitted sheet,"
                + " fewer than 3 to standardize by")
    }

    @Test func theDefenseTableIsReadWithItsDefaultsAndItsLimits() throws {
        let shipped = try ShippedFiles.text("rules.toml")
        let rules = try RulesParser.parse(shipped, file: "rules.toml").get()
        #expect(rules.defense == Rules.Defense(presentMinutes: 8, questionsMinutes: 5, changeoverMinutes: 2, groups: 1))
        let changed = shipped.replacingOccurrences(of: "groups = 1 ", with: "groups = 3 ")
            .replacingOccurrences(of: "normalize = \"none\"", with: "normalize = \"group_zscore\"")
        #expect(
            try RulesParser.parse(changed, file: "rules.toml").get().defense
                == Rules.Defense(groups: 3, normalize: .groupZscore))
        let broken = shipped.replacingOccurrences(of: "present_minutes = 8", with: "present_minutes = 0")
            .replacingOccurrences(of: "normalize = \"none\"", with: "normalize = \"zscore\"")
        guard case .failure(let problems) = RulesParser.parse(broken, file: "rules.toml") else {
            Issue.record("accepted present_minutes = 0"); return
        }
        #expect(problems.description.contains("present_minutes 0 is not 1 to 120 minutes"))
        #expect(problems.description.contains("normalize 'zscore' is not none or group_zscore"))
    }
}
