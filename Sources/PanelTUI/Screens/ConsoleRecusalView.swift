import PanelCore
import TerminalKit

/// The console's 回避 tab: experts' requests to leave a candidate, each with the expert panel
/// proposes to take it over; `y` approves and `n` rejects, each with the chair's reason.
extension ConsoleState {
    func renderRecusals(into buffer: inout Buffer, _ layout: ScreenLayout, _ list: ScrollList) {
        let rows = data.recusals
        buffer.put("待决定的回避申请 \(rows.count) 件", row: layout.bar.y, column: Self.infoColumn, style: .dim)
        let reasonWidth = max(8, layout.width - 2 - (9 + 20 + 6 + 8) - 5)
        let columns = Buffer.columns(widths: [9, 20, 6, 8, reasonWidth])
        buffer.putRow(["候选", "名称", "专家", "建议接替", "理由"], columns, row: layout.tableHeader.y, style: .header)
        guard !rows.isEmpty else {
            buffer.put("没有待决定的回避申请", row: layout.table.y, column: 1, style: .dim)
            return
        }
        for (offset, index) in list.visible.enumerated() {
            let request = rows[index]
            buffer.putRow(
                [request.candidate, request.candidateName, request.expert, request.proposed ?? "无", request.reason],
                columns, row: layout.table.y + offset, style: index == list.cursor ? .selected : .normal)
        }
    }

    mutating func recusalAction(_ action: Action, _ status: inout StatusLine) -> [Effect] {
        guard data.recusals.indices.contains(selected) else { return [] }
        let request = data.recusals[selected]
        switch action {
        case .approveRecusal:
            guard let taker = request.proposed else {
                status.say("没有专家可以接替 \(request.candidate)：请用 panel reassign --to 指定", error: true)
                return []
            }
            prompt = Prompt(
                label: "批准 \(request.expert) 回避 \(request.candidate)，由 \(taker) 接替；理由",
                purpose: .approveRecusal(request))
        case .rejectRecusal:
            prompt = Prompt(
                label: "驳回 \(request.expert) 对 \(request.candidate) 的回避申请；理由",
                purpose: .rejectRecusal(request))
        case .details: return openPage(request.candidate)
        default: break
        }
        return []
    }
}
