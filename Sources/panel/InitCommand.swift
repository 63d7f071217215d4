import ArgumentParser
import Foundation
import PanelCore
import PanelRuntime
import PanelViews
import PanelStore

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the panel database and load the round's sheets and rules into it.",
        discussion:
            """
            Reads region.toml, school.toml, defense.toml and rules.toml from the rubrics folder; refuses bad ones\
             with the messages of `panel rubric check`. The file is created with mode 0600.
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: ArgumentHelp("The folder with the four round files.", valueName: "dir"))
    var rubrics = "scoring-rubrics"

    @Flag(help: "Replace an existing database that holds nothing yet, or an empty file.")
    var force = false

    @Flag(help: "With --force: replace a database that holds work (a copy is kept beside it, named .replaced-TIME).")
    var discard = false

    func run() throws {
        let round = try loadRound(from: rubrics)
        _ = try PanelDatabase.create(
            at: database.path, round: round, force: force, discard: discard)
        say("created \(database.path): \(round.rules.round.name)")
        for source in round.sources { say("  \(source.name).toml  sha256 \(source.sha256.prefix(16))…") }
    }
}
