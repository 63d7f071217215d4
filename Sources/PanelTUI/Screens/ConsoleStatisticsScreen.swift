import PanelCore
import PanelViews
import TerminalKit

/// The console's 统计 tab (expert severity with each expert's histogram, agreement, the adjusted
/// view) and its 离群 tab (outlier sheets: mark one reviewed, or give it back to its expert).
extension ConsoleState {
    /// The statistics as lines for a screen `width` wide; the histograms take what the columns leave.
    func statisticsLines(width: Int) -> [StyledLine] {
        guard let stats else { return [[Span("统计加载中")]] }
        return fairnessLines(stats, histogramWidth: max(10, width - 38))
    }

    func renderStatistics(into buffer: inout Buffer, _ layout: ScreenLayout, _ list: ScrollList) {
        let lines = statisticsLines(width: layout.width)
        buffer.put("第 \(list.cursor + 1)/\(lines.count) 行", row: layout.bar.y, column: Self.infoColumn, style: .dim)
        for (offset, line) in lines.dropFirst(list.cursor).prefix(layout.page.height).enumerated() {
            buffer.put(line, row: layout.page.y + offset, column: 1)
        }
    }

    var outlierRows: [OutlierSheet] { stats?.outliers ?? [] }

    func renderOutliers(into buffer: inout Buffer, _ layout: ScreenLayout, _ list: ScrollList) {
        guard let stats else { buffer.put("统计加载中", row: layout.table.y, column: 1, style: .dim); return }
        let rows = stats.outliers
        buffer.put(
            """
            与其他专家相差超过 \(stats.rules.fairness.corridor) 分：\(rows.count) 份，未复核\
             \(rows.filter { $0.review == nil }.count) 份
            """,
            row: layout.bar.y, column: Self.infoColumn, style: .dim)
        let noteWidth = max(8, layout.width - 2 - (8 + 10 + 4 + 7 + 7 + 8) - 6)
        let columns = Buffer.columns(widths: [8, 10, 4, 7, 7, 8, noteWidth])
        buffer.putRow(["专家", "候选", "阶段", "本表", "其他", "相差", "复核"], columns, row: layout.tableHeader.y, style: .header)
        guard !rows.isEmpty else { buffer.put("没有离群评分表", row: layout.table.y, column: 1, style: .dim); return }
        for (offset, index) in list.visible.enumerated() {
            let outlier = rows[index]
            buffer.putRow(
                [
                    outlier.key.expert, outlier.key.candidate, outlier.key.stage.chineseName, outlier.total.description,
                    outlier.others.rounded.description,
                    signed(outlier.difference), outlier.review.map { "\($0.chair): \($0.note)" } ?? "未复核",
                ],
                columns, row: layout.table.y + offset,
                style: index == list.cursor ? .selected : (outlier.review == nil ? .invalid : .normal))
        }
    }

    mutating func outlierAction(_ action: Action) -> [Effect] {
        guard outlierRows.indices.contains(selected) else { return [] }
        let outlier = outlierRows[selected], key = outlier.key
        switch action {
        case .reviewOutlier:
            prompt = Prompt(
                label: """
                    \(key.expert) 对 \(key.candidate) 的\(key.stage.chineseName)评分（\(outlier.total)）\
                    复核说明
                    """,
                purpose: .reviewOutlier(key))
        case .reopen:
            prompt = Prompt(label: "退回 \(key.expert) 对 \(key.candidate) 的评分表的理由", purpose: .reopenReason(key))
        case .details:
            return openPage(key.candidate)
        default: break
        }
        return []
    }
}
