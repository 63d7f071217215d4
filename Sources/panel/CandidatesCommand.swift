import ArgumentParser
import Foundation
import PanelCore
import PanelRuntime
import PanelViews
import PanelStore

struct CandidatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "candidates",
        abstract: "List the candidates with what the notice's eligibility rules say about each."
    )

    @OptionGroup var database: DatabaseOptions
    @Option(help: "table, json or csv.") var format: OutputFormat = .table
    @Option(help: "region or school.") var kind: CandidateKind?
    @Option(help: "Only this province (浙江 or 浙江省).") var province: String?
    @Flag(help: "Only candidates that a rule excludes.") var ineligible = false

    func run() throws {
        let store = try database.open(readOnly: true)
        var provinceName: String?
        if let province {
            guard let found = Province.named(province) else {
                throw fail("--province \(province): not a province-level unit")
            }
            provinceName = found.name
        }
        let rows = try store.candidatesWithFindings().filter { candidate, findings in
            (kind == nil || candidate.kind == kind) && (provinceName == nil || candidate.province == provinceName)
                && (!ineligible || findings.contains { $0.excludes })
        }
        let views = rows.map { CandidateView($0.candidate, findings: $0.findings) }
        switch format {
        case .json: try printJSON(views)
        case .csv: say(CandidateView.csv(views), terminator: "")
        case .table: for line in CandidateView.table(views) { say(line) }
        }
    }
}
