import Foundation
import Testing

/// One tmux session running a command in a real terminal, driven as a person would drive it.
/// It only ever kills the session it started.
struct Tmux {
    let name = "panel-test-\(UUID().uuidString.prefix(8))"

    init(command: String, columns: Int = 100, rows: Int = 30) throws {
        // `; sleep` keeps the pane readable after the command ends.
        try Self.tmux(["new-session", "-d", "-s", name, "-x", "\(columns)", "-y", "\(rows)",
                       "env -u PANEL_PIN LANG=C.UTF-8 \(command); sleep 30"])
    }

    func type(_ text: String) throws { try Self.tmux(["send-keys", "-t", name, "-l", text]) }
    func press(_ key: String) throws { try Self.tmux(["send-keys", "-t", name, key]) }

    func screen() throws -> String { try Self.tmux(["capture-pane", "-p", "-t", name]) }

    /// Polls the screen until it shows `text`, failing after `seconds`.
    @discardableResult
    func waitFor(_ text: String, seconds: Double = 20, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if last.contains(text) { return last }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Issue.record("the screen never showed '\(text)'; it shows:\n\(last)", sourceLocation: sourceLocation)
        throw CancellationError()
    }

    func kill() { _ = try? Self.tmux(["kill-session", "-t", name]) }

    @discardableResult
    static func tmux(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["tmux"] + arguments
        // A file, not a pipe: the tmux server that new-session starts inherits the descriptor and
        // would hold a pipe open forever.
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        process.standardOutput = try FileHandle(forWritingTo: output)
        try process.run()
        process.waitUntilExit()
        return try String(contentsOf: output, encoding: .utf8)
    }
}
