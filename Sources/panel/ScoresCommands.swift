import ArgumentParser
import Foundation
import PanelCore
import PanelRuntime
import PanelViews
import PanelStore

extension ImportCommand {
    struct Scores: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import score sheets in long form: paper sheets typed in, or offline scoring.",
            discussion: """
                CSV, one row per item: 专家编号/expert_id, 候选编号/candidate_id, 阶段/stage (材料/答辩 or \
                material/defense), 指标/item_id, 分数/score. A sheet with every item counts as submitted; a \
                partial one stays a draft. Importing again replaces the values given. Any bad row rejects the \
                whole file, with every problem listed.
                """
        )

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The CSV file.") var file: String

        func run() throws {
            let result = try importAllOrNothing(file, warnings: \.warnings) { data in
                try database.open(readOnly: true).importScores(data: data, file: file)
            }
            print(
                "imported \(result.sheets) sheets from \(file): \(result.submitted) submitted, \(result.drafts) drafts; \(result.changed) changed"
            )
        }
    }
}

enum ExportFormat: String, ExpressibleByArgument, CaseIterable {
    case csv, json
}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write what the panel holds: score sheets, the winner list, the full report.",
        subcommands: [Scores.self, Winners.self, Report.self]
    )

    struct Scores: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Every score sheet: CSV in the long form `panel import scores` reads, or JSON one object per sheet."
        )

        @OptionGroup var database: DatabaseOptions
        @Option(help: "csv or json.") var format: ExportFormat = .csv

        /// The JSON contract: one object per sheet; scores are exact decimals.
        struct SheetView: Codable {
            var expert_id, candidate_id, stage, status, rubric_sha256: String
            var total: Decimal
            var scores: [String: Decimal]
        }

        func run() throws {
            let store = try database.open(readOnly: true)
            let round = try store.round()
            let kinds = Dictionary(uniqueKeysWithValues: try store.candidates().map { ($0.id, $0.kind) })
            let sheets = try store.sheets()
            func items(of sheet: ScoreSheet) -> [Indicator] {
                let rubric = round.sheet(sheet.key.stage.sheet(for: kinds[sheet.key.candidate] ?? .region))
                return rubric.items.filter { sheet.scores[$0.id] != nil }
            }
            switch format {
            case .json:
                let views = sheets.map { sheet in
                    SheetView(
                        expert_id: sheet.key.expert, candidate_id: sheet.key.candidate, stage: sheet.key.stage.rawValue,
                        status: sheet.status.rawValue, rubric_sha256: sheet.rubricSHA256, total: decimal(sheet.total),
                        scores: sheet.scores.mapValues(decimal))
                }
                try printJSON(views)
            case .csv:
                var rows = [["expert_id", "candidate_id", "stage", "item_id", "score"]]
                for sheet in sheets {
                    for item in items(of: sheet) {
                        rows.append([
                            sheet.key.expert, sheet.key.candidate, sheet.key.stage.rawValue, item.id,
                            sheet.scores[item.id]!.description,
                        ])
                    }
                }
                print(csvText(rows), terminator: "")
            }
        }
    }
}
