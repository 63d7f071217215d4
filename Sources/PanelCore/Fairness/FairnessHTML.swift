import Foundation

/// `panel export report --format html`: one self-contained page (no script, no font or file from
/// the network) with the statistics as SVG charts and tables, for a browser or a printout.
public enum FairnessHTML {
    /// The colours the charts use; the render check looks for them in the screenshot.
    public static let barColour = "#2a6fdb", flagColour = "#d1495b", lineColour = "#e0a800"

    public static func render(_ report: FairnessReport, roundName: String, finalized: Bool) -> String {
        var body: [String] = []
        body.append("<h1>\(escape(roundName)) 评审公平性报告\(finalized ? "" : "（草稿）")</h1>")
        body.append(
            """
            <p class=note>正式排名按 rules.toml\
             的规则（\(escape(report.rules.scoring.aggregate.rawValue))）；本报告的校正视图与稳定\
            性仅供组长参考。
            """
                + """
                偏差标记 ±\(report.rules.fairness.severityFlag) 分，离群阈值\
                 \(report.rules.fairness.corridor) 分。</p>
                """)
        body += severitySection(report)
        body += histogramSection(report)
        body += outlierSection(report)
        body += agreementSection(report)
        body += adjustedSection(report)
        body += stabilitySection(report)
        return """
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8"><title>\(escape(roundName)) 评审公平性报告</title>
            <style>
            body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif; margin: 24px; color: #222; max-width: 1100px; }
            h1 { font-size: 22px; } h2 { font-size: 18px; margin-top: 32px; border-bottom: 1px solid #ccc; }
            table { border-collapse: collapse; font-size: 13px; margin: 8px 0; } td, th { border: 1px solid #ddd; padding: 3px 8px; text-align: right; }
            th { background: #f3f3f3; } td.l, th.l { text-align: left; } tr.flag td { color: \(flagColour); }
            .note { color: #555; font-size: 13px; } svg { display: block; margin: 8px 0; } svg text { font-size: 11px; fill: #333; }
            </style></head><body>
            \(body.joined(separator: "\n"))
            </body></html>

            """
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func number(_ value: Double, _ places: Int = 2) -> String { String(format: "%.\(places)f", value) }

    /// A diverging bar per expert: left of the axis stricter, right more lenient; the flag bounds dashed.
    static func severitySection(_ report: FairnessReport) -> [String] {
        let rows = report.severity
        var lines = ["<h2>专家宽严 expert severity</h2>", "<p class=note>每位专家：本人总分 − 其他专家对同一候选的聚合分，取平均（材料评分）。</p>"]
        guard !rows.isEmpty else { return lines + ["<p>尚无提交的材料评分。</p>"] }
        let flag = report.rules.fairness.severityFlag.hundredths
        let largest = max(Double(flag) / 100 * 1.5, rows.compactMap { $0.severity.map { abs($0.points) } }.max() ?? 0)
        let width = 700.0, label = 60.0, half = (width - label - 20) / 2, rowHeight = 18.0
        let zero = label + half
        func x(_ points: Double) -> Double { zero + points / largest * half }
        var svg = [
            """
            <svg class=chart id=severity width=\(Int(width)) height=\(Int(Double(rows.count) * rowHeight + 30))\
             xmlns=\"http://www.w3.org/2000/svg\" shape-rendering=\"crispEdges\">
            """
        ]
        for (index, row) in rows.enumerated() {
            let y = 4 + Double(index) * rowHeight
            svg.append("<text x=4 y=\(number(y + 12, 0))>\(escape(row.expert))</text>")
            guard let severity = row.severity?.points else { continue }
            let left = min(x(severity), zero), barWidth = abs(x(severity) - zero)
            svg.append(
                """
                <rect x=\(number(left, 1)) y=\(number(y + 2, 0)) width=\(number(max(barWidth, 1), 1)) height=12\
                 fill=\"\(row.flagged ? flagColour : barColour)\"><title>\(escape(row.expert))\
                 \(number(severity))</title></rect>
                """
            )
        }
        let bottom = Double(rows.count) * rowHeight + 8
        svg.append("<line x1=\(number(zero, 1)) y1=2 x2=\(number(zero, 1)) y2=\(number(bottom, 0)) stroke=\"#333\"/>")
        for bound in [-1.0, 1.0] {
            let position = x(bound * Double(flag) / 100)
            svg.append(
                """
                <line x1=\(number(position, 1)) y1=2 x2=\(number(position, 1)) y2=\(number(bottom, 0))\
                 stroke=\"\(flagColour)\" stroke-dasharray=\"4 3\"/>
                """
            )
            svg.append(
                "<text x=\(number(position - 10, 1)) y=\(number(bottom + 14, 0))>\(bound < 0 ? "-" : "+")\(report.rules.fairness.severityFlag)</text>"
            )
        }
        svg.append("</svg>")
        lines += svg
        lines.append("<table><tr><th class=l>专家</th><th>材料份数</th><th>平均总分</th><th>比较份数</th><th>severity</th></tr>")
        for row in rows {
            lines.append(
                "<tr\(row.flagged ? " class=flag" : "")><td class=l>\(escape(row.expert))</td><td>\(row.sheets)</td><td>\(row.meanTotal.rounded)</td><td>\(row.compared)</td><td>\(row.severity.map { number($0.points) } ?? "-")</td></tr>"
            )
        }
        return lines + ["</table>"]
    }

    /// One histogram per expert on a shared axis, as small rows of bars.
    static func histogramSection(_ report: FairnessReport) -> [String] {
        let experts = report.totalsByExpert
        var lines = ["<h2>各专家材料总分分布 totals per expert</h2>"]
        guard !experts.isEmpty else { return lines }
        let range = report.totalsRange, bins = 40
        let label = 60.0, binWidth = 14.0, rowHeight = 34.0
        var svg = [
            """
            <svg class=chart id=histograms width=\(Int(label + Double(bins) * binWidth + 20))\
             height=\(Int(Double(experts.count) * rowHeight + 24)) xmlns=\"http://www.w3.org/2000/svg\"\
             shape-rendering=\"crispEdges\">
            """
        ]
        for (index, expert) in experts.enumerated() {
            let counts = TextHistogram.counts(expert.totals, low: range.low, high: range.high, width: bins)
            let fullest = Double(max(1, counts.max() ?? 1)), base = Double(index) * rowHeight + rowHeight - 4
            svg.append("<text x=4 y=\(number(base - 8, 0))>\(escape(expert.expert))</text>")
            for (bin, count) in counts.enumerated() where count > 0 {
                let height = Double(count) / fullest * (rowHeight - 8)
                svg.append(
                    """
                    <rect x=\(number(label + Double(bin) * binWidth, 1)) y=\(number(base - height, 1))\
                     width=\(number(binWidth - 2, 1)) height=\(number(height, 1)) fill=\"\(barColour)\"/>
                    """
                )
            }
            svg.append(
                """
                <line x1=\(Int(label)) y1=\(number(base, 1)) x2=\(number(label + Double(bins) * binWidth, 1))\
                 y2=\(number(base, 1)) stroke=\"#999\"/>
                """
            )
        }
        let axisY = Double(experts.count) * rowHeight + 16
        svg.append("<text x=\(Int(label)) y=\(number(axisY, 0))>\(range.low)</text>")
        svg.append(
            "<text x=\(number(label + Double(bins) * binWidth - 24, 0)) y=\(number(axisY, 0))>\(range.high)</text>")
        svg.append("</svg>")
        return lines + svg
    }

    static func outlierSection(_ report: FairnessReport) -> [String] {
        var lines = [
            "<h2>离群评分表 outlier sheets</h2>",
            """
            <p class=note>与其他专家聚合分相差超过 \(report.rules.fairness.corridor)\
             分：\(report.outliers.count) 份，已复核 \(report.outliers.filter { $0.review != nil }.count)\
             份。</p>
            """,
        ]
        guard !report.outliers.isEmpty else { return lines }
        lines.append(
            """
            <table><tr><th class=l>专家</th><th class=l>候选</th><th\
             class=l>阶段</th><th>本表</th><th>其他专家</th><th>相差</th><th class=l>复核</th></tr>
            """
        )
        for outlier in report.outliers {
            lines.append(
                "<tr\(outlier.review == nil ? " class=flag" : "")><td class=l>\(escape(outlier.key.expert))</td><td class=l>\(escape(outlier.key.candidate))</td><td class=l>\(outlier.key.stage.chineseName)</td>"
                    + "<td>\(outlier.total)</td><td>\(outlier.others.rounded)</td><td>\(number(outlier.difference.points))</td><td class=l>\(escape(outlier.review.map { "\($0.chair)：\($0.note)" } ?? "未复核"))</td></tr>"
            )
        }
        return lines + ["</table>"]
    }

    static func agreementSection(_ report: FairnessReport) -> [String] {
        var lines = [
            "<h2>评分一致性 agreement</h2>",
            """
            <p class=note>Krippendorff's alpha（interval）：1 为完全一致，0 为与随机无异。</p>
            """,
            "<table><tr><th class=l>范围</th><th>alpha</th><th>候选</th><th>评分表</th><th class=l></th></tr>",
        ]
        for row in report.agreement {
            let bar =
                row.alpha.map { alpha in
                    """
                    <svg width=120 height=12 style=\"display:inline\" shape-rendering=\"crispEdges\"><rect x=0 y=1\
                     width=\(number(max(0, min(1, alpha)) * 120, 1)) height=10 fill=\"\(barColour)\"/></svg>
                    """
                } ?? escape(row.note ?? "")
            lines.append(
                "<tr><td class=l>\(escape(row.label))</td><td>\(row.alpha.map { number($0, 3) } ?? "-")</td><td>\(row.units)</td><td>\(row.values)</td><td class=l>\(bar)</td></tr>"
            )
        }
        return lines + ["</table>"]
    }

    static func adjustedSection(_ report: FairnessReport) -> [String] {
        var lines = [
            "<h2>宽严校正视图 severity-adjusted view</h2>",
            """
            <p class=note>每位专家的总分按本人所有评分标准化，\
            再映射回全体的平均分与离散度；仅供参考，不改变正式排名。</p>
            """,
        ]
        for (official, view) in zip(report.official, report.adjusted) {
            guard let adjusted = view.ranking, let changes = view.winners(against: official) else {
                lines.append("<p>\(view.kind.chineseName)：不提供 — \(escape(view.refusal ?? ""))</p>")
                continue
            }
            lines.append(
                """
                <p>\(view.kind.chineseName)：校正后获评 \(adjusted.winners.count)/\(adjusted.quota)，\
                与正式名单相同 \(changes.both) 个；
                """
                    + "校正后新增 \(escape(changes.gained.joined(separator: " ")).nonEmpty ?? "无")；校正后落选 \(escape(changes.lost.joined(separator: " ")).nonEmpty ?? "无")。</p>"
            )
        }
        return lines
    }

    /// Per kind: a bar of each nearby candidate's share of winning variants, the quota line
    /// drawn between the last place inside and the first outside, then each one's experts' totals.
    static func stabilitySection(_ report: FairnessReport) -> [String] {
        var lines: [String] = []
        for stability in report.stability {
            lines.append("<h2>\(stability.kind.chineseName)名额线稳定性 cut-line stability</h2>")
            lines.append(
                """
                <p class=note>名额 \(stability.quota)；正式规则、平均、中位数、宽严校正与\
                 \(stability.resamples) 次专家重抽样（seed \(stability.seed)）中获评的比例。
                """
                    + (stability.adjustedRefusal.map { " 宽严校正不可用：\(escape($0))" } ?? "") + "</p>")
            guard !stability.places.isEmpty else { lines.append("<p>名额线附近没有候选。</p>"); continue }
            let label = 90.0, width = 400.0, rowHeight = 18.0
            var svg = [
                """
                <svg class=chart id=\"stability-\(stability.kind.rawValue)\" width=\(Int(label + width + 60))\
                 height=\(Int(Double(stability.places.count) * rowHeight + 10)) xmlns=\"http://www.w3.org/2000/svg\
                \" shape-rendering=\"crispEdges\">
                """
            ]
            for (index, place) in stability.places.enumerated() {
                let y = 4 + Double(index) * rowHeight
                svg.append("<text x=4 y=\(number(y + 12, 0))>\(place.place) \(escape(place.candidate))</text>")
                svg.append(
                    """
                    <rect x=\(Int(label)) y=\(number(y + 2, 0)) width=\(number(max(1, place.share * width), 1))\
                     height=12 fill=\"\(place.official ? barColour : flagColour)\"/>
                    """
                )
                svg.append(
                    """
                    <text x=\(number(label + width + 6, 0))\
                     y=\(number(y + 12, 0))>\(number(place.share * 100, 1))%</text>
                    """
                )
                if place.place == stability.quota {
                    svg.append(
                        """
                        <line x1=0 y1=\(number(y + rowHeight, 0)) x2=\(Int(label + width + 60))\
                         y2=\(number(y + rowHeight, 0)) stroke=\"\(lineColour)\" stroke-width=\"2\"/>
                        """
                    )
                }
            }
            svg.append("</svg>")
            lines += svg
            lines.append(
                """
                <table><tr><th>位次</th><th class=l>候选</th><th>正式</th><th>平均</th><th>中位</th><th>\
                校正</th><th>重抽样</th><th>合计</th><th class=l>专家材料总分</th></tr>
                """
            )
            let sheets = Dictionary(
                report.material.flatMap(\.byCandidate).map { ($0.candidate, $0.sheets.map(\.total)) },
                uniquingKeysWith: { a, _ in a })
            for place in stability.places {
                let mark = PlaceStability.mark
                lines.append(
                    """
                    <tr><td>\(place.place)</td><td class=l>\(escape(place.candidate))</td><td>\
                    \(mark(place.official))</td><td>\(mark(place.mean))</td><td>\(mark(place.median))</td>
                    """
                        + "<td>\(mark(place.adjusted))</td><td>\(place.bootstrapShare.map { number($0 * 100, 1) + "%" } ?? "-")</td><td>\(number(place.share * 100, 1))%</td>"
                        + "<td class=l>\(spread(sheets[place.candidate] ?? [], range: report.totalsRange))</td></tr>")
            }
            lines.append("</table>")
        }
        return lines
    }

    /// A candidate's experts' totals as dots on the shared axis.
    static func spread(_ totals: [Points], range: (low: Points, high: Points)) -> String {
        let width = 200.0, span = Double(max(1, range.high.hundredths - range.low.hundredths))
        let dots = totals.map { total in
            let x = 4 + Double(total.hundredths - range.low.hundredths) / span * (width - 8)
            return
                """
                <circle cx=\(number(x, 1)) cy=7 r=3.5 fill=\"\(barColour)\" fill-opacity=0.7><title>\(total)</title\
                ></circle>
                """
        }
        return
            """
            <svg width=\(Int(width)) height=14 style=\"display:inline\"><line x1=0 y1=7 x2=\(Int(width)) y2=7\
             stroke=\"#ccc\"/>\(dots.joined())</svg>
            """
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
