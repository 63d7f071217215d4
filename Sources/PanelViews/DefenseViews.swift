import Foundation
import PanelCore

/// 答辩安排表: each group's slots in turn, with time, candidate, province and room or link.
public struct DefenseScheduleView: Encodable, Sendable {
    public struct Group: Encodable, Sendable {
        public var group: Int
        public var room: String
        public var link: String
        public var experts: [String]
        public var slots: [Slot]

        /// `第 1 组 · 第一会议室`.
        public var title: String { "答辩安排表 第 \(group) 组" + (room.isEmpty ? "" : " · \(room)") }
    }

    public struct Slot: Encodable, Sendable {
        public var turn: Int
        public var start: String
        public var end: String
        public var id: String
        public var kind: String
        public var name: String
        public var province: String
        public var state: String
        public var late: Bool
    }

    public var round: String
    public var seed: UInt64?
    public var published: Bool
    public var groups: [Group]

    public init(_ day: DefenseDay, round: String) {
        self.round = round
        seed = day.seed
        published = day.published
        groups = day.groups.map { group in
            Group(
                group: group.number, room: group.room, link: group.link, experts: group.experts.map(\.id),
                slots: day.slots(of: group.number).map { slot in
                    Slot(
                        turn: slot.position ?? 0, start: slot.plannedStart ?? "", end: slot.plannedEnd ?? "",
                        id: slot.candidate.id, kind: slot.candidate.kind.rawValue, name: slot.candidate.name,
                        province: slot.candidate.province, state: slot.state.rawValue, late: slot.late)
                })
        }
    }

    public static let columns = ["时间", "场次", "编号", "类别", "名称", "省份", "考场/链接"]

    /// One group's rows, as every format writes them.
    public func rows(_ group: Group) -> [[String]] {
        group.slots.map { slot in
            let time = slot.start.isEmpty ? "" : "\(slot.start)-\(slot.end.split(separator: " ").last ?? "")"
            return [
                time, "\(slot.turn)" + (slot.late ? "（迟到）" : ""), slot.id,
                slot.kind == CandidateKind.region.rawValue ? "区域" : "学校", slot.name, slot.province,
                group.room.isEmpty ? group.link : group.room + (group.link.isEmpty ? "" : " \(group.link)"),
            ]
        }
    }

    /// One table for all groups, a 组别 column first.
    public var csv: String {
        csvText([["组别"] + Self.columns] + groups.flatMap { group in rows(group).map { ["\(group.group)"] + $0 } })
    }

    public var markdown: String {
        var lines = ["# \(round) 答辩安排表", ""]
        for group in groups {
            lines += [
                "## \(group.title)", "", "专家：\(group.experts.joined(separator: " "))", "",
                "| " + Self.columns.joined(separator: " | ") + " |",
                "|" + Self.columns.map { _ in " --- " }.joined(separator: "|") + "|",
            ]
            lines += rows(group).map { "| " + $0.map(WinnerList.markdownCell).joined(separator: " | ") + " |" }
            lines += ["", "共 \(group.slots.count) 场。", ""]
        }
        lines.append("<!-- 抽签种子 \(seed.map(String.init) ?? "未抽签") -->")
        return lines.joined(separator: "\n") + "\n"
    }
}

/// The chair's board in text (`panel defense board`): each group's defence under way and next.
public enum DefenseBoardLines {
    /// A candidate's place on the day, for its explanation: `答辩 第 1 组 第 24 场（计划 2020-12-28
    /// 14:45-14:58，第一答辩室）：已结束 超时 01:15`.
    public static func slot(_ slot: DefenseSlot, day: DefenseDay) -> String {
        let place = day.groups.first { $0.number == slot.group }?.place ?? ""
        let end = slot.plannedEnd?.split(separator: " ").last ?? ""
        let planned = slot.plannedStart.map { "计划 \($0)-\(end)" + (place.isEmpty ? "" : "，\(place)") }
        return "答辩 第 \(slot.group) 组 第 \(slot.position ?? 0) 场" + (planned.map { "（\($0)）" } ?? "")
            + "：\(slot.phase(at: day.now, rules: day.rules).text)" + (slot.late ? "（迟到，移至组末）" : "")
    }

    /// What `panel defense schedule` says: each group's first and last slot and its place.
    public static func schedule(_ day: DefenseDay) -> [String] {
        day.groups.map { group in
            let slots = day.slots(of: group.number)
            return "group \(group.number): \(slots.count) slots, \(slots.first?.plannedStart ?? "-")"
                + " to \(slots.last?.plannedEnd ?? "-")\(group.place.isEmpty ? "" : ", \(group.place)")"
        }
    }

    public static func lines(_ day: DefenseDay) -> [String] {
        day.groups.flatMap { group -> [String] in
            let slots = day.slots(of: group.number)
            let current = day.current(group.number), next = day.next(group.number)
            let done = slots.filter { $0.state == .done }.count
            var lines = [
                "第 \(group.number) 组\(group.place.isEmpty ? "" : " \(group.place)")"
                    + "：已结束 \(done)/\(slots.count)"
            ]
            if let current {
                let heard = day.submitted[current.candidate.id]?.count ?? 0
                lines.append(
                    "  正在答辩 第 \(current.position ?? 0) 场 \(current.candidate.id) \(current.candidate.name)"
                        + " \(current.phase(at: day.now, rules: day.rules).text)"
                        + (current.pausedAt != nil ? " 暂停" : "")
                        + " 已提交 \(heard)/\(group.experts.count)")
            }
            if let next {
                lines.append("  下一场 第 \(next.position ?? 0) 场 \(next.candidate.id) \(next.candidate.name)")
            }
            return lines
        }
    }
}
