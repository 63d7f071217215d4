import PanelCore
@testable import PanelTUI
import TerminalKit
import Testing

@Suite struct ChairConsoleTests {
    static let chair = ExpertEntry(id: "C01", name: "任组长", province: "北京市", org: "", role: .chair, pin: nil)

    /// A region ranking with a winner, two candidates tied at the cut for the last place, and one outside.
    static func data() -> ConsoleData {
        func entry(_ id: String, _ name: String, rank: Int?, _ status: RankStatus, final: Int?) -> RankEntry {
            RankEntry(
                candidate: Candidate(
                    id: id, kind: .region, name: name, province: "浙江省", city: "", county: "", level: nil,
                    platform: "p", connected: true, priorAward: nil, supports: nil, provinceRank: nil, importOrder: 1),
                rank: rank, status: status, material: nil, defense: nil, final: final.map { Rational($0 * 100) },
                tieBreaks: [],
                experts: 7, reasons: [])
        }
        let regions = Ranking(
            kind: .region, quota: 2, finalized: false,
            entries: [
                entry("R1", "浙江省杭州市上城区", rank: 1, .winner, final: 90),
                entry("R2", "浙江省宁波市高新区", rank: 2, .tieAtCut, final: 85),
                entry("R3", "浙江省温州市鹿城区", rank: 2, .tieAtCut, final: 85),
                entry("R4", "浙江省湖州市吴兴区", rank: 4, .outsideQuota, final: 80),
            ])
        let progress = [
            ExpertProgress(
                expert: ExpertEntry(
                    id: """
                        E01
                        """, name: "王建华", province: "北京市", org: "", role: .expert, pin: nil),
                assigned: 10, materialSubmitted: 9, defenseAssigned: 0, defenseSubmitted: 0, submittedUnread: 3),
            ExpertProgress(
                expert: ExpertEntry(
                    id: """
                        E02
                        """, name: "李丽娟", province: "天津市", org: "", role: .expert, pin: nil),
                assigned: 10, materialSubmitted: 2, defenseAssigned: 0, defenseSubmitted: 0),
        ]
        return ConsoleData(
            rankings: [regions, Ranking(kind: .school, quota: 2, finalized: false, entries: [])], progress: progress,
            defenseOpen: true, finalized: false, changeCounter: 41)
    }

    func console() throws -> AppState {
        var state = AppState(round: try Fixtures.round(), width: 100, height: 30)
        _ = update(&state, .signedInChair(Self.chair, Self.data()))
        return state
    }

    @Test func progressListsTheSlowestExpertFirst() throws {
        let lines = render(try console()).lines
        let e02 = try #require(lines.firstIndex { $0.contains("E02") }),
            e01 = try #require(lines.firstIndex { $0.contains("E01") })
        #expect(e02 < e01)
        #expect(lines[e02].contains("2/10") && lines[e02].hasSuffix("20%"))
    }

    @Test func theRankingDrawsTheCutLineUnderTheTieAndTheChairResolvesIt() throws {
        var state = try console()
        _ = Fixtures.press(&state, [.tab])
        let lines = render(state).lines
        let cut = try #require(lines.firstIndex { $0.contains("---- 名额线 quota 2") })
        #expect(lines[cut - 1].contains("R3") && lines[cut + 1].contains("R4"))
        #expect(Fixtures.press(&state, [.character("w")]).isEmpty)
        #expect(state.status == "R1 不在名额线并列组中")
        _ = Fixtures.press(&state, [.down, .character("w")])
        #expect(state.status.hasPrefix("选定获评: R2"))
        _ = Fixtures.press(&state, [.character("r")] + Fixtures.type("答辩演示更充分"))
        #expect(render(state).lines[27].contains("裁定 R2 获评的理由: 答辩演示更充分_"))
        #expect(Fixtures.press(&state, [.enter]) == [.chair(.resolve(.region, winners: ["R2"], reason: "答辩演示更充分"))])
    }

    @Test func finalizeAsksForThePINAgainMasked() throws {
        var state = try console()
        _ = Fixtures.press(&state, [.character("F")] + Fixtures.type("0000"))
        let screen = render(state).lines.joined(separator: "\n")
        #expect(screen.contains("定稿：再次输入组长 PIN: ****_") && !screen.contains("0000"))
        #expect(Fixtures.press(&state, [.enter]) == [.chair(.finalize(pin: "0000"))])
    }

    @Test func aReasonIsRequiredAndEscCancels() throws {
        var state = try console()
        _ = Fixtures.press(&state, [.tab, .character("x")])
        #expect(Fixtures.press(&state, [.enter]).isEmpty && state.status == "需要填写，已取消")
        _ = Fixtures.press(&state, [.character("f")] + Fixtures.type("数据不符") + [.escape])
        #expect(state.status == "已取消")
        #expect(
            Fixtures.press(&state, [.character("f")] + Fixtures.type("数据不符") + [.enter]) == [
                .chair(.spotCheck("R1", passed: false, note: "数据不符"))
            ])
    }

    @Test func eachTickAsksWhetherAnythingChangedAndFreshDataReplacesTheOld() throws {
        var state = try console()
        #expect(update(&state, .tick) == [.pollChanges(since: 41)])
        var fresh = Self.data()
        fresh.changeCounter = 45
        fresh.progress[1].materialSubmitted = 10
        _ = update(&state, .consoleLoaded(fresh))
        #expect(update(&state, .tick) == [.pollChanges(since: 45)])
        #expect(render(state).lines.contains { $0.contains("E02") && $0.contains("10/10") })
    }

    @Test func enterOpensTheCandidatesPageAndQGoesBack() throws {
        var state = try console()
        #expect(Fixtures.press(&state, [.tab, .enter]) == [.explain("R1")])
        _ = update(&state, .explained("R1", ["R1 浙江省杭州市上城区（区域，浙江省）", "spread  80 |*  *| 95"]))
        #expect(render(state).lines[3].hasPrefix(" R1 浙江省杭州市上城区"))
        _ = Fixtures.press(&state, [.character("q")])
        #expect(render(state).lines[2].contains("名次"))
    }
}

/// The board's keys on the fixture's day: each asks the store for the right key on the right group
/// or slot, and a digit goes to that group.
@Suite struct DefenseBoardKeysTests {
    @Test func eachKeyActsOnTheSelectedRowsGroupOrSlotAndADigitGoesToItsGroup() throws {
        var state = try GoldenScreenTests.consoleDefense(100, 30)
        #expect(Fixtures.console(state)?.selectedSlot?.candidate.id == "R-5")
        #expect(Fixtures.press(&state, [.character("s")]) == [.chair(.defense(.start(group: 1)))])
        #expect(Fixtures.press(&state, [.character("p")]) == [.chair(.defense(.pause(group: 1)))])
        _ = Fixtures.press(&state, [.character("2")])
        #expect(Fixtures.console(state)?.selectedSlot?.candidate.id == "R-4")
        // Group 2's clock is paused: `p` resumes it; `e` ends its defence.
        #expect(Fixtures.press(&state, [.character("p")]) == [.chair(.defense(.resume(group: 2)))])
        #expect(Fixtures.press(&state, [.character("e")]) == [.chair(.defense(.end(group: 2)))])
        // The late S-1 waits at the end: `a` asks why it is absent, Enter records it.
        _ = Fixtures.press(&state, [.character("G")])
        #expect(Fixtures.console(state)?.selectedSlot?.candidate.id == "S-1")
        #expect(Fixtures.press(&state, [.character("l")]) == [.chair(.defense(.late("S-1")))])
        let absent = Fixtures.press(&state, [.character("a")] + Fixtures.type("未到场") + [.enter])
        #expect(absent == [.chair(.defense(.absent("S-1", note: "未到场")))])
        // R-1 is absent: it cannot be late, and it can be reopened with a reason.
        _ = Fixtures.press(&state, [.character("k")])
        #expect(Fixtures.press(&state, [.character("l")]).isEmpty && state.statusIsError)
        let reopened = Fixtures.press(&state, [.character("u")] + Fixtures.type("补答辩") + [.enter])
        #expect(reopened == [.chair(.defense(.reopen("R-1", reason: "补答辩")))])
        _ = Fixtures.press(&state, [.character("7")])
        #expect(state.statusIsError && state.status == "没有第 7 组")
    }
}
