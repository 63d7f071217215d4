import Foundation
import Testing

/// The real `panel` binary, run as a secretariat would run it.
enum PanelProcess {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        /// Standard output as written, a byte order mark included (the String drops it).
        var stdoutBytes: [UInt8] = []
    }

    static var binary: URL {
        #if os(macOS)
        let bundle = Bundle.allBundles.first { $0.bundlePath.hasSuffix(".xctest") }!
        return bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("panel")
        #else
        return Bundle.main.bundleURL.appendingPathComponent("panel")
        #endif
    }

    /// A started process; `wait()` collects what it wrote.
    final class Running {
        let process = Process()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("panel-run-\(UUID().uuidString)")
        var outURL: URL { folder.appendingPathComponent("out") }
        var errURL: URL { folder.appendingPathComponent("err") }

        init(_ arguments: [String], environment: [String: String], input: String?, detached: Bool) throws {
            if detached {
                process.executableURL = URL(fileURLWithPath: "/usr/bin/setsid")
                process.arguments = ["--wait", PanelProcess.binary.path] + arguments
            } else {
                process.executableURL = PanelProcess.binary
                process.arguments = arguments
            }
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            // Files rather than pipes: a chatty child can never block on a full pipe.
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for url in [outURL, errURL] { _ = FileManager.default.createFile(atPath: url.path, contents: nil) }
            process.standardOutput = try FileHandle(forWritingTo: outURL)
            process.standardError = try FileHandle(forWritingTo: errURL)
            if let input {
                let inURL = folder.appendingPathComponent("in")
                try Data(input.utf8).write(to: inURL)
                process.standardInput = try FileHandle(forReadingFrom: inURL)
            } else {
                process.standardInput = FileHandle.nullDevice
            }
            try process.run()
        }

        func wait() throws -> Result {
            process.waitUntilExit()
            defer { try? FileManager.default.removeItem(at: folder) }
            return Result(
                status: process.terminationStatus,
                stdout: try String(contentsOf: outURL, encoding: .utf8),
                stderr: try String(contentsOf: errURL, encoding: .utf8),
                stdoutBytes: [UInt8](try Data(contentsOf: outURL)))
        }
    }

    /// - Parameter detached: run it without a controlling terminal (setsid), as cron or a pipeline would.
    static func start(
        _ arguments: [String], environment: [String: String] = [:], input: String? = nil, detached: Bool = false
    ) throws -> Running {
        try Running(arguments, environment: environment, input: input, detached: detached)
    }

    static func run(
        _ arguments: [String], environment: [String: String] = [:], input: String? = nil, detached: Bool = false
    ) throws -> Result {
        try start(arguments, environment: environment, input: input, detached: detached).wait()
    }
}

/// A temporary folder with panel databases in it.
struct Workspace {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("panel-cli-\(UUID().uuidString)")

    init() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    func write(_ name: String, _ text: String) throws -> String {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path(name)))
        return path(name)
    }

    /// `panel init` with the shipped sheets and rules, the rules changed by `edits` (each text must occur once).
    func initDatabase(_ name: String, rules edits: [(String, String)] = []) throws -> String {
        let db = path(name)
        var rubrics = RubricCheckCommandTests.repo.appendingPathComponent("scoring-rubrics")
        if !edits.isEmpty {
            let copy = folder.appendingPathComponent("rubrics")
            try FileManager.default.copyItem(at: rubrics, to: copy)
            var text = try String(contentsOf: copy.appendingPathComponent("rules.toml"), encoding: .utf8)
            for (old, new) in edits {
                try #require(text.components(separatedBy: old).count == 2, "'\(old)' must occur once in rules.toml")
                text = text.replacingOccurrences(of: old, with: new)
            }
            try Data(text.utf8).write(to: copy.appendingPathComponent("rules.toml"))
            rubrics = copy
        }
        let run = try PanelProcess.run(["init", "--db", db, "--rubrics", rubrics.path])
        try #require(run.status == 0, "\(run.stderr)")
        return db
    }

    /// `panel demo --no-tui` with the shipped sheets: 25 experts and the chair C01, PIN 0000.
    func demoDatabase(_ name: String) throws -> String {
        let db = path(name)
        let built = try PanelProcess.run([
            "demo", "--no-tui", "--db", db, "--rubrics",
            RubricCheckCommandTests.repo.appendingPathComponent("scoring-rubrics").path,
        ])
        try #require(built.status == 0, "\(built.stderr)")
        return db
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }
}
