import Foundation
import NcursesTerminal
import PanelCore
import PanelStore
import PanelTUI

/// The front end: draw, read a key, update, run the effects, repeat, until the user quits.
public enum FrontEnd {
    public static func run(databasePath: String, expert: String?) throws {
        // Over ssh without a terminal (`ssh host cmd`, `ssh -T`, sftp) the forced command still runs
        // this: refuse plainly instead of drawing into a pipe.
        guard isatty(STDIN_FILENO) != 0, isatty(STDOUT_FILENO) != 0 else {
            throw Failure("panel tui needs a terminal: connect with ssh -t (an ordinary ssh login gives one)")
        }
        let store = try PanelDatabase.open(at: databasePath, readOnly: true)
        let round = try store.round()
        // A fixed identity shows the expert's name: the key that started this front end said who.
        let fixed = try expert.map { id in (id: id, name: try store.experts().first { $0.id == id }?.name ?? "") }
        try MainActor.assumeIsolated {
            let terminal: TerminalSession
            do {
                terminal = try TerminalSession.start()
            } catch TerminalSession.Failure.noUTF8Locale {
                throw Failure(
                    "no UTF-8 locale is installed, so Chinese cannot be drawn; install one (C.UTF-8) and try again")
            } catch {
                throw Failure("cannot open the terminal (is TERM set?)")
            }
            defer { terminal.stop() }
            var state = AppState(
                round: round, width: terminal.size.width, height: terminal.size.height, fixedExpert: fixed)
            if let note = terminal.note { state.statusLine.say(note, error: true) }
            let effects = try EffectRunner(path: databasePath)
            while true {
                terminal.draw(render(state))
                var queue: [Msg]
                switch terminal.nextEvent() {
                case .key(let key): queue = [.key(key)]
                case .resize(let width, let height): queue = [.resize(width: width, height: height)]
                case .hangup: return
                case .tick: queue = [.tick]
                }
                while !queue.isEmpty {
                    for effect in update(&state, queue.removeFirst()) {
                        guard let result = effects.run(effect) else { return }
                        queue += result
                    }
                }
            }
        }
    }
}
