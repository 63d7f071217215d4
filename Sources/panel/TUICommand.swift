import ArgumentParser
import Foundation
import PanelCore
import PanelViews
import PanelRuntime

struct TUICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui",
        abstract: "The experts' terminal front end: log in, walk your candidates, score them."
    )

    @OptionGroup var database: DatabaseOptions
    @Option(
        help: "Sign in only this expert: the login asks for the PIN alone (the forced command of an ssh key).",
        transform: Identifier.normalized)
    var expert: String?

    func run() throws {
        try FrontEnd.run(databasePath: database.path, expert: expert)
    }
}
