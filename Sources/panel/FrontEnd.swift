import ArgumentParser
import Foundation
import NcursesTerminal
import PanelCore
import PanelStore
import PanelTUI

struct TUICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui",
        abstract: "The experts' terminal front end: log in, walk your candidates, score them."
    )

    @OptionGroup var database: DatabaseOptions
    @Option(help: "Fill in this expert id on the login screen.") var expert: String?

    func run() throws {
        try runFrontEnd(databasePath: database.path, expert: expert)
    }
}

/// Runs the front end until the user quits: draw, read a key, update, run the effects, repeat.
func runFrontEnd(databasePath: String, expert: String?) throws {
    let round = try storeCall { try PanelDatabase.open(at: databasePath, readOnly: true).round() }
    try MainActor.assumeIsolated {
        let terminal: TerminalSession
        do {
            terminal = try TerminalSession.start()
        } catch TerminalSession.Failure.noUTF8Locale {
            throw fail("no UTF-8 locale is installed, so Chinese cannot be drawn; install one (C.UTF-8) and try again")
        } catch {
            throw fail("cannot open the terminal (is TERM set?)")
        }
        defer { terminal.stop() }
        var state = AppState(round: round, width: terminal.size.width, height: terminal.size.height, expertID: expert)
        let effects = try EffectRunner(path: databasePath)
        while true {
            terminal.draw(render(state))
            var queue: [Msg]
            switch terminal.nextEvent() {
            case .key(let key): queue = [.key(key)]
            case .resize(let width, let height): queue = [.resize(width: width, height: height)]
            case .hangup: return
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

/// Runs the front end's effects against the database and reports back as messages.
/// `nil` means quit.
final class EffectRunner {
    let path: String
    /// Opened once: every save is one transaction on it, with no reopening or re-parsing.
    let store: PanelDatabase
    /// Who signed in: every write is made as this expert, whatever a message claims.
    private(set) var expert: String?

    init(path: String) throws {
        self.path = path
        store = try storeCall { try PanelDatabase.open(at: path) }
    }

    func run(_ effect: Effect) -> [Msg]? {
        do {
            switch effect {
            case .quit:
                return nil
            case .signIn(let id, let pin):
                do {
                    let expert = try PanelDatabase.signIn(at: path, id: id, pin: pin)
                    self.expert = expert.id
                    return [.signedIn(expert, try store.work(for: expert.id))]
                } catch let error as StoreError {
                    return [.signInRefused(error.description)]
                }
            case .saveScore(let key, let item, let points, let previous):
                do {
                    try store.saveScore(expert: expert ?? "", key: key, item: item, points: points)
                    return [.saved(key, item: item, points)]
                } catch let error as StoreError {
                    return [.saveRefused(key, item: item, previous: previous, reason: error.description)]
                }
            case .submit(let key):
                try store.submitSheet(expert: expert ?? "", key: key)
                return [.submitted(key)]
            case .saveComment(let key, let text):
                try store.saveComment(expert: expert ?? "", key: key, comment: text)
                return [.commentSaved(key, text)]
            case .reload:
                guard let expert else { return [] }
                return [.workLoaded(try store.work(for: expert))]
            }
        } catch let error as StoreError {
            return [.failed(error.description)]
        } catch {
            return [.failed("\(error)")]
        }
    }
}
