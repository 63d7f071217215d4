import ArgumentParser
import Foundation
import PanelRuntime

/// `panel bench ssh`: what an expert feels per key and per save, through a pseudo-terminal, with
/// the front end run locally and (given a port and a key) through ssh, side by side (issue 18).
/// Latency is from writing the key to the first byte of the redraw coming back.
struct BenchSSH: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ssh",
        abstract: "Key and save latency of the front end on a terminal, locally and through ssh (p50/p99).",
        discussion: """
            Signs in as --expert with --pin, opens the first unfinished sheet, then times --keys moves \
            and --saves saves. With --port and --key the same runs through `ssh -tt` to 127.0.0.1 \
            (scripts/panel-sshd.sh, the key bound with `panel expert key add`). Saves write to --db.
            """)

    @Option(help: ArgumentHelp("The panel (its scores change).", valueName: "path")) var db: String
    @Option(help: "The expert to sign in as.") var expert = "E01"
    @Option(help: "Their PIN.") var pin = "0000"
    @Option(help: "Moves to time.") var keys = 200
    @Option(help: "Saves to time.") var saves = 30
    @Option(help: "sshd's port on 127.0.0.1.") var port: Int?
    @Option(help: ArgumentHelp("The expert's private key for ssh.", valueName: "file")) var key: String?
    @Option(help: "The account to log in as over ssh.") var user = ProcessInfo.processInfo.environment["USER"] ?? "root"
    @Flag(help: "One JSON object instead of a table.") var json = false

    func run() throws {
        var report = BenchReport(sizes: ["keys": keys, "saves": saves])
        let panel = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        var routes: [(String, [String])] = [("local", [panel, "tui", "--db", db, "--expert", expert])]
        if let port, let key {
            routes.append(
                (
                    "ssh",
                    [
                        "/usr/bin/ssh", "-tt", "-p", "\(port)", "-i", key, "-o", "StrictHostKeyChecking=no", "-o",
                        "UserKnownHostsFile=/dev/null", "-o", "IdentitiesOnly=yes", "-o", "LogLevel=ERROR",
                        "\(user)@127.0.0.1",
                    ]
                ))
        }
        for (name, command) in routes {
            let session = try PseudoTerminal(command)
            defer { session.end() }
            guard session.waitFor("PIN", seconds: 30) else { throw Failure("\(name): no login screen") }
            session.send(pin + "\r")
            guard session.waitFor("(\(expert))", seconds: 30) else { throw Failure("\(name): the PIN was refused") }
            session.send("f")
            if session.waitFor("没有未完成", seconds: 1) { session.send("\t") }
            session.settle()
            session.send("\r")
            guard session.waitFor("材料评审", seconds: 30) else { throw Failure("\(name): no sheet to score") }
            session.settle()
            report.add("\(name)_key_ms", samples: (0..<keys).map { session.timed($0 % 2 == 0 ? "j" : "k") })
            report.add("\(name)_save_ms", samples: (0..<saves).map { _ in session.timed("1\r") })
        }
        print(json ? report.json : report.table)
    }
}

/// A program on a pseudo-terminal of its own (120×40, UTF-8, xterm-256color), driven by bytes.
final class PseudoTerminal {
    private let master: Int32
    private let pid: pid_t
    private var seen: [UInt8] = []

    init(_ argv: [String]) throws {
        // posix_openpt and its friends are not in Swift's Glibc module: Linux's own calls instead
        // (unlock the pair with TIOCSPTLCK, read its number with TIOCGPTN; devpts needs no grant).
        master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        var unlock: Int32 = 0, number: UInt32 = 0
        guard master >= 0, ioctl(master, 0x4004_5431, &unlock) == 0, ioctl(master, 0x8004_5430, &number) == 0 else {
            throw Failure("no pseudo-terminal")
        }
        let slave = "/dev/pts/\(number)"
        var size = winsize(ws_row: 40, ws_col: 120, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // A session of its own first, so that opening the slave makes it the controlling terminal.
        posix_spawn_file_actions_addopen(&actions, 0, slave, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        posix_spawn_file_actions_addclose(&actions, master)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        // POSIX_SPAWN_SETSID (glibc 2.26) is 0x80; the module does not name it.
        posix_spawnattr_setflags(&attributes, Int16(0x80 | POSIX_SPAWN_SETSIGMASK))
        var environment = ProcessInfo.processInfo.environment
        environment["TERM"] = "xterm-256color"
        environment["LANG"] = "C.UTF-8"
        let env = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        let args = argv.map { strdup($0) } + [nil]
        defer { (env + args).forEach { free($0) } }
        var child: pid_t = 0
        guard posix_spawn(&child, argv[0], &actions, &attributes, args, env) == 0 else {
            throw Failure("cannot start \(argv[0])")
        }
        pid = child
    }

    func send(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
    }

    /// Reads what is there within `milliseconds`; false when nothing came.
    @discardableResult
    private func read(within milliseconds: Int32) -> Bool {
        var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, milliseconds) > 0 else { return false }
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = Glibc.read(master, &chunk, chunk.count)
        guard count > 0 else { return false }
        seen += chunk.prefix(count)
        return true
    }

    /// Waits for `text` among the bytes the program wrote since the last wait.
    func waitFor(_ text: String, seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        let needle = Array(text.utf8)
        while Date() < deadline {
            if seen.firstRange(of: needle) != nil {
                seen.removeAll()
                return true
            }
            read(within: 50)
        }
        return false
    }

    /// Reads until the program has been quiet for 100 ms.
    func settle() {
        while read(within: 100) {}
        seen.removeAll()
    }

    /// Milliseconds from writing `keys` to the first byte of the answer; then lets the redraw finish.
    func timed(_ keys: String) -> Double {
        settle()
        let start = DispatchTime.now().uptimeNanoseconds
        send(keys)
        _ = read(within: 5_000)
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        return elapsed
    }

    func end() {
        kill(pid, SIGHUP)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        close(master)
    }
}
