import ArgumentParser
import Foundation
import PanelCore
import PanelStore

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the panel database and load the round's sheets and rules into it.",
        discussion: "Reads region.toml, school.toml, defense.toml and rules.toml from the rubrics folder; refuses bad ones with the messages of `panel rubric check`. The file is created with mode 0600."
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: ArgumentHelp("The folder with the four round files.", valueName: "dir"))
    var rubrics = "scoring-rubrics"

    @Flag(help: "Replace an existing database (its scores are lost).")
    var force = false

    func run() throws {
        let round = try loadRound(from: rubrics)
        do {
            _ = try PanelDatabase.create(at: database.path, round: round, force: force)
        } catch let error as StoreError {
            throw fail(error.description)
        }
        print("created \(database.path): \(round.rules.round.name)")
        for source in round.sources { print("  \(source.name).toml  sha256 \(source.sha256.prefix(16))…") }
    }
}

/// The four round files of `folder`, or every problem printed and a failure.
func loadRound(from folder: String) throws -> RoundDefinition {
    var files: [SourceFile] = []
    var problems: [Problem] = []
    for name in ["region", "school", "defense", "rules"] {
        switch SourceReader.read(URL(fileURLWithPath: folder).appendingPathComponent("\(name).toml").path) {
        case .success(let file): files.append(file)
        case .failure(let problem): problems.append(problem)
        }
    }
    if problems.isEmpty {
        switch RoundDefinition.load(files) {
        case .success(let loaded): return loaded
        case .failure(let found): problems = found.all
        }
    }
    for problem in problems { printError(problem.description) }
    throw fail("nothing was created; fix the files and run `panel init` again.")
}
