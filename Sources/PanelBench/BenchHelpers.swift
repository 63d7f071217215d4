import ArgumentParser
import Foundation
import PanelCore
import PanelStore
import PanelRuntime
import PanelTUI
import PanelViews

/// The hidden helpers of `panel bench`: a writer saving scores as an expert in the front end
/// would, a start-up that stops at the first frame (both run as other processes), a timed
/// read-and-rank for profiling, and the synthetic panel scripts/stress.sh works on.
struct BenchWriter: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "writer", abstract: "Save scores as one expert for a while (used by panel bench).",
        shouldDisplay: false)

    @Option var db: String
    @Option var expert: String
    @Option var seconds: Double = 5
    @Option(help: "Saves per second (0: as fast as it can).") var perSecond: Double = 50

    func run() throws {
        let store = try PanelDatabase.open(at: db)
        let sheets = Self.unstartedSheets(store, expert: expert, round: try store.round())
        let start = Date()
        FileHandle.standardOutput.write(Data("ready\n".utf8))
        var index = 0
        while Date().timeIntervalSince(start) < seconds, !sheets.isEmpty {
            _ = try Self.save(store, expert: expert, sheets: [sheets[index % sheets.count]], count: 1)
            index += 1
            if perSecond > 0 {
                let next = Double(index) / perSecond - Date().timeIntervalSince(start)
                if next > 0 { Thread.sleep(forTimeInterval: next) }
            }
        }
    }

    /// The expert's material sheets with no score yet, with their items.
    static func unstartedSheets(_ store: PanelDatabase, expert: String, round: RoundDefinition) -> [(
        SheetKey, [Indicator]
    )] {
        guard let work = try? store.work(for: expert) else { return [] }
        return work.filter { $0.material == nil && $0.materialAssigned }.map { item in
            (
                SheetKey(expert: expert, candidate: item.candidate.id, stage: .material),
                round.sheet(Stage.material.sheet(for: item.candidate.kind)).items
            )
        }
    }

    /// Saves `count` item scores across the sheets, timing each (ms).
    static func save(_ store: PanelDatabase, expert: String, sheets: [(SheetKey, [Indicator])], count: Int) throws
        -> [Double]
    {
        var timings: [Double] = []
        let items = sheets.flatMap { sheet in sheet.1.map { (sheet.0, $0) } }
        guard !items.isEmpty else { return [] }
        for n in 0..<count {
            let (key, item) = items[n % items.count]
            timings.append(try time { try store.saveScore(expert: expert, key: key, item: item.id, points: item.step) })
        }
        return timings
    }
}

struct BenchFirstFrame: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "first-frame",
        abstract: "Open a panel and render the first frame, then exit (used by panel bench).", shouldDisplay: false)

    @Option var db: String

    func run() throws {
        // What `panel tui` does before its first frame: open the database, read the round, render.
        let store = try PanelDatabase.open(at: db, readOnly: true)
        let state = AppState(round: try store.round(), width: 120, height: 40)
        _ = render(state)
    }
}

struct BenchRank: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rank", abstract: "Read and rank an existing panel, timed (for profiling).", shouldDisplay: false)

    @Option var db: String
    @Option var runs = 5

    func run() throws {
        var report = BenchReport(sizes: [:])
        for _ in 0..<runs {
            var input: ScoringInput?
            report.add("read_ms", try time { input = try PanelDatabase.open(at: db, readOnly: true).scoringInput() })
            report.add("engine_ms", time { _ = ScoringEngine.rank(input!, kinds: CandidateKind.allCases) })
        }
        say(report.table)
    }
}

/// A fresh synthetic panel with experts assigned and nothing scored, and for each expert a file of
/// distinct scores for `panel score set --batch` (used by scripts/stress.sh).
struct BenchSetup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "setup", abstract: "Create a synthetic panel and score batches (used by scripts/stress.sh).",
        shouldDisplay: false)

    @Option var db: String
    @Option var rubrics = "scoring-rubrics"
    @Option var regions = 200
    @Option var schools = 1000
    @Option var experts = 30
    @Option var perCandidate = 7
    @Option(help: "Scores in each expert's batch.") var scores = 1000
    @Option(help: "Write E1.txt … here; with --variant only, the panel is not created again.") var batches: String
    @Option(help: "Shifts every value, so that each round of a stress run saves new ones.") var variant = 0

    func run() throws {
        let synthetic = SyntheticPanel(regions: regions, schools: schools, experts: experts, seed: 1)
        if !FileManager.default.fileExists(atPath: db) {
            let round = try uncappedRound(
                from: rubrics, copyTo: URL(fileURLWithPath: batches).appendingPathComponent("rubrics"))
            let created = try PanelDatabase.create(at: db, round: round, force: false)
            _ = try created.importNominations(data: Data(synthetic.nominationsCSV().utf8), file: "nominations.csv")
            _ = try created.importExperts(data: Data(synthetic.expertsCSV().utf8), file: "experts.csv")
            _ = try created.assign(perCandidate: perCandidate, seed: 1)
        }
        let store = try PanelDatabase.open(at: db)
        let round = try store.round()
        let kinds = Dictionary(uniqueKeysWithValues: try store.candidates().map { ($0.id, $0.kind) })
        let assigned = Dictionary(grouping: try store.assignments(), by: \.expert)
        for n in 1...experts {
            var lines: [String] = []
            for (c, assignment) in (assigned["E\(n)"] ?? []).enumerated() {
                for (i, item) in round.sheet(Stage.material.sheet(for: kinds[assignment.candidate]!)).items.enumerated()
                where lines.count < scores {
                    let steps = item.points.hundredths / item.step.hundredths
                    lines.append(
                        """
                        \(assignment.candidate) material \(item.id)\
                         \(Points(hundredths: ((n + c + i + variant) % (steps + 1)) * item.step.hundredths))
                        """
                    )
                }
            }
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(
                to: URL(fileURLWithPath: "\(batches)/E\(n).txt"))
        }
    }
}

/// The panel a bench measures on (a copy of it, or of a demo built for the purpose) and how it
/// prints its figures.
struct DemoCopyOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The panel to measure on (default: the demo).", valueName: "path")) var db =
        "demo-panel.sqlite"
    @Option(help: ArgumentHelp("The sheets and rules for a demo built here.", valueName: "path")) var rubrics =
        "scoring-rubrics"
    @Flag(help: "One JSON object instead of the table.") var json = false

    /// A copy of `db` to measure on, in a temporary folder of its own (the caller removes it), or a
    /// demo built there when `db` does not exist: a bench never changes the panel it is given.
    func copy() throws -> (folder: URL, copy: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("panel-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let copy = folder.appendingPathComponent("bench.sqlite").path
        if FileManager.default.fileExists(atPath: db) {
            try PanelDatabase.open(at: db, readOnly: true).copyDatabase(to: copy)
        } else {
            try DemoDatabase(path: copy, rubrics: rubrics).build()
        }
        return (folder, copy)
    }
}
