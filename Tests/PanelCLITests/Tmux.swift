import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// One tmux session running a command in a real terminal, driven as a person would drive it.
/// Each has its own tmux server (socket `-L name`): tests running side by side never share one,
/// and killing it touches nothing else.
struct Tmux {
    let name = "panel-test-\(UUID().uuidString.prefix(8))"

    init(command: String, columns: Int = 100, rows: Int = 30) throws {
        // `; sleep` keeps the pane readable after the command ends.
        try tmux([
            "new-session", "-d", "-s", name, "-x", "\(columns)", "-y", "\(rows)",
            "env -u PANEL_PIN LANG=C.UTF-8 \(command); sleep 30",
        ])
    }

    /// Fills in panel's login screen (id, Tab, PIN, Enter) once it shows.
    func logIn(_ id: String, pin: String) throws {
        try waitFor("专家登录")
        try type(id)
        try press("Tab")
        try type(pin)
        try press("Enter")
    }

    func type(_ text: String) throws { try tmux(["send-keys", "-t", name, "-l", text]) }
    func press(_ key: String) throws { try tmux(["send-keys", "-t", name, key]) }

    func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", name]) }

    /// Polls the screen until it shows `text`, failing after `seconds`.
    @discardableResult
    func waitFor(_ text: String, seconds: Double = 20, sourceLocation: SourceLocation = #_sourceLocation) throws
        -> String
    {
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

    /// Polls until the screen differs from `previous` (a key was handled and drawn), failing after `seconds`.
    @discardableResult
    func waitForChange(
        from previous: String, seconds: Double = 20, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let now = try screen()
            if now != previous { return now }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Issue.record("the screen never changed from:\n\(previous)", sourceLocation: sourceLocation)
        throw CancellationError()
    }

    /// Ends the session (its server, having no other, ends with it) and removes the socket file
    /// the server leaves behind.
    func kill() {
        let socket = (try? tmux(["display-message", "-p", "-t", name, "#{socket_path}"]))?.trimmingCharacters(
            in: .whitespacesAndNewlines)
        _ = try? tmux(["kill-session", "-t", name])
        if let socket, socket.hasSuffix(name) { try? FileManager.default.removeItem(atPath: socket) }
    }

    /// Waits for the program to end (the pane then runs only the `sleep` that keeps it open).
    func waitForExit(seconds: Double = 20, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let command = try tmux(["display-message", "-p", "-t", name, "#{pane_current_command}"])
            if command.trimmingCharacters(in: .whitespacesAndNewlines) == "sleep" { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Issue.record("the program did not exit", sourceLocation: sourceLocation)
        throw CancellationError()
    }

    /// A signal (SIGKILL unless told) to the program this session runs (the pane shell's child
    /// `name`), then waits until it is gone (unless the pane runs more after it).
    func killProgram(_ name: String, signal: Int32 = SIGKILL, waiting: Bool = true) throws {
        let shell = try tmux(["display-message", "-p", "-t", self.name, "#{pane_pid}"]).trimmingCharacters(
            in: .whitespacesAndNewlines)
        let pids = try Self.run("/usr/bin/pgrep", ["-P", shell, "-x", name]).split(separator: "\n").compactMap {
            Int32($0)
        }
        try #require(pids.count == 1, "expected one \(name) under the pane's shell \(shell), found \(pids)")
        Glibc.kill(pids[0], signal)
        if waiting { try waitForExit() }
    }

    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        try Self.run("/usr/bin/env", ["tmux", "-L", name] + arguments)
    }

    /// Runs a program and returns what it printed. posix_spawn and waitpid rather than Process:
    /// tmux's client exits while the server it forked lives on, and Foundation's Process, run
    /// from many test threads at once, was seen never to notice such a client had ended.
    static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = CleanSignals.spawning { posix_spawn(&pid, executable, &actions, &$0, argv, environ) }
        guard spawned == 0 else { throw CocoaError(.executableLoad) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
    }
}

/// What a child starts with: no signal blocked, every signal's default. A test thread blocks
/// signals and a child inherits the mask: an ssh client (and the tmux server, and everything it
/// runs) then never saw the SIGHUP or SIGTERM meant to end it.
enum CleanSignals {
    static func spawning<T>(_ body: (inout posix_spawnattr_t) -> T) -> T {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        sigdelset(&all, SIGKILL)
        sigdelset(&all, SIGSTOP)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        return body(&attributes)
    }
}
