import ArgumentParser
import Foundation
import PanelCore
import PanelRuntime
import PanelViews

struct RubricCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rubric",
        abstract: "Work with the indicator sheets and the round's rules.",
        subcommands: [Check.self]
    )

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Check indicator sheets and rules files.",
            discussion: """
                Prints one summary line per good file. Prints every problem as FILE:LINE: message \
                and exits 1 when any file is wrong. A rules file is checked against the region and \
                school sheets given with it, or else those beside it (its tie_break may name their groups).
                """
        )

        @Argument(help: "The files: region.toml, school.toml, defense.toml, rules.toml.")
        var files: [String]

        func run() throws {
            var unreadable: [Problem] = []
            var sources: [SourceFile] = []
            for path in files {
                switch SourceReader.read(path) {
                case .success(let file): sources.append(file)
                case .failure(let problem): unreadable.append(problem)
                }
            }
            let context = siblingSheets(of: sources).compactMap { try? SourceReader.read($0).get() }
            var problemCount = unreadable.count
            for problem in unreadable { printError(problem.description) }
            for (file, result) in RoundFiles.check(sources, context: context) {
                switch result {
                case .success(let round):
                    say("\(file): \(round.summary)")
                case .failure(let problems):
                    problemCount += problems.all.count
                    for problem in problems.all { printError(problem.description) }
                }
            }
            if problemCount > 0 {
                printError("\(problemCount) problem\(problemCount == 1 ? "" : "s") found; fix them and check again.")
                throw ExitCode.failure
            }
        }

        /// region.toml and school.toml beside each rules file, when they were not given.
        private func siblingSheets(of sources: [SourceFile]) -> [String] {
            let given = Set(sources.map { URL(fileURLWithPath: $0.path).standardizedFileURL.path })
            var paths: [String] = []
            for source in sources where source.text.contains("[round]") {
                let folder = URL(fileURLWithPath: source.path).deletingLastPathComponent()
                for name in ["region.toml", "school.toml"] {
                    let path = folder.appendingPathComponent(name).standardizedFileURL.path
                    if !given.contains(path), !paths.contains(path), FileManager.default.fileExists(atPath: path) {
                        paths.append(path)
                    }
                }
            }
            return paths
        }
    }
}
