import Foundation
import PanelCore
import TerminalKit

/// A value that is written as `null` when missing, rather than left out of the object.
struct OrNull<T: Encodable>: Encodable {
    var value: T?
    init(_ value: T?) { self.value = value }
    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        if let value { try container.encode(value) } else { try container.encodeNil() }
    }
}

/// The JSON contract of `panel stats --format json`.
struct StatsView: Encodable {
    struct Settings: Encodable {
        var aggregate: String
        var severity_flag, corridor: Decimal
        var min_sheets, bootstrap, window: Int
        var seed: UInt64
    }
    struct SeverityRow: Encodable {
        var expert: String
        var sheets, compared: Int
        var mean_total: Decimal
        var severity: OrNull<Decimal>
        var flagged: Bool
    }
    struct OutlierRow: Encodable {
        var expert, candidate, stage: String
        var total, others, difference: Decimal
        var other_experts: Int
        var reviewed: OrNull<String>
    }
    struct AgreementRow: Encodable {
        var kind, stage: String
        var group: OrNull<String>
        var units, values: Int
        var alpha: OrNull<Double>
        var note: OrNull<String>
    }
    struct AdjustedRow: Encodable {
        var id: String
        var official_rank, adjusted_rank: OrNull<Int>
        var official_final, adjusted_final: OrNull<Decimal>
        var official_status, adjusted_status: String
    }
    struct AdjustedKind: Encodable {
        var kind: String
        var refusal: OrNull<String>
        var entries: [AdjustedRow]
    }
    struct PlaceRow: Encodable {
        var place: Int
        var id: String
        var official, mean, median: Bool
        var adjusted: OrNull<Bool>
        var bootstrap_wins: Int
        var share: Double
    }
    struct StabilityKind: Encodable {
        var kind: String
        var quota, resamples: Int
        var seed: UInt64
        var adjusted_refusal: OrNull<String>
        var places: [PlaceRow]
    }

    var kinds: [String]
    var settings: Settings
    var severity: [SeverityRow]
    var outliers: [OutlierRow]
    var agreement: [AgreementRow]
    var adjusted: [AdjustedKind]
    var stability: [StabilityKind]

    init(_ report: FairnessReport) {
        let fairness = report.rules.fairness
        kinds = report.kinds.map(\.rawValue)
        settings = Settings(aggregate: report.rules.scoring.aggregate.rawValue, severity_flag: decimal(fairness.severityFlag), corridor: decimal(fairness.corridor),
                            min_sheets: fairness.minSheets, bootstrap: fairness.bootstrap, window: fairness.window, seed: fairness.seed)
        severity = report.severity.map {
            SeverityRow(expert: $0.expert, sheets: $0.sheets, compared: $0.compared, mean_total: decimal($0.meanTotal),
                        severity: OrNull($0.severity.map(decimal)), flagged: $0.flagged)
        }
        outliers = report.outliers.map {
            OutlierRow(expert: $0.key.expert, candidate: $0.key.candidate, stage: $0.key.stage.rawValue, total: decimal($0.total),
                       others: decimal($0.others), difference: decimal($0.difference), other_experts: $0.otherExperts,
                       reviewed: OrNull($0.review.map { "\($0.chair): \($0.note)" }))
        }
        agreement = report.agreement.map {
            AgreementRow(kind: $0.kind.rawValue, stage: $0.stage.rawValue, group: OrNull($0.group), units: $0.units, values: $0.values,
                         alpha: OrNull($0.alpha), note: OrNull($0.note))
        }
        adjusted = zip(report.official, report.adjusted).map { official, view in
            AdjustedKind(kind: view.kind.rawValue, refusal: OrNull(view.refusal), entries: view.ranking.map { adjustedRows(official, $0) } ?? [])
        }
        stability = report.stability.map { kind in
            StabilityKind(kind: kind.kind.rawValue, quota: kind.quota, resamples: kind.resamples, seed: kind.seed, adjusted_refusal: OrNull(kind.adjustedRefusal),
                          places: kind.places.map {
                              PlaceRow(place: $0.place, id: $0.candidate, official: $0.official, mean: $0.mean, median: $0.median,
                                       adjusted: OrNull($0.adjusted), bootstrap_wins: $0.bootstrapWins, share: $0.share)
                          })
        }
    }
}

func decimal(_ points: Points) -> Decimal { Decimal(points.hundredths) / 100 }

/// Official and adjusted side by side, in the official order.
private func adjustedRows(_ official: Ranking, _ adjusted: Ranking) -> [StatsView.AdjustedRow] {
    let other = Dictionary(adjusted.entries.map { ($0.candidate.id, $0) }, uniquingKeysWith: { a, _ in a })
    return official.entries.map { entry in
        let twin = other[entry.candidate.id]
        return StatsView.AdjustedRow(id: entry.candidate.id, official_rank: OrNull(entry.rank), adjusted_rank: OrNull(twin?.rank),
                                     official_final: OrNull(entry.final.map(decimal)), adjusted_final: OrNull(twin?.final.map(decimal)),
                                     official_status: entry.status.rawValue, adjusted_status: twin?.status.rawValue ?? "")
    }
}

/// `+3.25` / `-1.50`: a signed difference in points.
func signed(_ value: Rational) -> String {
    let shown = value.rounded
    return (shown.hundredths >= 0 ? "+" : "-") + Points(hundredths: abs(shown.hundredths)).description
}

/// `panel stats` as text: sections a chair reads top to bottom, columns aligned in display width.
func statsTable(_ report: FairnessReport, histogramWidth: Int = 40) -> [String] {
    let fairness = report.rules.fairness
    func row(_ cells: [(String, Int)]) -> String {
        cells.map { DisplayWidth.padded($0.0, to: $0.1) }.joined(separator: " ").trimmingTrailingSpaces()
    }
    var lines = ["专家宽严 expert severity（材料评分；severity = 本人总分 − 其他专家聚合分 的平均；|severity| > \(fairness.severityFlag) 标记 !）"]
    let range = report.totalsRange
    // The columns, then `|`, then the histogram: the axis starts where the histograms do.
    let axisIndent = 8 + 1 + 5 + 1 + 7 + 1 + 8 + 1 + 2 + 1
    lines.append(DisplayWidth.padded(row([("专家", 8), ("份数", 5), ("平均分", 7), ("severity", 8)]), to: axisIndent)
                 + TextHistogram.axis(low: range.low, high: range.high, width: histogramWidth))
    let totals = Dictionary(uniqueKeysWithValues: report.totalsByExpert.map { ($0.expert, $0.totals) })
    for expert in report.severity {
        let histogram = TextHistogram.line(totals[expert.expert] ?? [], low: range.low, high: range.high, width: histogramWidth)
        lines.append(DisplayWidth.padded(row([(expert.expert, 8), (String(expert.sheets), 5), (expert.meanTotal.rounded.description, 7),
                                               (expert.severity.map(signed) ?? "-", 8), (expert.flagged ? "!" : "", 2)]), to: axisIndent - 1) + "|" + histogram + "|")
    }
    lines += ["", "离群评分表 outlier sheets（与其他专家聚合分相差超过 \(fairness.corridor) 分）：\(report.outliers.count) 份，已复核 \(report.outliers.filter { $0.review != nil }.count) 份"]
    if !report.outliers.isEmpty {
        lines.append(row([("专家", 8), ("候选", 10), ("阶段", 4), ("本表", 7), ("其他", 7), ("相差", 8), ("复核", 20)]))
        for outlier in report.outliers {
            lines.append(row([(outlier.key.expert, 8), (outlier.key.candidate, 10), (outlier.key.stage.chineseName, 4), (outlier.total.description, 7),
                              (outlier.others.rounded.description, 7), (signed(outlier.difference), 8), (outlier.review.map { "\($0.chair): \($0.note)" } ?? "未复核", 20)]))
        }
    }
    lines += ["", "一致性 agreement（Krippendorff's alpha, interval）"]
    for agreement in report.agreement {
        let value = agreement.alpha.map { String(format: "%.3f", $0) } ?? "-"
        lines.append(row([(agreement.label, 14), (value, 7), ("\(agreement.units) 个候选 \(agreement.values) 份", 20), (agreement.note ?? "", 0)]))
    }
    lines += ["", "宽严校正视图 severity-adjusted view（仅供参考，不改变正式排名）"]
    for (official, view) in zip(report.official, report.adjusted) {
        guard let adjusted = view.ranking else { lines.append("\(view.kind.chineseName)：不提供 — \(view.refusal ?? "")"); continue }
        let officialWinners = Set(official.winners.map(\.candidate.id)), adjustedWinners = Set(adjusted.winners.map(\.candidate.id))
        let gained = adjustedWinners.subtracting(officialWinners).sorted(), lost = officialWinners.subtracting(adjustedWinners).sorted()
        lines.append("\(view.kind.chineseName)：获评 \(adjustedWinners.count)/\(adjusted.quota)，与正式名单相同 \(adjustedWinners.intersection(officialWinners).count) 个"
                     + (gained.isEmpty ? "" : "；校正后获评 \(gained.joined(separator: " "))") + (lost.isEmpty ? "" : "；校正后落选 \(lost.joined(separator: " "))"))
    }
    for stability in report.stability {
        lines += ["", "\(stability.kind.chineseName)名额线稳定性 cut-line stability（名额 \(stability.quota)，前后 \(fairness.window) 名；重抽样 \(stability.resamples) 次，seed \(stability.seed)）"]
        if let refusal = stability.adjustedRefusal { lines.append("  宽严校正不可用：\(refusal)") }
        guard !stability.places.isEmpty else { lines.append("  （没有名额线附近的候选）"); continue }
        lines.append(row([("位次", 4), ("编号", 10), ("正式", 4), ("平均", 4), ("中位", 4), ("校正", 4), ("重抽样", 7), ("合计", 6)]))
        for place in stability.places {
            func mark(_ won: Bool?) -> String { won.map { $0 ? "获评" : "-" } ?? "n/a" }
            lines.append(row([(String(place.place), 4), (place.candidate, 10), (mark(place.official), 4), (mark(place.mean), 4), (mark(place.median), 4),
                              (mark(place.adjusted), 4), (place.bootstrapShare.map { String(format: "%.1f%%", $0 * 100) } ?? "-", 7),
                              (String(format: "%.1f%%", place.share * 100), 6)]))
            if place.place == stability.quota { lines.append("  ---- 名额线 quota \(stability.quota) ----") }
        }
    }
    return lines
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var text = Substring(self)
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}
