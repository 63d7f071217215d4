import ArgumentParser
import Foundation
import PanelCore
import PanelRuntime
import PanelViews

extension ExportCommand {
    /// Workbooks to send out and import back: the provinces' summary table, the experts file, and
    /// an expert's offline score sheet (issue 19).
    struct Template: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "template",
            abstract: "A workbook to fill in and import back: nominations, experts, or one expert's scores.",
            discussion: """
                The header row is what `panel import` reads, frozen; 类别, 省份, 学段, 接入国家平台, \
                角色 and \
                评审类别 are drop-down lists; 推荐排序 and 往年获评 whole numbers; ids and phone \
                numbers are \
                text, so Excel keeps 13900001100 as typed. A second sheet explains each column and the \
                round's rules. `scores --expert E01` pre-fills that expert's candidates and items, with each \
                item's maximum and step as validation.
                """)

        enum Kind: String, ExpressibleByArgument, CaseIterable { case nominations, experts, scores }

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "nominations, experts or scores.") var kind: Kind
        @Option(help: "For scores: whose candidates.", transform: Identifier.normalized) var expert: String?
        @Option(help: ArgumentHelp("The workbook to write (.xlsx).", valueName: "file")) var out: String

        func run() throws {
            let store = try database.open(readOnly: true)
            let template: WorkbookTemplate
            switch kind {
            case .nominations: template = .nominations(rules: try store.round().rules)
            case .experts: template = .experts()
            case .scores:
                guard let expert else { throw fail("scores: name the expert with --expert E01") }
                guard try store.experts().contains(where: { $0.id == expert }) else {
                    throw fail("there is no expert '\(expert)' — see `panel experts`")
                }
                let assigned = Set(try store.assignments().filter { $0.expert == expert }.map(\.candidate))
                guard !assigned.isEmpty else {
                    throw fail("\(expert) is assigned no candidates — run `panel assign` first")
                }
                // Submitted sheets are not sent out again; a draft goes out with its scores.
                let sheets = try store.sheets().filter { $0.key.expert == expert && $0.key.stage == .material }
                let submitted = Set(sheets.filter { $0.status == .submitted }.map(\.key.candidate))
                let drafts = Dictionary(
                    sheets.filter { $0.status == .draft }.map { ($0.key.candidate, $0.scores) },
                    uniquingKeysWith: { first, _ in first })
                let candidates = try store.candidates().filter {
                    assigned.contains($0.id) && !submitted.contains($0.id)
                }
                guard !candidates.isEmpty else { throw fail("\(expert) has submitted every assigned sheet") }
                template = .scores(expert: expert, candidates: candidates, round: try store.round(), drafts: drafts)
            }
            try ExportFile.write(to: out, protecting: database.path) {
                try TemplateWriter.write(template, to: $0, name: out)
            }
            let rows = template.rows.isEmpty ? "" : ", \(template.rows.count) rows to score"
            printError("wrote \(out) (\(template.sheet)\(rows))")
        }
    }
}
