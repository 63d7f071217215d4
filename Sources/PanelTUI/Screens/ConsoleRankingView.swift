import PanelCore
import TerminalKit

/// The console's two ranking tabs: every candidate with its scores, status and stability, the
/// quota line drawn under the last place inside the quota.
extension ConsoleState {
    func renderRanking(_ kind: CandidateKind, into buffer: inout Buffer, _ layout: ScreenLayout, _ list: ScrollList) {
        guard let ranking = data.ranking(kind) else { return }
        // While the round is being scored the last figures stay up until newer ones are ready.
        let stable = stability.first { $0.kind == kind }
        let note = stable == nil ? "  稳定性计算中" : (stabilityCounter == data.changeCounter ? "" : "  稳定性更新中")
        buffer.put(
            "获评 \(ranking.winners.count)/\(ranking.quota)" + note
                + (chosen.isEmpty ? "" : "  选定: \(chosen.sorted().joined(separator: " "))"), row: layout.bar.y,
            column: Self.infoColumn, style: .dim)
        // The province gives way to the stability column below 100 columns.
        let withProvince = layout.width >= 100
        let fixed = [5, 9, 7, 7, 7, 4, 10, 7].reduce(0, +) + (withProvince ? 7 : 0)
        let count = withProvince ? 10 : 9
        let widths =
            [5, 9, max(10, layout.width - 2 - fixed - (count - 1))] + (withProvince ? [7] : []) + [7, 7, 7, 4, 10, 7]
        let columns = Buffer.columns(widths: widths)
        buffer.putRow(
            ["名次", "编号", "名称"] + (withProvince ? ["省份"] : []) + [
                "材料", "答辩", "最终", "专家", "状态",
                """
                稳定性
                """,
            ], columns,
            row: layout.tableHeader.y, style: .header)
        var row = layout.table.y
        for (index, entry) in ranking.entries.enumerated().dropFirst(list.top) {
            guard row < layout.table.bottom else { break }
            let mark = chosen.contains(entry.candidate.id) ? "*" : ""
            let province = Province.named(entry.candidate.province)?.short ?? entry.candidate.province
            let cells =
                [mark + (entry.rank.map(String.init) ?? "-"), entry.candidate.id, entry.candidate.name]
                + (withProvince ? [province] : [])
                + [
                    entry.material.map { $0.value.rounded.description } ?? "",
                    entry.defense.map { $0.value.rounded.description } ?? "",
                    entry.final.map { $0.rounded.description } ?? "", String(entry.experts), entry.status.chineseName,
                    stable?.place(of: entry.candidate.id)?.summary ?? "",
                ]
            let style: Style =
                index == list.cursor
                ? .selected : (entry.status == .tieAtCut ? .invalid : (entry.status == .winner ? .submitted : .normal))
            buffer.putRow(cells, columns, row: row, style: style)
            row += 1
            if index + 1 == ranking.insideQuota && row < layout.table.bottom {
                let label = "---- 名额线 quota \(ranking.quota) "
                buffer.put(
                    label + String(repeating: "-", count: max(0, layout.width - 2 - DisplayWidth.of(label))), row: row,
                    column: 1, style: .cutLine)
                row += 1
            }
        }
    }
}
