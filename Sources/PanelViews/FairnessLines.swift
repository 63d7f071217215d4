import Foundation
import PanelCore
import TerminalKit

/// `+3.25` / `-1.50`: a signed difference in points.
public func signed(_ value: Rational) -> String {
    let shown = value.rounded
    return (shown.hundredths >= 0 ? "+" : "-") + Points(hundredths: abs(shown.hundredths)).description
}

/// The statistics as text (`panel stats`, the console's 统计 tab): sections a chair reads top to bottom, columns aligned in
/// display width; headings and flagged rows carry their style, for the console to draw.
public func fairnessLines(_ report: FairnessReport, histogramWidth: Int = 40) -> [StyledLine] {
    let fairness = report.rules.fairness
    func row(_ cells: [(String, Int)]) -> String {
        cells.map { DisplayWidth.padded(TerminalSafe.cell($0.0), to: $0.1) }.joined(separator: " ")
            .trimmingTrailingSpaces()
    }
    var lines: [StyledLine] = []
    func heading(_ text: String) { lines.append([Span(text, .header)]) }
    func plain(_ text: String) { lines.append([Span(text)]) }
    heading("专家宽严 expert severity（材料评分；severity = 本人总分 - 其他专家聚合分 的平均；|severity| > \(fairness.severityFlag) 标记 !）")
    let range = report.totalsRange
    // The columns, then `|`, then the histogram: the axis starts where the histograms do.
    let axisIndent = 8 + 1 + 5 + 1 + 7 + 1 + 8 + 1 + 2 + 1
    plain(
        DisplayWidth.padded(row([("专家", 8), ("份数", 5), ("平均分", 7), ("severity", 8)]), to: axisIndent)
            + TextHistogram.axis(low: range.low, high: range.high, width: histogramWidth))
    let totals = Dictionary(uniqueKeysWithValues: report.totalsByExpert.map { ($0.expert, $0.totals) })
    for expert in report.severity {
        let histogram = TextHistogram.line(
            totals[expert.expert] ?? [], low: range.low, high: range.high, width: histogramWidth)
        let text =
            DisplayWidth.padded(
                row([
                    (expert.expert, 8), (String(expert.sheets), 5), (expert.meanTotal.rounded.description, 7),
                    (expert.severity.map(signed) ?? "-", 8), (expert.flagged ? "!" : "", 2),
                ]), to: axisIndent - 1) + "|" + histogram + "|"
        lines.append([Span(text, expert.flagged ? .invalid : .normal)])
    }
    plain("")
    heading(
        """
        离群评分表 outlier sheets（与其他专家聚合分相差超过 \(fairness.corridor) 分）\
        ：\(report.outliers.count) 份，已复核 \(report.outliers.filter { $0.review != nil }.count) 份
        """
    )
    if !report.outliers.isEmpty {
        plain(row([("专家", 8), ("候选", 10), ("阶段", 4), ("本表", 7), ("其他", 7), ("相差", 8), ("复核", 20)]))
        for outlier in report.outliers {
            plain(
                row([
                    (outlier.key.expert, 8), (outlier.key.candidate, 10), (outlier.key.stage.chineseName, 4),
                    (outlier.total.description, 7),
                    (outlier.others.rounded.description, 7), (signed(outlier.difference), 8),
                    (outlier.review.map { "\($0.chair): \($0.note)" } ?? "未复核", 20),
                ]))
        }
    }
    plain("")
    heading("一致性 agreement（Krippendorff's alpha, interval）")
    for agreement in report.agreement {
        let value = agreement.alpha.map { String(format: "%.3f", $0) } ?? "-"
        plain(
            row([
                (agreement.label, 14), (value, 7), ("\(agreement.units) 个候选 \(agreement.values) 份", 20),
                (agreement.note ?? "", 0),
            ]))
    }
    plain("")
    heading("宽严校正视图 severity-adjusted view（仅供参考，不改变正式排名）")
    for (official, view) in zip(report.official, report.adjusted) {
        guard let adjusted = view.ranking, let changes = view.winners(against: official) else {
            plain("\(view.kind.chineseName)：不提供 — \(view.refusal ?? "")")
            continue
        }
        plain(
            """
            \(view.kind.chineseName)：获评 \(adjusted.winners.count)/\(adjusted.quota)，与正式名单相同\
             \(changes.both) 个
            """
                + (changes.gained.isEmpty ? "" : "；校正后获评 \(changes.gained.joined(separator: " "))")
                + (changes.lost.isEmpty ? "" : "；校正后落选 \(changes.lost.joined(separator: " "))"))
    }
    if !report.defenseGroups.isEmpty {
        plain("")
        let official = report.rules.defense.normalize == .groupZscore
        heading(
            "答辩分组 defence groups（normalize = \(report.rules.defense.normalize.rawValue)；"
                + (official
                    ? "正式排名已分组标准化，下列为不标准化的对照）"
                    : "分组标准化仅供参考，不改变正式排名）"))
        for view in report.defenseGroups {
            let figures = view.figures.map {
                "第 \($0.group) 组 \($0.candidates) 个 \($0.sheets) 份 平均 \(String(format: "%.2f", $0.mean))"
                    + " 标准差 \(String(format: "%.2f", $0.spread))"
            }
            let shown = figures.isEmpty ? "尚无已提交的答辩评分" : figures.joined(separator: "；")
            plain("\(view.kind.chineseName)：" + shown)
            guard let variant = view.variant else { continue }
            if let refusal = variant.refusal {
                plain("  \(variant.label)不可用：\(refusal)")
                continue
            }
            plain(
                "  \(variant.label)：名次变动 \(view.moved) 个"
                    + (view.gained.isEmpty ? "" : "；获评 \(view.gained.joined(separator: " "))")
                    + (view.lost.isEmpty ? "" : "；落选 \(view.lost.joined(separator: " "))")
                    + (view.gained.isEmpty && view.lost.isEmpty ? "；获评名单不变" : ""))
        }
    }
    for stability in report.stability {
        plain("")
        heading(
            """
            \(stability.kind.chineseName)名额线稳定性 cut-line stability（名额 \(stability.quota)，\
            前后 \(fairness.window) 名；重抽样 \(stability.resamples) 次，seed \(stability.seed)）
            """
        )
        if let refusal = stability.adjustedRefusal { plain("  宽严校正不可用：\(refusal)") }
        guard !stability.places.isEmpty else { plain("  （没有名额线附近的候选）"); continue }
        // With parallel defence groups, the groups' variant is one more column.
        let grouped: [(String, Int)] =
            stability.groupVariantLabel.map { [($0 == "分组标准化" ? "分组" : "不分组", 6)] } ?? []
        let head: [(String, Int)] = [
            ("位次", 4), ("编号", 10), ("正式", 4), ("平均", 4), ("中位", 4), ("校正", 4),
        ]
        plain(row(head + grouped + [("重抽样", 7), ("合计", 6)]))
        for place in stability.places {
            let mark = PlaceStability.mark
            let verdicts: [(String, Int)] = [
                (String(place.place), 4), (place.candidate, 10), (mark(place.official), 4),
                (mark(place.mean), 4), (mark(place.median), 4), (mark(place.adjusted), 4),
            ]
            let variant: [(String, Int)] = grouped.isEmpty ? [] : [(mark(place.groupVariant), 6)]
            let shares: [(String, Int)] = [
                (place.bootstrapShare.map { String(format: "%.1f%%", $0 * 100) } ?? "-", 7),
                (String(format: "%.1f%%", place.share * 100), 6),
            ]
            plain(row(verdicts + variant + shares))
            if place.place == stability.quota { plain("  ---- 名额线 quota \(stability.quota) ----") }
        }
    }
    return lines
}

extension String {
    public func trimmingTrailingSpaces() -> String {
        var text = Substring(self)
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}
