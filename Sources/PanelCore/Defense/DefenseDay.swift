/// One candidate's place on the defence day: its group, its turn, its planned time and, once
/// started, the clock as recorded in the database (seconds since 1970, from whoever pressed the key).
public struct DefenseSlot: Equatable, Sendable {
    public enum State: String, Sendable, CaseIterable {
        case waiting, running, done, absent

        public var chineseName: String {
            switch self {
            case .waiting: "候场"
            case .running: "答辩中"
            case .done: "已结束"
            case .absent: "缺席"
            }
        }
    }

    public init(candidate: Candidate, group: Int, position: Int?, state: State = .waiting) {
        self.candidate = candidate
        self.group = group
        self.position = position
        self.state = state
    }

    public var candidate: Candidate
    public var group: Int
    /// Its turn in the group's queue (1 first); nil before the draw. A late candidate moves to the end.
    public var position: Int?
    /// `2020-12-28 09:00`, once the schedule is made.
    public var plannedStart: String?
    public var plannedEnd: String?
    public var state: State
    public var startedAt: Int?
    /// While paused: since when.
    public var pausedAt: Int?
    /// Seconds paused before `pausedAt` (the clock does not run while paused).
    public var pausedSeconds = 0
    public var endedAt: Int?
    /// Moved to the end of the queue for arriving late.
    public var late = false

    /// Seconds of defence so far: started, less the pauses, up to the end, the pause or `now`.
    public func elapsed(at now: Int) -> Int {
        guard let startedAt else { return 0 }
        return max(0, (endedAt ?? pausedAt ?? now) - startedAt - pausedSeconds)
    }

    public func phase(at now: Int, rules: Rules.Defense) -> DefensePhase {
        switch state {
        case .waiting: return .waiting
        case .absent: return .absent
        case .running, .done:
            let elapsed = elapsed(at: now)
            let present = rules.presentMinutes * 60, all = rules.slotMinutes * 60
            if state == .done { return .done(overtime: max(0, elapsed - all)) }
            if elapsed < present { return .presenting(remaining: present - elapsed) }
            if elapsed < all { return .questions(remaining: all - elapsed) }
            return .overtime(elapsed - all)
        }
    }
}

/// Where a slot's clock stands.
public enum DefensePhase: Equatable, Sendable {
    case waiting, absent
    case presenting(remaining: Int)
    case questions(remaining: Int)
    case overtime(Int)
    case done(overtime: Int)

    /// `03:12`; an hour or more `1:02:03`.
    public static func clock(_ seconds: Int) -> String {
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let hours = seconds / 3600, minutes = seconds / 60 % 60, rest = seconds % 60
        return (hours > 0 ? "\(hours):" : "") + "\(two(minutes)):\(two(rest))"
    }

    /// `陈述 剩余 03:12`, `答问 剩余 01:00`, `超时 00:45`, `已结束`.
    public var text: String {
        switch self {
        case .waiting: "候场"
        case .absent: "缺席"
        case .presenting(let remaining): "陈述 剩余 \(Self.clock(remaining))"
        case .questions(let remaining): "答问 剩余 \(Self.clock(remaining))"
        case .overtime(let seconds): "超时 \(Self.clock(seconds))"
        case .done(let overtime): overtime > 0 ? "已结束 超时 \(Self.clock(overtime))" : "已结束"
        }
    }

    /// The banner's short form: `剩余 03:12` while presenting, as the issue's banner reads.
    public var short: String {
        switch self {
        case .presenting(let remaining): "剩余 \(Self.clock(remaining))"
        default: text
        }
    }

    public var isOvertime: Bool {
        if case .overtime = self { return true }
        return false
    }
}

/// A group of the defence: its number, its experts and where it sits (a room, or a meeting link
/// for a video defence).
public struct DefenseGroup: Equatable, Sendable {
    public init(number: Int, experts: [ExpertEntry], room: String = "", link: String = "") {
        self.number = number
        self.experts = experts
        self.room = room
        self.link = link
    }

    public var number: Int
    public var experts: [ExpertEntry]
    public var room: String
    public var link: String

    /// The room, else the link, else nothing.
    public var place: String { room.isEmpty ? link : room }
}

/// The whole defence day as read from the database at one moment (`now`): what the chair's board,
/// the experts' banner and the schedule export are drawn from.
public struct DefenseDay: Equatable, Sendable {
    public init(
        rules: Rules.Defense, groups: [DefenseGroup], slots: [DefenseSlot], submitted: [String: Set<String>],
        now: Int, seed: UInt64? = nil, published: Bool = false
    ) {
        self.rules = rules
        self.groups = groups
        self.slots = slots
        self.submitted = submitted
        self.now = now
        self.seed = seed
        self.published = published
    }

    public var rules: Rules.Defense
    public var groups: [DefenseGroup]
    /// By group, then turn.
    public var slots: [DefenseSlot]
    /// Who has submitted each candidate's defence sheet.
    public var submitted: [String: Set<String>]
    public var now: Int
    /// The draw's seed, once drawn.
    public var seed: UInt64?
    /// The schedule is published: no new draw.
    public var published: Bool

    public var isEmpty: Bool { groups.isEmpty }

    public func slots(of group: Int) -> [DefenseSlot] { slots.filter { $0.group == group } }

    public func group(of expert: String) -> DefenseGroup? {
        groups.first { $0.experts.contains { $0.id == expert } }
    }

    /// The slot under way in a group (running, paused or not).
    public func current(_ group: Int) -> DefenseSlot? { slots.first { $0.group == group && $0.state == .running } }

    /// The next to defend in a group: the first waiting in turn.
    public func next(_ group: Int) -> DefenseSlot? {
        slots.filter { $0.group == group && $0.state == .waiting }.min { ($0.position ?? .max) < ($1.position ?? .max) }
    }

    public func slot(_ candidate: String) -> DefenseSlot? { slots.first { $0.candidate.id == candidate } }

    /// Where an expert's group sits and who it hears next, while it hears nobody:
    /// `答辩第 2 组 · 第二会议室 · 下一场 第 6 场 杭州市第一中学（计划 09:30）`.
    public func groupLine(for expert: String) -> String? {
        guard let group = group(of: expert), current(group.number) == nil else { return nil }
        let next = next(group.number).map { slot in
            " · 下一场 第 \(slot.position ?? 0) 场 \(slot.candidate.name)"
                + (slot.plannedStart.map { "（计划 \($0.split(separator: " ").last ?? "")）" } ?? "")
        }
        let place = group.place.isEmpty ? "" : " · \(group.place)"
        return "答辩第 \(group.number) 组" + place + (next ?? " · 本组答辩已全部结束")
    }

    /// The banner over an expert's list while their group hears a candidate:
    /// `正在答辩：江西省赣州市高新区（第 2 组 第 5 场，剩余 03:12）`.
    public func banner(for expert: String) -> String? {
        guard let group = group(of: expert), let slot = current(group.number) else { return nil }
        let phase = slot.phase(at: now, rules: rules)
        return "正在答辩：\(slot.candidate.name)"
            + "（第 \(group.number) 组 第 \(slot.position ?? 0) 场，\(phase.short)"
            + (slot.pausedAt != nil ? " 暂停" : "") + "）"
    }
}

/// The chair's keys on the defence board, as the store runs them (each audited).
public enum DefenseAction: Equatable, Sendable {
    /// Ends the group's defence under way, if any, and starts its next in turn.
    case start(group: Int)
    /// Ends the group's defence under way.
    case end(group: Int)
    case pause(group: Int), resume(group: Int)
    case absent(String, note: String)
    /// Arrived late: to the end of its group's queue.
    case late(String)
    /// A finished or absent slot back into the queue, at its turn.
    case reopen(String, reason: String)
    /// The one change to a published order: the chair moves a slot to another turn.
    case move(String, to: Int, reason: String)
}
