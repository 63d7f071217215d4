import ArgumentParser
import Foundation
import PanelCore
import PanelRuntime
import PanelViews
import PanelStore

struct RankCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rank",
        abstract: "The ranking of each kind with every candidate's status and the cut line.",
        discussion:
            """
            --format json prints one object per kind ({kind, quota, finalized, entries}); without --kind, an array\
             of the two.
            """
    )

    @OptionGroup var database: DatabaseOptions
    @Option(help: "region or school (default: both).") var kind: CandidateKind?
    @Option(help: "table, json or csv.") var format: OutputFormat = .table

    func run() throws {
        let store = try database.open(readOnly: true)
        let input = try store.scoringInput()
        let rankings = ScoringEngine.rank(input, kinds: kind.map { [$0] } ?? CandidateKind.allCases)
        switch format {
        case .json:
            if rankings.count == 1 {
                try printJSON(RankingView(rankings[0]))
            } else {
                try printJSON(rankings.map(RankingView.init))
            }
        case .csv:
            var rows = [
                [
                    "kind", "rank", "id", "name", "province", "material", "defense", "final", "experts", "status",
                    "reasons",
                ]
            ]
            for ranking in rankings {
                rows += ranking.entries.map { entry in
                    [
                        ranking.kind.rawValue, entry.rank.map(String.init) ?? "", entry.candidate.id,
                        entry.candidate.name,
                        entry.candidate.province, shown(entry.material?.value), shown(entry.defense?.value),
                        shown(entry.final),
                        String(entry.experts), entry.status.rawValue, entry.reasons.joined(separator: "; "),
                    ]
                }
            }
            say(csvText(rows), terminator: "")
        case .table:
            for (index, ranking) in rankings.enumerated() {
                if index > 0 { say("") }
                for line in rankingTable(ranking) { say(line) }
            }
        }
    }
}
