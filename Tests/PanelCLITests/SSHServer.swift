import Foundation
import Testing

/// Debian's OpenSSH sshd for one test, started by scripts/panel-sshd.sh on 127.0.0.1 at a free
/// port, from a folder of its own (config, host key, authorized_keys, log); never a server of ours.
final class SSHServer {
    let folder: URL
    let port: Int
    private var pid: pid_t = 0
    var authorizedKeys: String { folder.appendingPathComponent("authorized_keys").path }
    var log: String { (try? String(contentsOf: folder.appendingPathComponent("sshd.log"), encoding: .utf8)) ?? "" }

    init(in workspace: Workspace) throws {
        folder = workspace.folder.appendingPathComponent("sshd")
        port = try Self.freePort()
        pid = try Self.spawn([
            "bash", RubricCheckCommandTests.repo.appendingPathComponent("scripts/panel-sshd.sh").path, folder.path,
            "\(port)",
        ])
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, !log.contains("Server listening") { Thread.sleep(forTimeInterval: 0.05) }
        try #require(log.contains("Server listening on 127.0.0.1 port \(port)"), "sshd did not start: \(log)")
    }

    func stop() { Self.stop(pid) }

    /// Starts a program in the background, its output discarded.
    static func spawn(_ arguments: [String]) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd: Int32 in [0, 1, 2] {
            posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        let argv = (["/usr/bin/env"] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = CleanSignals.spawning { posix_spawn(&pid, "/usr/bin/env", &actions, &$0, argv, environ) }
        guard spawned == 0 else { throw CocoaError(.executableLoad) }
        return pid
    }

    static func stop(_ pid: pid_t) {
        kill(pid, SIGTERM)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }

    /// A port nobody listens on now (the kernel's choice for port 0).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        try #require(bound, "no free port")
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// The ssh client's words for this server with `key` (batch mode: never a password prompt).
    func ssh(_ key: String, _ options: [String] = []) -> [String] {
        [
            "ssh", "-p", "\(port)", "-i", key, "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
            "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-o", "LogLevel=ERROR",
        ] + options + ["root@127.0.0.1"]
    }

    /// Runs a client to its end (killed after `seconds`), with what it printed. posix_spawn and
    /// waitpid, as `Tmux.run`: Foundation's Process was seen not to notice a child had ended.
    static func run(_ arguments: [String], seconds: Double = 30) throws -> (status: Int32, output: String) {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("ssh-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = (["/usr/bin/env"] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = CleanSignals.spawning { posix_spawn(&pid, "/usr/bin/env", &actions, &$0, argv, environ) }
        guard spawned == 0 else { throw CocoaError(.executableLoad) }
        var status: Int32 = 0
        let deadline = Date().addingTimeInterval(seconds)
        while waitpid(pid, &status, WNOHANG) == 0 {
            if Date() > deadline {
                kill(pid, SIGKILL)
                waitpid(pid, &status, 0)
                break
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        let exited = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return (exited, (try? String(contentsOfFile: output, encoding: .utf8)) ?? "")
    }
}
