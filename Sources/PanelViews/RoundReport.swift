import Foundation
import PanelCore

/// The full ranking for the panel's records (`panel export report`): every candidate's scores,
/// group averages, status, reasons and the chair's decisions, as JSON, CSV or Markdown.
public enum RoundReport {
    public struct Line: Encodable, Sendable {
        public var kind, id, name, province, level, status: String
        public var rank: Int?
        public var material, defense, final: Decimal?
        public var experts: Int
        public var groups: [String: Decimal]
        public var reasons: [String]
        public var decisions: [String]
    }

    /// One line per candidate, regions first, in ranking order. `audit` is the whole log: the
    /// decisions kept are the chair's and the experts' (not the secretariat's, sign-ins, scores or
    /// the defence clock's keys: an absence, a late arrival or a moved slot is a decision, a start is not).
    public static func lines(_ input: ScoringInput, audit: [AuditEntry], secretariat: String) -> [Line] {
        let decisions = Dictionary(
            grouping: audit.filter {
                $0.actor != secretariat && !$0.action.hasPrefix("sign-in") && $0.action != "score"
                    && !AuditEntry.defenseClockActions.contains($0.action)
            }
        ) {
            $0.subject
        }
        var lines: [Line] = []
        for kind in CandidateKind.allCases {
            for entry in ScoringEngine.rank(input, kind: kind).entries {
                let id = entry.candidate.id
                let mine = decisions.filter { $0.key.split(separator: " ").contains(Substring(id)) }.values.flatMap {
                    $0
                }.sorted { $0.seq < $1.seq }
                lines.append(
                    Line(
                        kind: kind.rawValue, id: id, name: entry.candidate.name, province: entry.candidate.province,
                        level: entry.candidate.level?.rawValue ?? "", status: entry.status.rawValue, rank: entry.rank,
                        material: entry.material.map { decimal($0.value) },
                        defense: entry.defense.map { decimal($0.value) },
                        final: entry.final.map(decimal), experts: entry.experts,
                        groups: entry.groups.mapValues(decimal),
                        reasons: entry.reasons,
                        decisions: mine.map { "\($0.at) \($0.actor) \($0.action): \($0.after ?? "")" }))
            }
        }
        return lines
    }

    public static func json(_ lines: [Line]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(lines), as: UTF8.self) + "\n"
    }

    /// With a byte order mark, so that Excel on Chinese Windows reads it as UTF-8; every cell neutralized.
    public static func csv(_ lines: [Line]) -> String {
        let groups = ["A", "B", "C", "D"]
        let header =
            ["kind", "rank", "id", "name", "province", "level", "status", "material", "defense", "final", "experts"]
            + groups.map { "group \($0)" } + ["reasons", "decisions"]
        return "\u{FEFF}" + csvText([header] + lines.map { csvRow($0, groups: groups) })
    }

    public static func markdown(_ lines: [Line], roundName: String, finalized: Bool) -> String {
        var md = ["# \(roundName) 评审结果报告" + (finalized ? "" : "（草稿）"), ""]
        for kind in CandidateKind.allCases {
            md += [
                "## \(kind == .region ? "区域" : "学校")", "", "| 名次 | 编号 | 名称 | 省份 | 材料 | 答辩 | 最终 | 专家 | 状态 | 原因与决定 |",
                "|---|---|---|---|---|---|---|---|---|---|",
            ]
            for line in lines where line.kind == kind.rawValue {
                let notes = (line.reasons + line.decisions).map(WinnerList.markdownCell).joined(separator: "<br>")
                let (id, name) = (WinnerList.markdownCell(line.id), WinnerList.markdownCell(line.name))
                md.append(
                    "| \(line.rank.map(String.init) ?? "-") | \(id) | \(name) | \(line.province) | "
                        + "\(text(line.material)) | \(text(line.defense)) | \(text(line.final)) | "
                        + "\(line.experts) | \(line.status) | \(notes) |"
                )
            }
            md.append("")
        }
        return md.joined(separator: "\n") + "\n"
    }

    private static func text(_ value: Decimal?) -> String { value.map { "\($0)" } ?? "" }

    private static func csvRow(_ line: Line, groups: [String]) -> [String] {
        var row = [
            line.kind, line.rank.map(String.init) ?? "", line.id, line.name, line.province, line.level, line.status,
        ]
        row += [text(line.material), text(line.defense), text(line.final), String(line.experts)]
        row += groups.map { text(line.groups[$0]) }
        row += [line.reasons.joined(separator: "; "), line.decisions.joined(separator: "; ")]
        return row  // csvText neutralizes every cell
    }
}
