import ArgumentParser
import Foundation
import PanelCore
import PanelRuntime
import PanelViews
import PanelStore
import PanelTUI

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract:
            """
            Fairness for the chair: expert severity, outlier sheets, agreement (Krippendorff's alpha), the\
             severity-adjusted view and how stable the cut line is.
            """,
        discussion: """
            Severity and the histograms are over submitted material sheets; outliers and agreement cover \
            both stages. The bounds, the minimum sheets for the adjusted view and the resampling are set in \
            rules.toml under [fairness] (severity_flag, corridor, min_sheets, bootstrap, seed, window).
            """
    )

    @OptionGroup var database: DatabaseOptions
    @Option(help: "region or school (default: both).") var kind: CandidateKind?
    @Option(help: "table or json.") var format: Format = .table
    @Flag(
        inversion: .prefixedNo,
        help: "Resample for the stability of the cut line (the slow part: seconds at national size).")
    var stability = true

    enum Format: String, ExpressibleByArgument { case table, json }

    func run() throws {
        let store = try database.open(readOnly: true)
        let report = try store.fairnessReport(kinds: kind.map { [$0] } ?? CandidateKind.allCases, stability: stability)
        let unread = try store.unreadSubmissions()
        switch format {
        case .json:
            var view = StatsView(report)
            view.unread_dossiers = Dictionary(grouping: unread, by: \.expert).mapValues(\.count)
            try printJSON(view)
        case .table:
            for line in fairnessLines(report) { say(line.text) }
            for line in unreadLines(unread) { say(line) }
        }
    }
}

struct OutlierCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outlier",
        abstract:
            """
            Mark an outlier sheet as reviewed (chair), with a note; `panel reopen` gives it back to its expert\
             instead.
            """,
        discussion: "The mark stands while the sheet keeps the total it was made on; `panel stats` lists the outliers."
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var signIn: SignInOptions
    @OptionGroup var sheet: SheetOptions
    @Option(help: "What the review found.") var note: String

    func run() throws {
        let chair = try signIn.chair(database)
        try database.open().reviewOutlier(chair: chair, key: sheet.key, note: note)
        say("\(sheet.described): reviewed — recorded")
    }
}
