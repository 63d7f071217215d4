import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The front end dying of a signal leaves the expert's terminal usable (issue 21, finding 13):
/// echo and line editing back, the alternate screen left.
@Suite struct CrashRestoreTests {
    @Test(arguments: [SIGSEGV, SIGTERM])
    func aCrashedFrontEndGivesTheTerminalBack(signal: Int32) throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let db = try workspace.initDatabase("panel.sqlite")
        // After panel, the shell prints the terminal's modes: what the expert's shell would get.
        // The Swift runtime's crash report would wait 30 s for a key on a terminal: not here.
        let tmux = try Tmux(
            command: "SWIFT_BACKTRACE=interactive=no \(PanelProcess.binary.path) tui --db \(db); echo MODES; stty -a")
        defer { tmux.kill() }
        try tmux.waitFor("专家登录")
        #expect(try tmux.tmux(["display-message", "-p", "-t", tmux.name, "#{alternate_on}"]) == "1\n")
        try tmux.killProgram("panel", signal: signal, waiting: false)
        // Wait for the end of stty's output (its last setting), not just its first line.
        let screen = try tmux.waitFor("echoke", seconds: 60)
        let modes = screen.components(separatedBy: "MODES").last ?? ""
        #expect(modes.contains(" icanon") && modes.contains(" echo ") && !modes.contains("-icanon"), "\(modes)")
        #expect(try tmux.tmux(["display-message", "-p", "-t", tmux.name, "#{alternate_on}"]) == "0\n")
    }
}
