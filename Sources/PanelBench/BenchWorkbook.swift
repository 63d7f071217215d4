import ArgumentParser
import Foundation
import PanelCore
import PanelRuntime
import PanelStore

/// `panel bench workbook`: the same nominations and scores imported from CSV and from a workbook
/// written by libxlsxwriter, timed; the score imports run as `panel import scores` in a process of
/// their own each, so that each one's peak memory is its own (issue 19: XLSX nominations at most 2×
/// their CSV, a million-row score workbook at most 3×, in bounded memory).
struct BenchWorkbook: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workbook",
        abstract: "Time imports of the same data as CSV and as .xlsx (nominations in-process, scores as processes).",
        discussion: """
            The default size gives about 1,000,000 score rows (1,650 regions and 8,250 schools, 7 experts \
            each). Build with -c release.
            """)

    @Option(help: "Regions.") var regions = 1_650
    @Option(help: "Schools.") var schools = 8_250
    @Option(help: "Review experts.") var experts = 460
    @Option(help: "Experts per candidate.") var perCandidate = 7
    @Option(help: "Runs of the nominations import.") var runs = 5
    @Option(help: ArgumentHelp("Keep the files and databases here.", valueName: "dir")) var keep: String?
    @Option(help: ArgumentHelp("The folder with the four round files.", valueName: "dir")) var rubrics =
        "scoring-rubrics"
    @Flag(help: "One JSON object instead of a table.") var json = false

    func run() throws {
        let folder = URL(
            fileURLWithPath: keep
                ?? FileManager.default.temporaryDirectory.appendingPathComponent("panel-bench-\(UUID().uuidString)")
                .path)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { if keep == nil { try? FileManager.default.removeItem(at: folder) } }
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
        var report = BenchReport(sizes: ["regions": regions, "schools": schools, "experts": experts])
        let round = try uncappedRound(from: rubrics, copyTo: folder.appendingPathComponent("rubrics"))
        let synthetic = SyntheticPanel(regions: regions, schools: schools, experts: experts, seed: 1)

        let nominations = Data(synthetic.nominationsCSV().utf8)
        _ = try CSVWorkbook.write(
            csv: nominations, to: path("nominations.xlsx"), sheet: "汇总表", constantMemory: false)
        let book = try Data(contentsOf: URL(fileURLWithPath: path("nominations.xlsx")))
        for run in 0..<runs {
            for (name, data, file) in [
                ("nominations_csv_import_ms", nominations, "nominations.csv"),
                ("nominations_xlsx_import_ms", book, "nominations.xlsx"),
            ] {
                let db = path("n-\(run).sqlite")
                try? FileManager.default.removeItem(atPath: db)
                let store = try PanelDatabase.create(at: db, round: round, force: true)
                report.add(name, try time { _ = try store.importNominations(data: data, file: file) })
            }
        }

        // Two identical panels, one for each score file.
        var kinds: [String: CandidateKind] = [:]
        var assignments: [Assignment] = []
        for name in ["csv", "xlsx"] {
            let db = path("\(name).sqlite")
            try? FileManager.default.removeItem(atPath: db)
            let store = try PanelDatabase.create(at: db, round: round, force: true)
            let imported = try store.importNominations(data: nominations, file: "nominations.csv")
            kinds = Dictionary(uniqueKeysWithValues: imported.candidates.map { ($0.id, $0.kind) })
            _ = try store.importExperts(data: Data(synthetic.expertsCSV().utf8), file: "experts.csv")
            assignments = try store.assign(perCandidate: perCandidate, seed: 1).plan.assignments
        }
        _ = FileManager.default.createFile(atPath: path("scores.csv"), contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path("scores.csv")))
        report.sizes["score_rows"] = try synthetic.scoreRows(
            assignments: assignments, kinds: kinds, round: round, stage: .material, leaveOut: 0.05
        ) { try handle.write(contentsOf: Data($0.utf8)) }
        try handle.close()
        let scores = try Data(contentsOf: URL(fileURLWithPath: path("scores.csv")), options: .alwaysMapped)
        _ = try CSVWorkbook.write(csv: scores, to: path("scores.xlsx"), sheet: "评分", constantMemory: true)
        for name in ["csv", "xlsx"] {
            let file = path("scores.\(name)")
            report.sizes["scores_\(name)_bytes"] =
                (try? FileManager.default.attributesOfItem(atPath: file)[.size])
                .flatMap { $0 as? Int } ?? 0
            let run = try Self.measured(["import", "scores", "--db", path("\(name).sqlite"), file])
            guard run.status == 0 else { throw ValidationError("panel import scores \(file) failed (\(run.status))") }
            report.add("scores_\(name)_import_ms", run.seconds * 1000)
            report.sizes["scores_\(name)_peak_rss_kb"] = run.maxRSSKilobytes
        }
        print(json ? report.json : report.table)
    }

    /// Runs this binary with `arguments`, its output discarded, and returns its time and peak memory.
    static func measured(_ arguments: [String]) throws -> (status: Int32, seconds: Double, maxRSSKilobytes: Int) {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let start = DispatchTime.now().uptimeNanoseconds
        var pid: pid_t = 0
        guard posix_spawn(&pid, executable, &actions, nil, argv, environ) == 0 else {
            throw ValidationError("cannot start \(executable)")
        }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) == -1 && errno == EINTR {}
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return ((status >> 8) & 0xFF, seconds, Int(usage.ru_maxrss))
    }
}
