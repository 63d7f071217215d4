import ArgumentParser
import Foundation
import PanelCore
import PanelRuntime
import PanelStore
import PanelViews

extension ExportCommand {
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract:
                """
                The full ranking for the panel's records: every candidate's scores, group averages, status,\
                 reasons and the chair's decisions.
                """
        )

        @OptionGroup var database: DatabaseOptions
        @Option(help: "md, csv, json, or html (the fairness statistics with SVG charts, one self-contained page).")
        var format: ReportFormat = .md
        @Option(help: ArgumentHelp("Write to this file (default: standard output).", valueName: "file")) var out:
            String?

        enum ReportFormat: String, ExpressibleByArgument { case md, csv, json, html }

        func run() throws {
            let store = try database.open(readOnly: true)
            let input = try store.scoringInput()
            let lines = RoundReport.lines(input, audit: try store.auditEntries(), secretariat: Actor.secretariat)
            let text: String
            switch format {
            case .json: text = try RoundReport.json(lines)
            case .csv: text = RoundReport.csv(lines)
            case .md:
                text = RoundReport.markdown(lines, roundName: input.round.rules.round.name, finalized: input.finalized)
            case .html:
                text = FairnessHTML.render(
                    try store.fairnessReport(), roundName: input.round.rules.round.name, finalized: input.finalized)
            }
            if let out {
                try ExportFile.write(Data(text.utf8), to: out, protecting: database.path)
            } else {
                say(text, terminator: "")
            }
            try reportAuditHead(store)
        }

    }
}
