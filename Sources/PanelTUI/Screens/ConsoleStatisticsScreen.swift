import PanelCore
import TerminalKit

/// The console's 统计 tab (expert severity with each expert's histogram, agreement, the adjusted
/// view) and its 离群 tab (outlier sheets: mark one reviewed, or give it back to its expert).
extension ConsoleState {
    /// The statistics as lines for a screen `width` wide; the histograms take what the columns leave.
    func statisticsLines(width: Int) -> [String] {
        guard let stats else { return ["统计加载中"] }
        return fairnessLines(stats, histogramWidth: max(10, width - 38))
    }

    func renderStatistics(into buffer: inout Buffer, app: AppState) {
        let lines = statisticsLines(width: app.width)
        buffer.put("第 \(selected + 1)/\(lines.count) 行", row: 1, column: Self.infoColumn, style: .dim)
        for (offset, line) in lines.dropFirst(selected).prefix(app.height - 5).enumerated() {
            let heading = !line.hasPrefix(" ") && line.contains("（")
            buffer.put(line, row: 3 + offset, column: 1, style: heading ? .header : (line.contains(" ! ") || line.hasSuffix(" !") ? .invalid : .normal))
        }
    }

    var outlierRows: [OutlierSheet] { stats?.outliers ?? [] }

    func renderOutliers(into buffer: inout Buffer, app: AppState, pageSize: Int) {
        guard let stats else { buffer.put("统计加载中", row: 3, column: 1, style: .dim); return }
        let rows = stats.outliers
        buffer.put("与其他专家相差超过 \(stats.rules.fairness.corridor) 分：\(rows.count) 份，未复核 \(rows.filter { $0.review == nil }.count) 份",
                   row: 1, column: Self.infoColumn, style: .dim)
        let noteWidth = max(8, app.width - 2 - (8 + 10 + 4 + 7 + 7 + 8) - 6)
        let columns = Buffer.columns(widths: [8, 10, 4, 7, 7, 8, noteWidth])
        buffer.putRow(["专家", "候选", "阶段", "本表", "其他", "相差", "复核"], columns, row: 2, style: .header)
        guard !rows.isEmpty else { buffer.put("没有离群评分表", row: 3, column: 1, style: .dim); return }
        for (offset, outlier) in rows.enumerated().dropFirst(top).prefix(pageSize) {
            buffer.putRow([outlier.key.expert, outlier.key.candidate, outlier.key.stage.chineseName, outlier.total.description, outlier.others.rounded.description,
                           signed(outlier.difference), outlier.review.map { "\($0.chair): \($0.note)" } ?? "未复核"],
                          columns, row: 3 + offset - top, style: offset == selected ? .selected : (outlier.review == nil ? .invalid : .normal))
        }
    }

    mutating func outlierAction(_ msg: Msg, app: inout AppState) -> [Effect] {
        guard outlierRows.indices.contains(selected) else { return [] }
        let outlier = outlierRows[selected], key = outlier.key
        switch msg {
        case .key(.character("v")):
            prompt = Prompt(label: "\(key.expert) 对 \(key.candidate) 的\(key.stage.chineseName)评分（\(outlier.total)）复核说明", purpose: .reviewOutlier(key))
        case .key(.character("u")):
            prompt = Prompt(label: "退回 \(key.expert) 对 \(key.candidate) 的评分表的理由", purpose: .reopenReason(key))
        case .key(.enter):
            previous = view
            view = .page(key.candidate)
            page = []
            selected = 0
            return [.explain(key.candidate)]
        default: break
        }
        return []
    }
}
