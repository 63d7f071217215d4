import Foundation
import Testing

/// The deployment the README describes, proven with OpenSSH itself (issue 18): experts' keys bound
/// by `panel expert key`, Debian's sshd on a high port, `ssh -tt` in tmux as an expert would.
@Suite(.serialized) struct SSHDeploymentTests {
    /// A demo panel, two experts' keys bound to E01 and E02, and sshd reading the written block.
    struct Deployment {
        let workspace: Workspace
        let db: String
        let server: SSHServer
        var keys: [String: String] = [:]

        init() throws {
            workspace = try Workspace()
            db = try workspace.demoDatabase("panel.sqlite")
            server = try SSHServer(in: workspace)
            for expert in ["E01", "E02"] {
                let key = workspace.path(expert.lowercased())
                _ = try SSHServer.run([
                    "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "\(expert)@laptop", "-f", key,
                ])
                let added = try PanelProcess.run([
                    "expert", "key", "add", expert, key + ".pub", "--db", db, "--authorized-keys",
                    server.authorizedKeys,
                ])
                try #require(added.status == 0, "\(added.stderr)")
                keys[expert] = key
            }
        }

        func stop() {
            server.stop()
            workspace.remove()
        }

        /// `ssh -tt` with the expert's key, in a terminal of its own.
        func terminal(_ expert: String, _ extra: [String] = [], environment: String = "") throws -> Tmux {
            let command = server.ssh(keys[expert]!, ["-tt"] + extra).joined(separator: " ")
            return try Tmux(command: "\(environment) \(command)", columns: 120, rows: 40)
        }

        func scoreEntries(_ expert: String) throws -> Int {
            try PanelProcess.run(["audit", "log", "--db", db, "--expert", expert]).stdout
                .split(separator: "\n").filter { $0.contains(" \(expert) score sheet \(expert) ") }.count
        }
    }

    @Test func eachKeyLandsInItsOwnExpertsFrontEndAndAScoreSurvivesTheLineDropping() throws {
        let deployment = try Deployment()
        defer { deployment.stop() }
        // E01's key, whatever is typed, is E01: letters never reach the PIN, Tab never the id.
        let first = try deployment.terminal("E01")
        defer { first.kill() }
        try first.waitFor("专家编号:  E01  ")
        try first.type("E02")
        try first.press("Tab")
        try first.press("BTab")
        try first.press("Escape")  // the PIN field got the digits of E02: cleared
        try first.type("0000")
        try first.press("Enter")
        let list = try first.waitFor("(E01)")
        #expect(!list.contains("(E02)"))

        // E02 in another terminal, scoring; then the line drops right after the save.
        let before = try deployment.scoreEntries("E02")
        let second = try deployment.terminal("E02")
        defer { second.kill() }
        try second.waitFor("专家编号:  E02  ")
        try second.type("0000")
        try second.press("Enter")
        try second.waitFor("(E02)")
        try second.type("f")  // only the unfinished ones
        try second.press("Enter")
        try second.waitFor("材料评审")
        try second.type("3")
        try second.press("Enter")
        try second.waitFor("已保存 ")
        second.kill()  // the client and its connection gone, as when a laptop's lid closes
        #expect(try deployment.scoreEntries("E02") == before + 1, "the acknowledged score is in the database")
        // The server's front end ends on the hangup: no panel left running for E02.
        let deadline = Date().addingTimeInterval(10)
        var left = "?"
        while Date() < deadline {
            left = try SSHServer.run(["pgrep", "-f", "tui --db \(deployment.db) --expert E02"]).output
            if left.isEmpty { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        #expect(left.isEmpty, "panel still running for E02: \(left)")
        #expect(try PanelProcess.run(["audit", "verify", "--db", deployment.db]).status == 0)
    }

    @Test func nothingButTheFrontEndIsReachable() throws {
        let deployment = try Deployment()
        defer { deployment.stop() }
        let key = deployment.keys["E01"]!
        let server = deployment.server
        // A command, no terminal: the forced command runs instead, finds no terminal, ends.
        for (options, command) in [([], ["sh", "-c", "id"]), (["-T"], []), (["-T"], ["/bin/sh"])] {
            let run = try SSHServer.run(server.ssh(key, options) + command)
            #expect(run.status != 0 && !run.output.contains("uid="), "\(options) \(command): \(run.output)")
        }
        let command = try SSHServer.run(server.ssh(key) + ["sh", "-c", "id"])
        #expect(
            command.output == "panel tui needs a terminal: connect with ssh -t (an ordinary ssh login gives one)\r\n"
                || command.output
                    == "panel tui needs a terminal: connect with ssh -t (an ordinary ssh login gives one)\n"
        )
        let sftp = try SSHServer.run([
            "sftp", "-b", "/dev/null", "-P", "\(deployment.server.port)", "-i", key, "-o", "StrictHostKeyChecking=no",
            "-o", "UserKnownHostsFile=/dev/null", "-o", "IdentitiesOnly=yes", "-o", "LogLevel=ERROR", "root@127.0.0.1",
        ])
        #expect(sftp.status != 0 && sftp.output.contains("subsystem request failed"), "\(sftp.output)")
        let subsystem = try SSHServer.run(server.ssh(key, ["-s"]) + ["sftp"])
        #expect(subsystem.status != 0 && subsystem.output.contains("subsystem request failed"), "\(subsystem.output)")
        // Remote forwarding refused; local forwarding set up by the client carries nothing.
        let remote = try SSHServer.run(
            server.ssh(key, ["-N", "-R", "0:127.0.0.1:1", "-o", "ExitOnForwardFailure=yes"]))
        #expect(remote.status == 255 && remote.output.contains("remote port forwarding failed"), "\(remote.output)")
        let local = try SSHServer.freePort()
        let tunnel = try SSHServer.spawn(server.ssh(key, ["-N", "-L", "127.0.0.1:\(local):127.0.0.1:\(server.port)"]))
        defer { SSHServer.stop(tunnel) }
        let banner = try SSHServer.run([
            "bash", "-c", "sleep 1.5; exec 3<>/dev/tcp/127.0.0.1/\(local) && timeout 3 head -c 7 <&3",
        ])
        #expect(!banner.output.contains("SSH-2.0"), "a forwarded connection reached sshd: \(banner.output)")
        #expect(
            deployment.server.log.contains("refused local port forward") || deployment.server.log.contains("forwarding")
        )

        // The client's environment is not the server's: LD_PRELOAD sent along is dropped, an
        // agent offered with -A is not forwarded, TERM unknown here is drawn as xterm-256color.
        let agentSocket = deployment.workspace.path("agent.sock")
        let agent = try SSHServer.spawn(["ssh-agent", "-D", "-a", agentSocket])
        defer { SSHServer.stop(agent) }
        let sent = try deployment.terminal(
            "E01", ["-A", "-o", "SetEnv=LD_PRELOAD=/nonexistent/evil.so"],
            environment: "TERM=no-such-terminal SSH_AUTH_SOCK=\(agentSocket)")
        defer { sent.kill() }
        let screen = try sent.waitFor("在服务器上未知，按 xterm-256color 显示")
        #expect(screen.contains("专家编号:  E01  ") && !screen.contains("ld.so") && !screen.contains("evil"))
        // What the front end on the server was given, read from its /proc entry.
        let found = try SSHServer.run(["pgrep", "-f", "tui --db \(deployment.db) --expert E01"]).output
        let pid = try #require(found.split(separator: "\n").first, "no front end for E01 on the server")
        let environment = try Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/environ"))
            .split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        #expect(environment.contains("TERM=no-such-terminal"), "the client's TERM, as sshd passes it")
        #expect(
            !environment.contains { $0.hasPrefix("LD_PRELOAD=") || $0.hasPrefix("SSH_AUTH_SOCK=") }, "\(environment)")
    }

    /// Thirty connections at once, each an expert with a sheet left to score (some of them twice)
    /// signing in and saving a score at the same moment: every save acknowledged on a screen is one
    /// audited score.
    @Test func thirtyConnectionsAtOnceLoseNoScore() throws {
        let deployment = try Deployment()
        defer { deployment.stop() }
        var sessions: [(expert: String, terminal: Tmux)] = []
        defer { for session in sessions { session.terminal.kill() } }
        // The demo's experts who have a sheet left to score (some submitted every one).
        let open = try (1...25).map { String(format: "E%02d", $0) }.filter { expert in
            try PanelProcess.run([
                "export", "template", "scores", "--expert", expert, "--db", deployment.db, "--out",
                deployment.workspace.path("\(expert).xlsx"),
            ]).status == 0
        }
        try #require(open.count >= 15, "\(open)")
        let experts = (0..<30).map { open[$0 % open.count] }
        var keys: [String] = []
        for (index, expert) in experts.enumerated() {
            let key = deployment.workspace.path("k\(index)")
            if let bound = deployment.keys[expert], !keys.contains(bound) {
                keys.append(bound)
                continue
            }
            _ = try SSHServer.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key])
            let added = try PanelProcess.run([
                "expert", "key", "add", expert, key + ".pub", "--db", deployment.db, "--authorized-keys",
                deployment.server.authorizedKeys,
            ])
            try #require(added.status == 0, "\(added.stderr)")
            keys.append(key)
        }
        let before = try PanelProcess.run(["audit", "log", "--db", deployment.db]).stdout
            .split(separator: "\n").filter { $0.contains(" score sheet ") && !$0.contains(" secretariat ") }.count
        for (expert, key) in zip(experts, keys) {
            let command = deployment.server.ssh(key, ["-tt"]).joined(separator: " ")
            sessions.append((expert, try Tmux(command: command, columns: 100, rows: 30)))
        }
        // Each step on every connection before the next step on any: the saves come together.
        for session in sessions { try session.terminal.waitFor("专家编号:  \(session.expert)  ", seconds: 60) }
        for session in sessions {
            try session.terminal.type("0000")
            try session.terminal.press("Enter")
        }
        for session in sessions {
            try session.terminal.waitFor("(\(session.expert))", seconds: 60)
            try session.terminal.type("f")
            // The unfinished ones of the other kind, when every region (or school) is submitted.
            if try session.terminal.waitFor("只显示未完成").contains("没有未完成的评审对象") {
                try session.terminal.press("Tab")
            }
            try session.terminal.press("Enter")
        }
        for session in sessions {
            do {
                try session.terminal.waitFor("材料评审", seconds: 60)
            } catch {
                Issue.record("\(session.expert): \(deployment.server.log.suffix(3000))")
                throw error
            }
        }
        for session in sessions {
            try session.terminal.type("3")
            try session.terminal.press("Enter")
        }
        for session in sessions { try session.terminal.waitFor("已保存 ", seconds: 60) }
        let after = try PanelProcess.run(["audit", "log", "--db", deployment.db]).stdout
            .split(separator: "\n").filter { $0.contains(" score sheet ") && !$0.contains(" secretariat ") }.count
        #expect(after == before + 30, "30 saves acknowledged, \(after - before) recorded")
        #expect(try PanelProcess.run(["audit", "verify", "--db", deployment.db]).status == 0)
    }

    /// `panel bench ssh` times keys and saves on a pseudo-terminal, locally and through this sshd.
    @Test func theSSHBenchReportsKeyAndSaveLatencyBothWays() throws {
        let deployment = try Deployment()
        defer { deployment.stop() }
        let run = try PanelProcess.run([
            "bench", "ssh", "--json", "--db", deployment.db, "--expert", "E01", "--keys", "6", "--saves", "3",
            "--port", "\(deployment.server.port)", "--key", deployment.keys["E01"]!, "--user", "root",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stdout)")
        for (figure, count) in [("local_key_ms", 6), ("local_save_ms", 3), ("ssh_key_ms", 6), ("ssh_save_ms", 3)] {
            let summary = try #require(report[figure] as? [String: Double], "\(figure) in \(run.stdout)")
            #expect(summary["n"] == Double(count) && (summary["median"] ?? 0) > 0, "\(figure): \(summary)")
        }
    }
}
