import ArgumentParser
import Foundation
import PanelCore
import PanelRuntime
import PanelViews
import PanelStore

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract:
            """
            Why a candidate stands where it does: every expert's total, the aggregates, the final, the tie-breaks,\
             the rules and the chair's decisions.
            """
    )

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The candidate's id.", transform: Identifier.normalized) var id: String

    func run() throws {
        let lines = try database.open(readOnly: true).explanation(of: id) { ranking, input in
            CutLineStability.compute(input, kind: ranking.kind, official: ranking)
        }
        guard let lines else { throw fail("no candidate '\(id)'") }
        for line in lines { say(line) }
    }
}
