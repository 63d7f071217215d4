import ArgumentParser
import Foundation
import PanelCore
import PanelRuntime
import PanelViews
import PanelStore

extension ImportCommand {
    struct Scores: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "scores",
            abstract: "Import score sheets in long form: paper sheets typed in, or offline scoring.",
            discussion: """
                CSV, one row per item: 专家编号/expert_id, 候选编号/candidate_id, 阶段/stage (材料/答辩 or \
                material/defense), 指标/item_id, 分数/score. A sheet with every item counts as submitted; a \
                partial one stays a draft. Importing again replaces the values given, but not in a sheet an \
                expert submitted: that needs --replace-submitted --reason, which goes on the record. A row whose \
                分数 is empty is left out (an offline form half filled in). A workbook (.xlsx, .xls) is read as \
                well, such as the forms of `panel export template scores`. Several files are one import: any bad \
                row in any of them rejects them all, with every problem listed.
                """
        )

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The CSV files or workbooks (.xlsx, .xls).") var files: [String]
        @Option(help: "In a workbook, the sheet to read (default: the first that holds the table).") var sheet: String?
        @Flag(help: "Change sheets that experts have submitted (needs --reason; audited with each sheet).")
        var replaceSubmitted = false
        @Option(help: "Why submitted sheets are changed.") var reason: String?

        func run() throws {
            let bar = ProgressBar(file: files.count == 1 ? files[0] : "\(files.count) files")
            let result = try importAllOrNothing(files, warnings: \.warnings) { read in
                defer { bar?.finish() }
                return try database.open(readOnly: true).importScores(
                    read, sheet: sheet, replacingSubmitted: replaceSubmitted ? (reason ?? "") : nil,
                    progress: bar.map { bar in { bar.report($0) } })
            }
            say(
                """
                imported \(result.sheets) sheets from \(files.count == 1 ? files[0] : "\(files.count) files"): \
                \(result.submitted) submitted, \(result.drafts) drafts; \(result.changed) changed
                """
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
        subcommands: [Scores.self, Winners.self, Report.self, Template.self, Schedule.self]
    )

    struct Scores: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "scores",
            abstract:
                "Every score sheet: CSV in the long form `panel import scores` reads, or JSON one object per sheet."
        )

        @OptionGroup var database: DatabaseOptions
        @Option(help: "csv or json.") var format: ExportFormat = .csv

        func run() throws {
            let store = try database.open(readOnly: true)
            let round = try store.round()
            let kinds = Dictionary(uniqueKeysWithValues: try store.candidates().map { ($0.id, $0.kind) })
            let sheets = try store.sheets()
            let evidence = try store.allEvidence()
            switch format {
            case .json: try printJSON(sheets.map { SheetView($0, evidence: evidence) })
            case .csv: say(SheetView.csv(sheets, round: round, kinds: kinds, evidence: evidence), terminator: "")
            }
            try reportAuditHead(store)
        }
    }
}
