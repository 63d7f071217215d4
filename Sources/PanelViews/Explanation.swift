import Foundation
import PanelCore

/// The explanation as lines of text (pure, so that it can be checked without a database).
/// `defenseSlot`: the candidate's place on the defence day and how it went, when there is one.
public func explanation(
    of id: String, in ranking: Ranking, rules: Rules, decisions: [AuditEntry], stability: CutLineStability? = nil,
    defenseSlot: String? = nil
) -> [String] {
    guard let position = ranking.entries.firstIndex(where: { $0.candidate.id == id }) else { return [] }
    let entry = ranking.entries[position], candidate = entry.candidate, scoring = rules.scoring
    var lines = [
        "\(candidate.id) \(TerminalSafe.cell(candidate.name))（\(candidate.kind.chineseName)，\(candidate.province)）",
        "status: \(entry.status.rawValue) \(entry.status.chineseName)" + (entry.rank.map { ", rank \($0)" } ?? "")
            + " (quota \(ranking.quota))",
    ]
    func stage(_ title: String, _ aggregate: Aggregate?) {
        guard let aggregate else { lines.append("\(title): no complete sheets"); return }
        lines.append("\(title): \(aggregate.method) = \(aggregate.value)")
        for total in aggregate.totals {
            lines.append("  \(total.expert)  \(total.total)\(total.trimmed ? "  (trimmed)" : "")")
        }
    }
    stage("material 材料评审", entry.material)
    if let totals = entry.material?.totals, !totals.isEmpty {
        lines.append("spread  " + spreadPlot(totals.map(\.total), width: 40))
    }
    if !entry.groups.isEmpty {
        lines.append(
            "groups 一级指标: "
                + entry.groups.keys.sorted().map {
                    """
                    \($0) \(entry.groups[$0]!)
                    """
                }.joined(separator: "  "))
    }
    stage("defence 现场答辩", entry.defense)
    if let defenseSlot { lines.append("  \(defenseSlot)") }
    if let final = entry.final, let material = entry.material?.value, let defense = entry.defense?.value {
        lines.append(
            """
            final 最终得分: \(weight(scoring.materialWeight)) × \(material) +\
             \(weight(scoring.defenseWeight)) × \(defense) = \(final)
            """
        )
        lines.append(
            "tie-break: " + zip(scoring.tieBreak, entry.tieBreaks).map { "\($0) \(shown($1))" }.joined(separator: ", "))
        for (label, neighbour) in [("above", position - 1), ("below", position + 1)]
        where ranking.entries.indices.contains(neighbour) {
            let other = ranking.entries[neighbour]
            guard let otherFinal = other.final else { continue }
            lines.append(
                "  \(label): \(other.candidate.id) rank \(other.rank.map(String.init) ?? "-"), final \(otherFinal); "
                    + zip(scoring.tieBreak, other.tieBreaks).map { "\($0) \(shown($1))" }.joined(separator: ", "))
        }
    }
    if let stability { lines.append(stabilityLine(id, stability, window: rules.fairness.window)) }
    lines.append(
        """
        rules: \(scoring.aggregate.rawValue), trim \(scoring.trim) from \(scoring.trimMinExperts) experts,\
         min_experts \(scoring.minExperts), 
        """
            + """
            shortlist \(candidate.kind == .region ? scoring.shortlist.region : scoring.shortlist.school),\
             min_final \(scoring.minFinal), quota \(ranking.quota)
            """
    )
    if !entry.reasons.isEmpty {
        lines.append("reasons:")
        lines += entry.reasons.map { "  \($0)" }
    }
    if !decisions.isEmpty {
        lines.append("decisions on record:")
        lines += decisions.map { "  #\($0.seq) \($0.at) \($0.actor) \($0.action): \($0.after ?? "")" }
    }
    return lines
}

/// `stability 稳定性: …`: in how many variants the candidate wins, if it is near the quota line.
public func stabilityLine(_ id: String, _ stability: CutLineStability, window: Int) -> String {
    guard let place = stability.place(of: id) else {
        return "stability 稳定性: not within \(window) places of the quota line (\(stability.quota))"
    }
    func mark(_ won: Bool) -> String { won ? "wins" : "does not win" }
    let adjusted = place.adjusted.map(mark) ?? "n/a (\(stability.adjustedRefusal ?? "refused"))"
    let resampled =
        place.bootstrapShare.map {
            String(format: "wins in %.1f%% of %d resamples (seed %llu)", $0 * 100, place.resamples, stability.seed)
        } ?? "no resamples"
    return
        """
        stability 稳定性: place \(place.place), quota \(stability.quota); official \(mark(place.official)),\
         mean \(mark(place.mean)), median \(mark(place.median)), 
        """
            + "adjusted \(adjusted); \(resampled); \(String(format: "%.1f%%", place.share * 100)) of all variants"
}

/// A weight kept in hundredths of one, as people write it: 0.6.
private func weight(_ points: Points) -> String {
    Decimal(points.hundredths) / 100 == 1 ? "1" : "\(Decimal(points.hundredths) / 100)"
}

/// The experts' totals on a line from the lowest to the highest: `62 |*   * **  *| 91`, one `*`
/// per expert (a digit where several fall in one column), so a lone outlier shows at a glance.
public func spreadPlot(_ totals: [Points], width: Int) -> String {
    guard let low = totals.min(), let high = totals.max() else { return "" }
    var counts = Array(repeating: 0, count: width)
    let span = max(1, high.hundredths - low.hundredths)
    for total in totals { counts[(total.hundredths - low.hundredths) * (width - 1) / span] += 1 }
    let marks = counts.map { $0 == 0 ? " " : ($0 == 1 ? "*" : String(min($0, 9))) }.joined()
    return "\(low) |\(marks)| \(high)"
}

/// 评分依据: per item, the pages each expert cited, so that the chair can open the very page
/// behind a low or a high score.
public func evidenceLines(_ records: [EvidenceRecord], scores: [SheetKey: ScoreSheet] = [:]) -> [String] {
    guard !records.isEmpty else { return [] }
    var lines = ["evidence 评分依据:"]
    for (item, cited) in Dictionary(grouping: records, by: \.item).sorted(by: { $0.key < $1.key }) {
        for record in cited {
            let score = scores[record.key]?.scores[item].map { " \($0)" } ?? ""
            lines.append(
                "  \(item) \(record.key.expert) \(record.key.stage.chineseName)\(score): \(record.citation.label)")
        }
    }
    return lines
}

/// Sheets submitted before the dossier changed: the chair decides whether they need another look.
public func olderMaterialLines(_ sheets: [(key: SheetKey, newer: [String])]) -> [String] {
    guard !sheets.isEmpty else { return [] }
    return ["scored on older material 旧材料评分:"]
        + sheets.map {
            "  \($0.key.expert) \($0.key.stage.chineseName): since then \($0.newer.map { DisplayName.escaped($0) }.joined(separator: "、"))"
        }
}
