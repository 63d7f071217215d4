import ArgumentParser
import Foundation
import PanelCore
import PanelStore
import PanelTUI
import PanelRuntime
import PanelViews
import TerminalKit

/// `panel bench`: a synthetic panel of any size, timed from the files to the first frame.
struct BenchRun: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract:
            """
            Generate a synthetic panel and time imports, rank, keys, saves, start-up and memory (build with -c\
             release).
            """
    )

    @Option(help: "Regions.") var regions = 90
    @Option(help: "Schools.") var schools = 450
    @Option(help: "Review experts.") var experts = 25
    @Option(help: "Experts per candidate.") var perCandidate = 7
    @Option(help: "Seed of the synthetic panel.") var seed: UInt64 = 1
    @Option(help: "Runs of each repeated figure.") var runs = 3
    @Option(
        help: ArgumentHelp(
            "Keep the generated files and databases here (default: a temporary folder, removed).", valueName: "dir"))
    var keep: String?
    @Option(help: ArgumentHelp("The folder with the four round files.", valueName: "dir")) var rubrics =
        "scoring-rubrics"
    @Option(help: "How long the 8 other writers save for.") var writerSeconds: Double = 6
    @Option(
        help: "Saves per second of each other writer (0: as fast as it can; an expert saves one every few seconds).")
    var writerRate: Double = 50
    @Option(help: "Resamples for the cut-line stability figure (default: the rules' [fairness] bootstrap).")
    var stabilityResamples: Int?
    @Flag(help: "One JSON object instead of a table.") var json = false

    func run() throws {
        let folder = URL(
            fileURLWithPath: keep
                ?? FileManager.default.temporaryDirectory.appendingPathComponent("panel-bench-\(UUID().uuidString)")
                .path)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { if keep == nil { try? FileManager.default.removeItem(at: folder) } }
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
        var db = ""
        func write(_ file: String, _ rows: ((String) throws -> Void) throws -> Int) throws -> Int {
            _ = FileManager.default.createFile(atPath: file, contents: nil)
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: file))
            defer { try? handle.close() }
            return try rows { try handle.write(contentsOf: Data($0.utf8)) }
        }
        func importScores(_ file: String) throws -> PanelDatabase.ScoreImport {
            try PanelDatabase.open(at: db, readOnly: true).importScores(
                data: try Data(contentsOf: URL(fileURLWithPath: file), options: .alwaysMapped), file: file)
        }
        var report = BenchReport(sizes: [
            "regions": regions, "schools": schools, "experts": experts, "per_candidate": perCandidate,
            "writer_saves_per_second": Int(writerRate),
        ])

        let round = try uncappedRound(from: rubrics, copyTo: folder.appendingPathComponent("rubrics"))

        let synthetic = SyntheticPanel(regions: regions, schools: schools, experts: experts, seed: seed)
        let nominations = Data(synthetic.nominationsCSV().utf8)
        try nominations.write(to: URL(fileURLWithPath: path("nominations.csv")))

        var imported: NominationParser.Import?
        for run in 0..<runs {
            db = path("bench-\(run).sqlite")
            try? FileManager.default.removeItem(atPath: db)
            _ = try PanelDatabase.create(at: db, round: round, force: true)
            report.add(
                "nominations_import_ms",
                try time {
                    imported = try PanelDatabase.open(at: db, readOnly: true).importNominations(
                        data: nominations, file: "nominations.csv")
                })
        }
        _ = try PanelDatabase.open(at: db, readOnly: true).importExperts(
            data: Data(synthetic.expertsCSV().utf8), file: "experts.csv")
        var assignments: [Assignment] = []
        report.add(
            "assign_ms",
            try time {
                assignments = try PanelDatabase.open(at: db).assign(perCandidate: perCandidate, seed: seed).plan
                    .assignments
            })
        let kinds = Dictionary(uniqueKeysWithValues: imported!.candidates.map { ($0.id, $0.kind) })
        report.sizes["score_rows"] = try write(path("scores.csv")) {
            try synthetic.scoreRows(
                assignments: assignments, kinds: kinds, round: round, stage: .material, leaveOut: 0.05, $0)
        }
        report.add("scores_import_ms", try time { _ = try importScores(path("scores.csv")) })

        // The defence, for the shortlist.
        let store = try PanelDatabase.open(at: db)
        let chair = try store.signIn(id: "C1", pin: "0000")
        try store.setDefenseStage(chair: chair, open: true)
        let shortlisted = Set(
            ScoringEngine.rank(try store.scoringInput(), kinds: CandidateKind.allCases).flatMap(\.entries).filter {
                $0.status == .noDefense
            }.map(\.candidate.id))
        report.sizes["defense_rows"] = try write(path("defense.csv")) {
            try synthetic.scoreRows(
                assignments: assignments, kinds: kinds, round: round, stage: .defense, only: shortlisted, $0)
        }
        report.add("defense_import_ms", try time { _ = try importScores(path("defense.csv")) })

        // Rank: the engine on values in memory, and from the database.
        let input = try store.scoringInput()
        var winners = 0
        for _ in 0..<max(runs, 5) {
            report.add(
                "rank_engine_ms",
                time {
                    winners = ScoringEngine.rank(input, kinds: CandidateKind.allCases).map(\.winners.count).reduce(0, +)
                })
            report.add(
                "rank_end_to_end_ms",
                try time {
                    let reader = try PanelDatabase.open(at: db, readOnly: true)
                    let fresh = try reader.scoringInput()
                    _ = ScoringEngine.rank(fresh, kinds: CandidateKind.allCases)
                })
        }
        report.sizes["winners"] = winners

        // Fairness: the statistics as the console's 统计 tab loads them (no resampling), and the
        // cut lines' stability of both kinds, resampled.
        for _ in 0..<runs { report.add("stats_ms", time { _ = FairnessReport.compute(input, stability: false) }) }
        var resampled = input
        if let stabilityResamples { resampled.round.rules.fairness.bootstrap = stabilityResamples }
        report.sizes["stability_resamples"] = resampled.round.rules.fairness.bootstrap
        report.add(
            "stability_ms",
            time { for kind in CandidateKind.allCases { _ = CutLineStability.compute(resampled, kind: kind) } })

        // The front end without a terminal, and saving as it does.
        let work = try store.work(for: "E1")
        let expert = try store.experts().first { $0.id == "E1" }!
        var state = AppState(round: round, width: 120, height: 40)
        _ = update(&state, .signedIn(expert, work))
        func key(_ label: String, _ keys: [Key], repeat count: Int, reset: [Key] = []) {
            for index in 0..<count {
                for key in keys {
                    let start = DispatchTime.now().uptimeNanoseconds
                    _ = update(&state, .key(key))
                    _ = render(state)
                    report.add(label, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
                }
                if index % 50 == 49 { for key in reset { _ = update(&state, .key(key)) } }
            }
        }
        key("key_move_down_ms", [.down], repeat: 500, reset: [.character("g")])
        key("key_search_ms", [.character("/"), .character("第"), .character("1"), .enter], repeat: 100)
        _ = update(&state, .key(.character("g")))
        _ = update(&state, .key(.character("f")))  // unfinished only: the first row has a sheet to score
        _ = update(&state, .key(.enter))
        key("key_score_digit_ms", [.character("1")], repeat: 500, reset: [.escape])
        let targets = BenchWriter.unstartedSheets(store, expert: "E1", round: round)
        report.add("save_score_ms", samples: try BenchWriter.save(store, expert: "E1", sheets: targets, count: 200))
        let writers = try (2...9).map { n in
            try PanelProcess.launch(
                [
                    "bench", "writer", "--db", db, "--expert", "E\(n)", "--seconds", String(writerSeconds),
                    "--per-second", String(writerRate),
                ], output: Pipe())
        }
        // Timed only once every writer has read its list and is saving.
        for writer in writers { _ = (writer.standardOutput as? Pipe)?.fileHandleForReading.readData(ofLength: 6) }
        report.add(
            "save_score_with_8_writers_ms",
            samples: try BenchWriter.save(store, expert: "E1", sheets: targets, count: 200))
        for writer in writers { writer.waitUntilExit() }

        // Start-up: a new process that opens the panel and renders its first frame.
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            let process = try PanelProcess.launch(["bench", "first-frame", "--db", db])
            process.waitUntilExit()
            report.add("startup_to_first_frame_ms", Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        report.sizes["peak_rss_kb"] = Int(usage.ru_maxrss)
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        report.sizes["children_peak_rss_kb"] = Int(usage.ru_maxrss)
        say(json ? report.json : report.table)
    }
}

/// The round files in `rubrics` with the provincial caps lifted (a synthetic panel nominates far
/// more per province than the notice allows), copied to `copy` and loaded from there.
func uncappedRound(from rubrics: String, copyTo copy: URL) throws -> RoundDefinition {
    try? FileManager.default.removeItem(at: copy)
    try FileManager.default.copyItem(at: URL(fileURLWithPath: rubrics), to: copy)
    var rules = try String(contentsOf: copy.appendingPathComponent("rules.toml"), encoding: .utf8)
    for (old, new) in SyntheticPanel.uncappedRules { rules = rules.replacingOccurrences(of: old, with: new) }
    try Data(rules.utf8).write(to: copy.appendingPathComponent("rules.toml"))
    return try loadRound(from: copy.path)
}

/// Times a block in milliseconds.
func time(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
}

/// Figures by name: repeated runs keep every sample; the report gives min/median/max and p99.
struct BenchReport {
    var sizes: [String: Int]
    var samples: [String: [Double]] = [:]
    var order: [String] = []

    init(sizes: [String: Int]) { self.sizes = sizes }

    mutating func add(_ name: String, _ value: Double) { add(name, samples: [value]) }

    mutating func add(_ name: String, samples values: [Double]) {
        guard !values.isEmpty else { return }
        if samples[name] == nil { order.append(name) }
        samples[name, default: []] += values
    }

    func summary(_ name: String) -> [String: Double] {
        let sorted = samples[name]!.sorted()
        func at(_ q: Double) -> Double {
            (sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * q + 0.5))] * 1000).rounded() / 1000
        }
        return ["min": at(0), "median": at(0.5), "p99": at(0.99), "max": at(1), "n": Double(sorted.count)]
    }

    var json: String {
        var object: [String: Any] = ["sizes": sizes]
        for name in order { object[name] = summary(name) }
        let data =
            (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    var table: String {
        var lines = ["sizes: " + sizes.keys.sorted().map { "\($0) \(sizes[$0]!)" }.joined(separator: ", ")]
        lines += alignedColumns(
            [["figure (ms)", "min", "median", "p99", "max", "n"]]
                + order.map { name in
                    let s = summary(name)
                    return [name] + ["min", "median", "p99", "max"].map { String(format: "%.3f", s[$0]!) } + [
                        String(Int(s["n"]!))
                    ]
                })
        return lines.joined(separator: "\n")
    }
}

/// Spawns this same binary.
enum PanelProcess {
    static func launch(_ arguments: [String], output: Pipe? = nil) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = arguments
        process.standardOutput = output ?? FileHandle.nullDevice
        try process.run()
        return process
    }
}
