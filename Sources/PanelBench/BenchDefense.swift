import ArgumentParser
import Foundation
import PanelCore
import PanelRuntime
import PanelStore
import PanelTUI
import TerminalKit

/// `panel bench defense`: what the defence day costs. Every front end reads the day once a second
/// (the clocks move), so that read is timed, with the chair's board drawn from it, and a key on the
/// board (pause, resume), each its own audited transaction.
struct BenchDefense: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "defense",
        abstract: "Time the defence day on the demo: the board's read each second, its drawing, a key on it.")

    @OptionGroup var demo: DemoCopyOptions
    @Option(help: "How many reads of the day to time.") var reads = 1000
    @Option(help: "How many keys (pause, resume in turn) to time.") var keys = 200

    func run() throws {
        let (folder, copy) = try demo.copy()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try PanelDatabase.open(at: copy)
        let chair = try store.signIn(id: DemoPanel.chair, pin: DemoPanel.pin)
        let now = PanelClock.now()
        var day = try store.defenseDay(now: now)
        guard let live = day.slots.first(where: { $0.state == .running }) else {
            throw Failure("no defence under way in \(demo.db): run it on the demo")
        }
        var report = BenchReport(sizes: ["slots": day.slots.count, "groups": day.groups.count, "reads": reads])
        for _ in 0..<reads { report.add("day_read_chair_ms", try time { day = try store.defenseDay(now: now) }) }
        for _ in 0..<reads {
            report.add("day_read_expert_ms", try time { _ = try store.defenseDay(now: now, submissions: false) })
        }

        var state = AppState(round: try store.round(), width: 120, height: 40)
        _ = update(&state, .signedInChair(chair, try store.consoleData()))
        _ = update(&state, .key(.backTab))
        for index in 0..<reads {
            var later = day
            later.now = now + index
            report.add(
                "board_update_render_ms",
                time {
                    _ = update(&state, .defenseLoaded(later))
                    _ = render(state)
                })
        }
        for index in 0..<keys {
            let action: PanelDatabase.SlotAction =
                index % 2 == 0 ? .pause(group: live.group) : .resume(group: live.group)
            report.add("key_ms", try time { try store.defenseSlot(action, chair: chair, now: now + index) })
        }
        say(demo.json ? report.json : report.table)
    }
}
