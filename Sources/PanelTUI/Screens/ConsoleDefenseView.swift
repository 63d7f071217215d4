import PanelCore
import TerminalKit

/// The console's 答辩 tab, the live board: for each group the defence under way with its clock
/// (from the database: every screen shows the same time), who of the group has submitted its
/// sheet and who has not, and who is next; under it every slot in turn. `s` starts the group's
/// next slot (ending the one under way), `e` ends it, `p` pauses or resumes its clock, `a` marks
/// the selected candidate absent, `l` late (to the end of the queue), `u` reopens a slot; a digit
/// goes to that group's defence under way (or its next).
extension ConsoleState {
    /// Lines a group takes above the table: three with up to three groups, else one.
    static func groupLines(_ day: DefenseDay?) -> Int {
        guard let day else { return 1 }
        return day.groups.count <= 3 ? 3 : 1
    }

    static func boardRows(_ layout: ScreenLayout, _ day: DefenseDay?) -> Int {
        max(3, layout.table.height - (day?.groups.count ?? 1) * groupLines(day))
    }

    var selectedSlot: DefenseSlot? {
        guard let day, day.slots.indices.contains(selected) else { return nil }
        return day.slots[selected]
    }

    func renderBoard(into buffer: inout Buffer, _ layout: ScreenLayout, _ list: ScrollList) {
        guard let day, !day.isEmpty else {
            buffer.put(
                self.day == nil
                    ? "答辩安排加载中" : "还没有答辩分组：panel defense groups、draw、schedule",
                row: layout.tableHeader.y, column: 1, style: .dim)
            return
        }
        let done = day.slots.filter { $0.state == .done || $0.state == .absent }.count
        buffer.put("已结束 \(done)/\(day.slots.count)", row: layout.bar.y, column: Self.infoColumn, style: .dim)
        var row = layout.tableHeader.y
        let lines = Self.groupLines(day)
        for group in day.groups {
            for line in groupSummary(group, day, lines: lines, width: layout.width - 2) {
                buffer.put(line.text, row: row, column: 1, style: line.style, limit: layout.width - 2)
                row += 1
            }
        }
        let nameWidth = max(8, layout.width - 2 - (4 + 4 + 9 + 11 + 20 + 6) - 6)
        let columns = Buffer.columns(widths: [4, 4, 9, nameWidth, 11, 20, 6])
        let names = ["组", "场", "编号", "名称", "计划", "状态", "已交"]
        buffer.putRow(names, columns, row: row, style: .header)
        for (offset, index) in list.visible.enumerated() {
            let slot = day.slots[index]
            let phase = slot.phase(at: day.now, rules: day.rules)
            let members = day.groups.first { $0.number == slot.group }?.experts.count ?? 0
            let planned = slot.plannedStart.map { String($0.dropFirst(5)) } ?? "-"
            let style: Style =
                index == list.cursor
                ? .selected
                : phase.isOvertime
                    ? .invalid : slot.state == .running ? .header : slot.state == .waiting ? .normal : .dim
            buffer.putRow(
                [
                    "\(slot.group)", slot.position.map(String.init) ?? "-", slot.candidate.id, slot.candidate.name,
                    planned, phase.text + (slot.pausedAt != nil ? " 暂停" : "") + (slot.late ? " 迟到" : ""),
                    slot.state == .waiting || slot.state == .absent
                        ? "" : "\(day.submitted[slot.candidate.id]?.count ?? 0)/\(members)",
                ], columns, row: row + 1 + offset, style: style)
        }
    }

    /// A group's lines: who defends and the clock, who has submitted, who is next.
    private func groupSummary(_ group: DefenseGroup, _ day: DefenseDay, lines: Int, width: Int) -> [(
        text: String, style: Style
    )] {
        let title = "第 \(group.number) 组" + (group.place.isEmpty ? "" : " \(group.place)")
        let next = day.next(group.number).map {
            "下一场 第 \($0.position ?? 0) 场 \($0.candidate.id) \($0.candidate.name)"
        }
        guard let current = day.current(group.number) else {
            let finished = day.next(group.number) == nil ? "全部结束" : "候场中"
            let line = "\(title)  \(finished)" + (next.map { "  \($0)" } ?? "")
            return lines == 1 ? [(line, .dim)] : [(line, .dim), ("", .normal), ("", .normal)]
        }
        let phase = current.phase(at: day.now, rules: day.rules)
        let clock = phase.text + (current.pausedAt != nil ? " 暂停" : "")
        let handed = day.submitted[current.candidate.id] ?? []
        let missing = group.experts.map(\.id).filter { !handed.contains($0) }
        let heard =
            "已提交 \(handed.count)/\(group.experts.count)" + (missing.isEmpty ? "" : "  未交 ")
            + missing.joined(separator: " ")
        let style: Style = phase.isOvertime ? .invalid : .header
        if lines == 1 {
            return [("\(title) 第 \(current.position ?? 0) 场 \(current.candidate.id) \(clock)  \(heard)", style)]
        }
        return [
            (
                "\(title)  正在答辩 第 \(current.position ?? 0) 场 \(current.candidate.id)"
                    + " \(current.candidate.name)", style
            ),
            ("    \(clock)  \(heard)", style),
            ("    " + (next ?? "之后没有候场的答辩"), .dim),
        ]
    }

    mutating func boardAction(_ key: BoardKey, pressed: Key, _ status: inout StatusLine) -> [Effect] {
        guard let day, !day.isEmpty else {
            status.say("还没有答辩分组：panel defense groups", error: true)
            return []
        }
        let slot = selectedSlot
        let group = slot?.group ?? day.groups[0].number
        switch key {
        case .group:
            // A digit: to that group's defence under way, else its next, else its first slot.
            guard case .character(let digit) = pressed, let number = digit.wholeNumberValue,
                let row = day.slots.firstIndex(where: { $0.group == number && $0.state == .running })
                    ?? day.slots.firstIndex(where: { $0.candidate.id == day.next(number)?.candidate.id })
                    ?? day.slots.firstIndex(where: { $0.group == number })
            else {
                status.say("没有第 \(pressed.label) 组", error: true)
                return []
            }
            list.select(row)
        case .start: return [.chair(.defense(.start(group: group)))]
        case .end: return [.chair(.defense(.end(group: group)))]
        case .pause:
            guard let current = day.current(group) else {
                status.say("第 \(group) 组没有正在进行的答辩", error: true)
                return []
            }
            return [.chair(.defense(current.pausedAt == nil ? .pause(group: group) : .resume(group: group)))]
        case .absent, .late:
            guard let slot, slot.state == .waiting else {
                status.say("选中一位候场的候选（\(slot?.state.chineseName ?? "没有选中")）", error: true)
                return []
            }
            if key == .late { return [.chair(.defense(.late(slot.candidate.id)))] }
            let id = slot.candidate.id
            prompt = Prompt(label: "\(id) 答辩缺席说明", purpose: .defenseAbsent(id))
        case .reopen:
            guard let slot, slot.state == .done || slot.state == .absent else {
                status.say("只能重开已结束或缺席的一场", error: true)
                return []
            }
            prompt = Prompt(label: "重开 \(slot.candidate.id) 的理由", purpose: .defenseReopen(slot.candidate.id))
        }
        return []
    }
}
