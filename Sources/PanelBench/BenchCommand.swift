import ArgumentParser
import Foundation
import PanelCore
import PanelStore
import PanelTUI
import PanelRuntime
import PanelViews
import TerminalKit

public struct BenchCommand: ParsableCommand {
    public init() {}

    public static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure panel: a synthetic panel of any size, timed (see `panel bench run --help`).",
        subcommands: [
            BenchRun.self, Keys.self, BenchWriter.self, BenchFirstFrame.self, BenchRank.self, BenchSetup.self,
            BenchDossiers.self, BenchStartup.self, BenchWorkbook.self, BenchSSH.self, BenchDefense.self,
        ],
        defaultSubcommand: BenchRun.self
    )

    struct Keys: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "keys",
            abstract: "Time the front end per key on the demo panel: update+render at 120×40, and saving a score.",
            discussion:
                """
                Works on a copy of the database, so the demo is left as it was. Builds the demo in a temporary\
                 folder when --db does not exist.
                """
        )

        @Option(help: ArgumentHelp("The panel to measure on (default: the demo).", valueName: "path")) var db =
            "demo-panel.sqlite"
        @Option(help: "The expert whose list and sheets are used.") var expert = "E01"
        @Option(help: "How many keys to time.") var keys = 2000

        func run() throws {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "panel-bench-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let copy = folder.appendingPathComponent("bench.sqlite").path
            if FileManager.default.fileExists(atPath: db) {
                let source = try PanelDatabase.open(at: db, readOnly: true)
                try source.copyDatabase(to: copy)
            } else {
                try DemoDatabase(path: copy).build()
            }
            let store = try PanelDatabase.open(at: copy)
            let round = try store.round()
            let work = try store.work(for: expert)
            guard let me = try store.experts().first(where: { $0.id == expert }) else {
                throw Failure("no expert \(expert)")
            }

            // The key sequence an expert types: move, open a sheet, score every item, go back.
            var state = AppState(round: round, width: 120, height: 40)
            _ = update(&state, .signedIn(me, work))
            let script: [Key] =
                [.down, .down, .up, .enter] + Array(repeating: [Key.character("3"), .enter], count: 16).flatMap { $0 }
                + [.character("q")]
            var report = BenchReport(sizes: ["keys": keys, "candidates": work.count, "width": 120, "height": 40])
            var saves: [(SheetKey, String, Points)] = []
            for index in 0..<keys {
                var effects: [Effect] = []
                report.add(
                    "update_render_ms",
                    time {
                        effects = update(&state, .key(script[index % script.count]))
                        _ = render(state)
                    })
                for case .saveScore(let sheet, let item, let points, _) in effects {
                    saves.append((sheet, item, points))
                }
            }
            // Saving: the effect an accepted value triggers, each its own transaction.
            for (sheet, item, points) in saves.prefix(200) {
                guard
                    let elapsed = try? time({
                        try store.saveScore(expert: expert, key: sheet, item: item, points: points)
                    })
                else { continue }
                report.add("save_score_ms", elapsed)
            }
            say(report.json)
        }
    }
}
