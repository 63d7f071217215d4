import ArgumentParser
import Foundation
import PanelCore
import PanelStore
import PanelTUI
import TerminalKit
import GRDB

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure panel: a synthetic panel of any size, timed (see `panel bench run --help`).",
        subcommands: [BenchRun.self, Keys.self, BenchWriter.self, BenchFirstFrame.self],
        defaultSubcommand: BenchRun.self
    )

    struct Keys: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Time the front end per key on the demo panel: update+render at 120×40, and saving a score.",
            discussion: "Works on a copy of the database, so the demo is left as it was. Builds the demo in a temporary folder when --db does not exist."
        )

        @Option(help: ArgumentHelp("The panel to measure on (default: the demo).", valueName: "path")) var db = "demo-panel.sqlite"
        @Option(help: "The expert whose list and sheets are used.") var expert = "E01"
        @Option(help: "How many keys to time.") var keys = 2000

        func run() throws {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("panel-bench-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let copy = folder.appendingPathComponent("bench.sqlite").path
            if FileManager.default.fileExists(atPath: db) {
                let source = try storeCall { try PanelDatabase.open(at: db, readOnly: true) }
                try source.pool.backup(to: try DatabaseQueue(path: copy))
            } else {
                var demo = try DemoCommand.parse(["--db", copy, "--no-tui"])
                try demo.run()
            }
            let store = try storeCall { try PanelDatabase.open(at: copy) }
            let round = try store.round()
            let work = try store.work(for: expert)
            guard let me = try store.experts().first(where: { $0.id == expert }) else { throw fail("no expert \(expert)") }

            // The key sequence an expert types: move, open a sheet, score every item, go back.
            var state = AppState(round: round, width: 120, height: 40)
            _ = update(&state, .signedIn(me, work))
            let script: [Key] = [.down, .down, .up, .enter] + Array(repeating: [Key.character("3"), .enter], count: 16).flatMap { $0 } + [.character("q")]
            var timings: [Double] = []
            var saves: [(SheetKey, String, Points, Points?)] = []
            for index in 0..<keys {
                let key = script[index % script.count]
                let start = DispatchTime.now().uptimeNanoseconds
                let effects = update(&state, .key(key))
                _ = render(state)
                timings.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000)
                for case .saveScore(let sheet, let item, let points, let previous) in effects { saves.append((sheet, item, points, previous)) }
            }
            // Saving: the effect an accepted value triggers, each its own transaction.
            var saveTimings: [Double] = []
            for (sheet, item, points, _) in saves.prefix(200) {
                let start = DispatchTime.now().uptimeNanoseconds
                do { try store.saveScore(expert: expert, key: sheet, item: item, points: points) } catch { continue }
                saveTimings.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000)
            }
            let report: [String: Any] = [
                "keys": timings.count, "expert": expert, "candidates": work.count, "size": "120x40",
                "update_render_ms": summary(timings), "save_score_ms": summary(saveTimings),
            ]
            let data = try JSONSerialization.data(withJSONObject: report, options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        }

        private func summary(_ values: [Double]) -> [String: Double] {
            guard !values.isEmpty else { return [:] }
            let sorted = values.sorted()
            func at(_ q: Double) -> Double { (sorted[min(sorted.count - 1, Int(Double(sorted.count) * q))] * 1000).rounded() / 1000 }
            return ["p50": at(0.5), "p99": at(0.99), "max": at(1), "count": Double(values.count)]
        }
    }
}
