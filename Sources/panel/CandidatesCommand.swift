import ArgumentParser
import Foundation
import PanelCore
import PanelRuntime
import PanelViews
import PanelStore
import TerminalKit

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

    /// The JSON contract: one object per candidate.
    struct View: Codable {
        var id, kind, name, province, city, county: String
        var level: String?
        var platform: String
        var connected: Bool
        var prior_award: Int?
        var supports: String?
        var province_rank: Int?
        var eligible: Bool
        var findings: [FindingView]
    }
    struct FindingView: Codable {
        var code: String
        var excludes: Bool
        var message: String
    }

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
        let views = rows.map { candidate, findings in
            View(
                id: candidate.id, kind: candidate.kind.rawValue, name: candidate.name, province: candidate.province,
                city: candidate.city, county: candidate.county, level: candidate.level?.rawValue,
                platform: candidate.platform,
                connected: candidate.connected, prior_award: candidate.priorAward, supports: candidate.supports,
                province_rank: candidate.provinceRank, eligible: !findings.contains { $0.excludes },
                findings: findings.map {
                    FindingView(code: $0.code.rawValue, excludes: $0.excludes, message: $0.message)
                })
        }
        switch format {
        case .json:
            try printJSON(views)
        case .csv:
            print(
                csvText(
                    [["id", "kind", "name", "province", "city", "county", "level", "eligible", "reasons"]]
                        + views.map {
                            [
                                $0.id, $0.kind, $0.name, $0.province, $0.city, $0.county, $0.level ?? "",
                                $0.eligible ? "yes" : "no",
                                $0.findings.map(\.code).joined(separator: " "),
                            ]
                        }), terminator: "")
        case .table:
            let table =
                [["编号", "类别", "名称", "省份", "地市", "学段", "资格", "原因"]]
                + views.map {
                    [
                        $0.id, $0.kind == "region" ? "区域" : "学校", $0.name, $0.province, $0.city, $0.level ?? "",
                        $0.eligible ? "符合" : "不符合", $0.findings.map(\.code).joined(separator: ", "),
                    ]
                }
            for line in alignedColumns(table) { print(line) }
            print("\(views.count) candidates, \(views.filter { !$0.eligible }.count) ineligible")
        }
    }
}
