import Foundation
import GRDB
import PanelCore
import PanelStore
import Testing

/// The defence day against a real database: one group of four (no recusal by province, so that
/// R1 and R2 both go to it), the order drawn, the schedule published, then the chair's keys with
/// times given, as the console passes its clock.
@Suite struct DefenseDayStoreTests {
    let panel = SmallPanel()
    let store: PanelDatabase
    let chair = ExpertEntry(id: "C1", name: "孙组长", province: "北京市", org: "", role: .chair, pin: nil)

    init() throws {
        store = try panel.create(rules: [("recuse_same_province = true", "recuse_same_province = false")])
        let round = try store.round()
        let rows = ["E1", "E2", "E4"].flatMap { expert in
            ["R1", "R2"].flatMap {
                SmallPanel.rows(expert, $0, kind: .region, stage: .material, tenths: 8, round: round)
            }
        }
        _ = try panel.importScores(rows)
    }

    func save(_ expert: String, _ candidate: String) throws {
        try store.saveScore(
            expert: expert, key: SheetKey(expert: expert, candidate: candidate, stage: .defense), item: "A1",
            points: Points(20))
    }

    @Test func lateAbsentPauseAndReopenAtTheBoardEachAuditedAndTheRankingFollows() throws {
        defer { panel.panel.remove() }
        let plan = try store.formDefenseGroups(groups: 1, seed: 1)
        #expect(plan.members == [["E1", "E2", "E3", "E4"]] && plan.placement == ["R1": 1, "R2": 1])
        let order = try #require(try store.drawDefense(seed: 5)[1])
        let (first, second) = (order[0], order[1])
        #expect { try save("E1", first) } throws: {
            let said = "\(first) 的答辩尚未开始（第 1 组 第 1 场），开始后才能评分"
            return ($0 as? StoreError)?.description == said
        }
        try store.scheduleDefense(
            date: "2020-12-28", start: try #require(ClockMinutes("09:00")), breaks: [], rooms: [1: "第一会议室"],
            links: [:])
        var day = try store.defenseDay(now: 0)
        #expect(
            day.slots.map { "\($0.candidate.id) \($0.plannedStart ?? "")" } == [
                "\(first) 2020-12-28 09:00", "\(second) 2020-12-28 09:15",
            ])
        #expect(day.groups[0].place == "第一会议室" && day.published && day.seed == 5)
        #expect(throws: StoreError.self) { try store.drawDefense(seed: 6) }

        // Moved by the chair, with a reason: the queue renumbered; moved back.
        try store.defenseSlot(.move(second, to: 1, reason: "评审专家临时调整"), chair: chair, now: 800)
        #expect(try store.defenseDay(now: 800).slots(of: 1).map(\.candidate.id) == [second, first])
        #expect(try store.auditStateDifferences() == [])
        try store.defenseSlot(.move(second, to: 2, reason: "恢复抽签顺序"), chair: chair, now: 850)
        #expect(try store.defenseDay(now: 850).slots(of: 1).map(\.candidate.id) == [first, second])
        #expect(throws: StoreError.self) {
            try store.defenseSlot(.move(second, to: 3, reason: "越界"), chair: chair, now: 860)
        }

        // Late: to the end of the queue; the next in turn is the other.
        try store.defenseSlot(.late(first), chair: chair, now: 900)
        day = try store.defenseDay(now: 900)
        #expect(day.slot(first)?.position == 3 && day.slot(first)?.late == true && day.next(1)?.candidate.id == second)

        // Started at 1000, paused from 1100 to 1500: at 1600 it has run 200 s of its 480.
        try store.defenseSlot(.start(group: 1), chair: chair, now: 1_000)
        try save("E1", second)
        #expect(throws: StoreError.self) { try save("E1", first) }
        try store.defenseSlot(.pause(group: 1), chair: chair, now: 1_100)
        #expect(
            try store.defenseDay(now: 1_400).current(1)?.phase(at: 1_400, rules: day.rules)
                == .presenting(remaining: 380))
        try store.defenseSlot(.resume(group: 1), chair: chair, now: 1_500)
        day = try store.defenseDay(now: 1_600)
        #expect(day.current(1)?.phase(at: 1_600, rules: day.rules) == .presenting(remaining: 280))

        // The next start ends it (600 s, in time) and starts the late one; ended at 3000 it is 220 s over;
        // a start with nobody left waiting says so.
        try store.defenseSlot(.start(group: 1), chair: chair, now: 2_000)
        #expect(throws: StoreError.self) { try store.defenseSlot(.absent(first, note: "x"), chair: chair, now: 2_100) }
        let ended = try store.defenseSlot(.end(group: 1), chair: chair, now: 3_000)
        #expect(ended.hasSuffix("答辩结束，超时 03:40"))
        let nobody = try store.defenseSlot(.start(group: 1), chair: chair, now: 3_050)
        #expect(nobody == "第 1 组已没有候场的答辩")
        day = try store.defenseDay(now: 9_999)
        #expect(day.slot(second)?.phase(at: 9_999, rules: day.rules) == .done(overtime: 0))
        #expect(day.slot(first)?.phase(at: 9_999, rules: day.rules) == .done(overtime: 220))

        // Reopened with a reason, then marked absent: the engine's no_defense, with the note.
        try store.defenseSlot(.reopen(first, reason: "设备故障，重新答辩"), chair: chair, now: 3_100)
        try store.defenseSlot(.absent(first, note: "未到场"), chair: chair, now: 3_200)
        let entry = try #require(try store.ranking(.region).entries.first { $0.candidate.id == first })
        #expect(entry.status == .noDefense && entry.reasons.contains("no_defense: 答辩缺席（未到场）"))
        let actions = try store.auditEntries(candidate: first).map(\.action).filter { $0.hasPrefix("defense") }
        #expect(
            actions == [
                "defense late", "defense start", "defense end", "defense reopen", "defense slot absent",
                "defense absent",
            ])
        #expect(try store.auditStateDifferences() == [])

        // A planned time changed behind panel's back is named: the schedule's entry has every slot's.
        try DatabaseQueue(path: panel.path).write {
            try $0.execute(
                sql: "UPDATE defense_slot SET planned_start = '2020-12-28 08:00' WHERE candidate_id = ?",
                arguments: [second])
        }
        let named = try store.auditStateDifferences()
        #expect(named.count == 1 && named[0].hasPrefix("defense_slot \(second): "), "\(named)")
        #expect(named.first?.hasSuffix("'2020-12-28 09:15', '2020-12-28 09:28'") == true, "\(named)")

        // Only the chair keys the board.
        let expert = try PanelDatabase.open(at: panel.path, readOnly: true).signIn(id: "E1", pin: "1111")
        #expect { try store.defenseSlot(.move(second, to: 1, reason: "r"), chair: expert, now: 0) } throws: {
            ($0 as? StoreError)?.description == "E1 is a review expert; only the chair (组长) may run the defence"
        }
    }

    @Test func aShortfallChangesNothingAndSaysWhy() throws {
        defer { panel.panel.remove() }
        #expect { try store.formDefenseGroups(groups: 2, seed: 1) } throws: {
            ($0 as? StoreError)?.description
                == "the defence groups cannot be formed; nothing was changed:\n"
                + "  2 groups of at least min_experts 3 need 6 experts; the panel has 4"
        }
        #expect(try store.defenseDay(now: 0).isEmpty)
    }
}

/// Two groups of two (min_experts 2, no recusal by province): a defence sheet imported from an
/// expert of the other group, or for a candidate with no slot, is refused with the file's line,
/// and nothing is imported.
@Suite struct DefenseGroupImportTests {
    @Test func aDefenceSheetFromAnotherGroupIsRefusedAndNothingIsImported() throws {
        let panel = SmallPanel()
        defer { panel.panel.remove() }
        let store = try panel.create(rules: [
            ("recuse_same_province = true", "recuse_same_province = false"), ("min_experts = 3", "min_experts = 2"),
        ])
        let round = try store.round()
        let material = ["E1", "E2", "E4"].flatMap { expert in
            ["R1", "R2"].flatMap {
                SmallPanel.rows(expert, $0, kind: .region, stage: .material, tenths: 8, round: round)
            }
        }
        _ = try panel.importScores(material)
        let plan = try store.formDefenseGroups(groups: 2, seed: 3)
        #expect(plan.members.map(\.count) == [2, 2])
        let group = try #require(plan.placement["R1"])
        let outsider = try #require(plan.members[2 - group].first)
        let insider = try #require(plan.members[group - 1].first)
        let before = try store.sheets().count
        #expect {
            _ = try panel.importScores(["\(insider),R1,defense,A1,20", "\(outsider),R1,defense,A1,20"])
        } throws: {
            "\($0)".contains(
                "scores.csv:3: R1 is heard by defence group \(group) and \(outsider) is in group \(3 - group):"
                    + " a defence sheet comes from the candidate's group")
        }
        #expect {
            _ = try panel.importScores(["\(insider),S1,defense,A1,20"])
        } throws: {
            "\($0)".contains("S1 has no slot in the defence: there is no defence to score")
        }
        #expect {
            _ = try panel.importScores(["\(insider),R1,defense,A1,20"])
        } throws: {
            "\($0)".contains("scores.csv:2: R1's defence has not started: its sheets come once it is heard")
        }
        #expect(try store.sheets().count == before)
        // Once R1 is heard, its group's sheet comes in.
        _ = try store.drawDefense(seed: 1)
        let chair = try PanelDatabase.open(at: panel.path, readOnly: true).signIn(id: "C1", pin: "9999")
        while try store.defenseDay(now: 0).slot("R1")?.state != .running {
            try store.defenseSlot(.start(group: group), chair: chair, now: 10)
        }
        _ = try panel.importScores(["\(insider),R1,defense,A1,20"])
        #expect(try store.sheets().count == before + 1)
    }
}
