import ArgumentParser
import Foundation
import PanelCore
import PanelStore

extension ExportCommand {
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The full ranking for the panel's records: every candidate's scores, group averages, status, reasons and the chair's decisions."
        )

        @OptionGroup var database: DatabaseOptions
        @Option(help: "md, csv, json, or html (the fairness statistics with SVG charts, one self-contained page).") var format: ReportFormat = .md
        @Option(help: ArgumentHelp("Write to this file (default: standard output).", valueName: "file")) var out: String?

        enum ReportFormat: String, ExpressibleByArgument { case md, csv, json, html }

        struct Line: Encodable {
            var kind, id, name, province, level, status: String
            var rank: Int?
            var material, defense, final: Decimal?
            var experts: Int
            var groups: [String: Decimal]
            var reasons: [String]
            var decisions: [String]
        }

        func run() throws {
            let store = try openStore(database, readOnly: true)
            let input = try store.scoringInput()
            let decisions = Dictionary(grouping: try store.pool.read { try AuditLog.entries($0) }.filter { $0.actor != Actor.secretariat && !$0.action.hasPrefix("sign-in") && $0.action != "score" }) {
                $0.subject
            }
            var lines: [Line] = []
            for kind in CandidateKind.allCases {
                for entry in ScoringEngine.rank(input, kind: kind).entries {
                    let id = entry.candidate.id
                    let mine = decisions.filter { $0.key.split(separator: " ").contains(Substring(id)) }.values.flatMap { $0 }.sorted { $0.seq < $1.seq }
                    lines.append(Line(kind: kind.rawValue, id: id, name: entry.candidate.name, province: entry.candidate.province,
                                      level: entry.candidate.level?.rawValue ?? "", status: entry.status.rawValue, rank: entry.rank,
                                      material: entry.material.map { decimal($0.value) }, defense: entry.defense.map { decimal($0.value) },
                                      final: entry.final.map(decimal), experts: entry.experts, groups: entry.groups.mapValues(decimal),
                                      reasons: entry.reasons, decisions: mine.map { "\($0.at) \($0.actor) \($0.action): \($0.after ?? "")" }))
                }
            }
            let text: String
            switch format {
            case .json:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                text = String(decoding: try encoder.encode(lines), as: UTF8.self) + "\n"
            case .csv:
                let groups = ["A", "B", "C", "D"]
                let header = ["kind", "rank", "id", "name", "province", "level", "status", "material", "defense", "final", "experts"]
                    + groups.map { "group \($0)" } + ["reasons", "decisions"]
                text = "\u{FEFF}" + csvText([header] + lines.map { csvRow($0, groups: groups) })
            case .md:
                var md = ["# \(input.round.rules.round.name) 评审结果报告" + (input.finalized ? "" : "（草稿）"), ""]
                for kind in CandidateKind.allCases {
                    md += ["## \(kind == .region ? "区域" : "学校")", "", "| 名次 | 编号 | 名称 | 省份 | 材料 | 答辩 | 最终 | 专家 | 状态 | 原因与决定 |", "|---|---|---|---|---|---|---|---|---|---|"]
                    for line in lines where line.kind == kind.rawValue {
                        let notes = (line.reasons + line.decisions).joined(separator: "<br>").replacingOccurrences(of: "|", with: "\\|")
                        md.append("| \(line.rank.map(String.init) ?? "-") | \(line.id) | \(line.name) | \(line.province) | \(line.material.map { "\($0)" } ?? "") | \(line.defense.map { "\($0)" } ?? "") | \(line.final.map { "\($0)" } ?? "") | \(line.experts) | \(line.status) | \(notes) |")
                    }
                    md.append("")
                }
                text = md.joined(separator: "\n") + "\n"
            case .html:
                text = FairnessHTML.render(try storeCall { try store.fairnessReport() }, roundName: input.round.rules.round.name, finalized: input.finalized)
            }
            if let out {
                guard FileManager.default.createFile(atPath: out, contents: Data(text.utf8)) else { throw fail("\(out): cannot write the file") }
            } else {
                print(text, terminator: "")
            }
        }
    
        private func csvRow(_ line: Line, groups: [String]) -> [String] {
            func text(_ value: Decimal?) -> String { value.map { "\($0)" } ?? "" }
            var row = [line.kind, line.rank.map(String.init) ?? "", line.id, line.name, line.province, line.level, line.status]
            row += [text(line.material), text(line.defense), text(line.final), String(line.experts)]
            row += groups.map { text(line.groups[$0]) }
            row += [line.reasons.joined(separator: "; "), line.decisions.joined(separator: "; ")]
            return row.map(WinnerList.neutralized)
        }
    }
}
