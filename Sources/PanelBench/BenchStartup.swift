import ArgumentParser
import Foundation
import PanelRuntime
import PanelStore

/// `panel bench startup`: what a short panel process costs whole, start to exit, beside the
/// sqlite3 shell doing the equivalent on the same database in the same run. Most of panel runs as
/// short processes (every command, every ssh login), so loading counts as much as work.
struct BenchStartup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "startup",
        abstract: "Time whole panel processes (help, candidates, rank, first frame) against the sqlite3 shell.",
        discussion: "Works on a copy of the demo (built in a temporary folder when --db does not exist).")

    @OptionGroup var demo: DemoCopyOptions
    @Option(help: "Runs of each command.") var runs = 30

    func run() throws {
        let (folder, copy) = try demo.copy()
        defer { try? FileManager.default.removeItem(at: folder) }
        let panel = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        guard let sqlite3 = BoundedProcess.locate("sqlite3") else {
            throw Failure("the sqlite3 shell is not installed (apt-get install sqlite3): it is the comparison")
        }
        // The same candidates as `panel candidates --format json` lists, as the shell prints JSON.
        let query = """
            SELECT id, kind, name, province, city, county, level, platform, connected, prior_award, supports,
                province_rank FROM candidate ORDER BY import_order
            """
        let commands: [(name: String, executable: String, arguments: [String])] = [
            ("help_ms", panel, ["--help"]),
            ("candidates_json_ms", panel, ["candidates", "--db", copy, "--format", "json"]),
            ("sqlite3_candidates_json_ms", sqlite3, ["-json", "-readonly", copy, query]),
            ("rank_region_json_ms", panel, ["rank", "--db", copy, "--kind", "region", "--format", "json"]),
            ("first_frame_ms", panel, ["bench", "first-frame", "--db", copy]),
        ]
        var report = BenchReport(sizes: ["runs": runs])
        // Interleaved, so that the machine's moods fall on every command alike.
        for _ in 0..<runs {
            for command in commands {
                report.add(command.name, try time { try Self.runToExit(command.executable, command.arguments) })
            }
        }
        let panelMedian = report.summary("candidates_json_ms")["median"]!
        let shellMedian = report.summary("sqlite3_candidates_json_ms")["median"]!
        report.sizes["candidates_vs_sqlite3_percent"] = Int(panelMedian / shellMedian * 100)
        say(demo.json ? report.json : report.table)
    }

    /// Starts a process with posix_spawn (its output to /dev/null) and waits for its end.
    /// Foundation's Process is not used here: on Linux it closes every possible descriptor of the
    /// child one by one, tens of milliseconds that would be timed as the command's own.
    static func runToExit(_ executable: String, _ arguments: [String]) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else { throw Failure("cannot start \(executable): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        guard status == 0 else {
            throw Failure("\(executable) \(arguments.joined(separator: " ")) failed (status \(status))")
        }
    }
}
