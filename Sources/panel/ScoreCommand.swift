import ArgumentParser
import Foundation
import PanelCore
import PanelRuntime
import PanelViews
import PanelStore

/// `panel score set`: an expert saves scores from the command line, each exactly as the front end
/// saves an accepted value (one audited transaction), and each acknowledged only once committed.
struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Save scores as an expert, as the front end does.",
        subcommands: [SetScore.self]
    )

    struct SetScore: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract: "Save one item's score on your own sheet (or many, one per line, with --batch).",
            discussion: """
                panel score set --as E01 --candidate R-33-1 --stage material --item A1 4.5
                With --batch, standard input gives one score per line: CANDIDATE STAGE ITEM VALUE (spaces or \
                commas). Each is saved in its own transaction and printed as `saved …` once it is in the \
                database; a refused one is printed to standard error with its line, and the rest go on.
                """
        )

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var signIn: SignInOptions
        @Option(help: "The candidate's id.", transform: Identifier.normalized) var candidate: String?
        @Option(help: "material or defense (材料 or 答辩).") var stage: String = "material"
        @Option(help: "The item's id on the indicator sheet, e.g. A1.") var item: String?
        @Argument(help: "The score, with at most two decimals.") var value: String?
        @Flag(help: "Read the scores from standard input, one per line.") var batch = false

        func validate() throws {
            if batch {
                guard candidate == nil, item == nil, value == nil else {
                    throw ValidationError(
                        "--batch reads every score from standard input: give no --candidate, --item or value")
                }
            } else {
                guard candidate != nil, item != nil, value != nil else {
                    throw ValidationError("give --candidate, --item and the value (or --batch)")
                }
            }
        }

        func run() throws {
            guard signIn.id != nil else {
                throw fail(
                    "scores are saved by their expert: pass --as with your id (the PIN from $PANEL_PIN or the prompt)")
            }
            let expert = try signIn.signIn(database)!
            let store = try database.open()
            guard batch else {
                if let refusal = save(store, expert: expert.id, candidate!, stage, item!, value!) {
                    throw fail(refusal)
                }
                return
            }
            var refused = 0, line = 0
            while let text = readLine() {
                line += 1
                let words = text.split { $0 == " " || $0 == "," || $0 == "\t" }.map(String.init)
                guard !words.isEmpty else { continue }
                let refusal =
                    words.count == 4
                    ? save(store, expert: expert.id, words[0], words[1], words[2], words[3])
                    : "expected CANDIDATE STAGE ITEM VALUE, found \(words.count) field\(words.count == 1 ? "" : "s")"
                if let refusal {
                    refused += 1
                    printError("stdin:\(line): \(refusal)")
                }
            }
            if refused > 0 { throw fail("\(refused) of the scores were refused (listed above); the others are saved") }
        }

        /// Saves one score and acknowledges it; the refusal when there is one.
        func save(
            _ store: PanelDatabase, expert: String, _ candidate: String, _ stageText: String, _ item: String,
            _ valueText: String
        ) -> String? {
            guard let stage = Stage(text: stageText) else {
                return "阶段 '\(stageText)' is neither 材料 (material) nor 答辩 (defense)"
            }
            guard let points = Points(parsing: valueText.halfWidthNumber) else {
                return "'\(valueText)' is not a score with at most two decimals"
            }
            do {
                try store.saveScore(
                    expert: expert, key: SheetKey(expert: expert, candidate: candidate, stage: stage), item: item,
                    points: points)
            } catch let error as StoreError {
                return error.description
            } catch {
                return "\(error)"
            }
            // Only after the commit, and straight to the descriptor, unbuffered: whoever reads this
            // line may count on the score being in the database, even if the process dies next.
            FileHandle.standardOutput.write(
                Data("saved \(expert) \(candidate) \(stage.rawValue) \(item) = \(points)\n".utf8))
            return nil
        }
    }
}
