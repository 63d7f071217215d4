import Foundation
import GRDB
import PanelCore

/// On the defence day: the board as it stands, and the chair's keys on it, each checked, stored
/// and audited in one transaction. Times are passed in (`now`, seconds since 1970), so the store
/// keeps no clock of its own and tests need no sleeping.
extension PanelDatabase {
    public typealias SlotAction = DefenseAction

    /// The defence day as it stands at `now`; empty before `panel defense groups`. `submissions`:
    /// who has submitted each sheet, which only the chair's board shows (most of the read's time).
    public func defenseDay(now: Int, submissions: Bool = true) throws -> DefenseDay {
        let rules = try round().rules.defense
        return try pool.read { db in try Self.defenseDay(db, rules: rules, now: now, submissions: submissions) }
    }

    /// `known`: the candidates, when the caller has read them already (many keys in one go).
    static func defenseDay(
        _ db: Database, rules: Rules.Defense, now: Int, known: [String: Candidate]? = nil, submissions: Bool = true
    ) throws -> DefenseDay {
        let experts = Dictionary(uniqueKeysWithValues: try Self.experts(db).map { ($0.id, $0) })
        let members = try Row.fetchAll(db, sql: "SELECT expert_id, group_number FROM defense_member ORDER BY expert_id")
        let groups = try Row.fetchAll(db, sql: "SELECT number, room, link FROM defense_group ORDER BY number").map {
            row in
            let number: Int = row[0]
            return DefenseGroup(
                number: number,
                experts: members.filter { ($0[1] as Int) == number }.compactMap { experts[$0[0] as String] },
                room: row[1], link: row[2])
        }
        guard !groups.isEmpty else { return DefenseDay(rules: rules, groups: [], slots: [], submitted: [:], now: now) }
        // Positional columns: read once a second by every front end, and for every key of the day.
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT candidate_id, group_number, position, state, planned_start, planned_end, started_at,
                paused_at, paused_seconds, ended_at, late FROM defense_slot
                ORDER BY group_number, position IS NULL, position, candidate_id
                """)
        let candidates =
            try known
            ?? Dictionary(uniqueKeysWithValues: try Self.candidates(db, ids: rows.map { $0[0] }).map { ($0.id, $0) })
        let slots = try rows.compactMap { row -> DefenseSlot? in
            guard let candidate = candidates[row[0] as String] else { return nil }
            var slot = DefenseSlot(
                candidate: candidate, group: row[1], position: row[2],
                state: try Stored.decode(DefenseSlot.State.self, row[3], table: "defense_slot", row: row))
            (slot.plannedStart, slot.plannedEnd) = (row[4], row[5])
            (slot.startedAt, slot.pausedAt, slot.pausedSeconds) = (row[6], row[7], row[8])
            (slot.endedAt, slot.late) = (row[9], row[10])
            return slot
        }
        var submitted: [String: Set<String>] = [:]
        for row in try !submissions
            ? []
            : Row.fetchAll(
                db,
                sql: """
                    SELECT s.candidate_id, s.expert_id FROM sheet s
                    JOIN defense_slot d ON d.candidate_id = s.candidate_id
                    WHERE s.stage = 'defense' AND s.status = 'submitted'
                    """)
        {
            submitted[row[0] as String, default: []].insert(row[1])
        }
        let seed = try String.fetchOne(db, sql: "SELECT value FROM round_state WHERE key = 'defense_seed'")
            .flatMap { UInt64($0) }
        let published =
            try String.fetchOne(db, sql: "SELECT value FROM round_state WHERE key = 'defense_published'") != nil
        return DefenseDay(
            rules: rules, groups: groups, slots: slots, submitted: submitted, now: now, seed: seed,
            published: published)
    }

    /// Runs one of the chair's keys on the board; returns what happened, in words for the status line.
    @discardableResult
    public func defenseSlot(_ action: SlotAction, chair: ExpertEntry, now: Int) throws -> String {
        try asChair(chair, doing: "run the defence") { db, round in
            try Self.defenseSlot(db, action, rules: round.rules.defense, chair: chair, now: now)
        }
    }

    /// Several keys in one transaction, each at its own time (the demo's day replayed at once);
    /// all or nothing.
    public func defenseSlots(_ actions: [(action: SlotAction, now: Int)], chair: ExpertEntry) throws {
        try asChair(chair, doing: "run the defence") { db, round in
            let known = Dictionary(uniqueKeysWithValues: try Self.candidates(db).map { ($0.id, $0) })
            for (action, now) in actions {
                try Self.defenseSlot(db, action, rules: round.rules.defense, chair: chair, now: now, known: known)
            }
        }
    }

    static func defenseSlot(
        _ db: Database, _ action: SlotAction, rules: Rules.Defense, chair: ExpertEntry, now: Int,
        known: [String: Candidate]? = nil
    ) throws -> String {
        let day = try Self.defenseDay(db, rules: rules, now: now, known: known)
        guard !day.isEmpty else { throw StoreError("no defence groups yet: panel defense groups") }
        func group(_ number: Int) throws -> Int {
            guard day.groups.contains(where: { $0.number == number }) else {
                throw StoreError("there is no defence group \(number)")
            }
            return number
        }
        func slot(_ id: String) throws -> DefenseSlot {
            guard let found = day.slot(id) else { throw StoreError("\(id) has no slot in the defence") }
            return found
        }
        func audit(_ action: String, _ slot: DefenseSlot, before: String?, after: String) throws {
            try AuditLog.append(
                db, actor: chair.id, action: action, subject: "candidate \(slot.candidate.id)", before: before,
                after: after)
        }
        switch action {
        case .start(let number):
            let number = try group(number)
            if let current = day.current(number) { try Self.endSlot(db, current, day: day, chair: chair, now: now) }
            guard let next = day.next(number) else {
                let ended = day.current(number).map { "\($0.candidate.name) 答辩结束；" } ?? ""
                return "第 \(number) 组\(ended)已没有候场的答辩"
            }
            guard next.position != nil else {
                throw StoreError("draw the order first: panel defense draw --seed S")
            }
            if try !Self.defenseIsOpen(db) {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO round_state (key, value) VALUES ('defense_open', ?)",
                    arguments: [chair.id])
                try AuditLog.append(
                    db, actor: chair.id, action: "open defense", subject: "stage defense", before: "closed",
                    after: "open")
            }
            try db.execute(
                sql: """
                    UPDATE defense_slot SET state = 'running', started_at = ?, paused_at = NULL,
                    paused_seconds = 0, ended_at = NULL WHERE candidate_id = ?
                    """, arguments: [now, next.candidate.id])
            try audit(
                "defense start", next, before: "waiting",
                after: "running: group \(number) turn \(next.position ?? 0) at \(now)")
            return "第 \(number) 组 第 \(next.position ?? 0) 场开始：\(next.candidate.name)"
        case .end(let number):
            guard let current = day.current(try group(number)) else {
                throw StoreError("第 \(number) 组没有正在进行的答辩")
            }
            let overtime = try Self.endSlot(db, current, day: day, chair: chair, now: now)
            return "第 \(number) 组 \(current.candidate.name) 答辩结束"
                + (overtime > 0 ? "，超时 \(DefensePhase.clock(overtime))" : "")
        case .pause(let number):
            guard let current = day.current(try group(number)), current.pausedAt == nil else {
                throw StoreError("第 \(number) 组没有正在计时的答辩")
            }
            try db.execute(
                sql: "UPDATE defense_slot SET paused_at = ? WHERE candidate_id = ?",
                arguments: [now, current.candidate.id])
            try audit(
                "defense pause", current, before: "running",
                after: "paused at \(now), \(current.phase(at: now, rules: day.rules).text)")
            return "第 \(number) 组计时暂停"
        case .resume(let number):
            guard let current = day.current(try group(number)), let since = current.pausedAt else {
                throw StoreError("第 \(number) 组的计时没有暂停")
            }
            let paused = max(0, now - since)
            try db.execute(
                sql: "UPDATE defense_slot SET paused_at = NULL, paused_seconds = ? WHERE candidate_id = ?",
                arguments: [current.pausedSeconds + paused, current.candidate.id])
            try audit("defense resume", current, before: "paused", after: "running at \(now), paused \(paused) s")
            return "第 \(number) 组计时继续"
        case .absent(let id, let note):
            let found = try slot(id)
            guard found.state == .waiting else {
                throw StoreError("\(id) is \(found.state.chineseName): only a candidate waiting can be absent")
            }
            let note = try Self.required(note, .note, "say why the candidate did not defend")
            try db.execute(sql: "UPDATE defense_slot SET state = 'absent' WHERE candidate_id = ?", arguments: [id])
            try audit("defense slot absent", found, before: "waiting", after: "absent: \(note)")
            try Self.markAbsent(db, id, note: note, chair: chair)
            return "已记录 \(id) 答辩缺席"
        case .late(let id):
            let found = try slot(id)
            guard found.state == .waiting else {
                throw StoreError("\(id) is \(found.state.chineseName): only a candidate waiting can be late")
            }
            let last =
                try Int.fetchOne(
                    db, sql: "SELECT MAX(position) FROM defense_slot WHERE group_number = ?",
                    arguments: [found.group]) ?? 0
            try db.execute(
                sql: "UPDATE defense_slot SET position = ?, late = 1 WHERE candidate_id = ?",
                arguments: [last + 1, id])
            try audit("defense late", found, before: "turn \(found.position ?? 0)", after: "turn \(last + 1): late")
            return "\(id) 迟到：移至第 \(found.group) 组末尾（第 \(last + 1) 场）"
        case .reopen(let id, let reason):
            let found = try slot(id)
            guard found.state == .done || found.state == .absent else {
                throw StoreError("\(id) is \(found.state.chineseName): only a finished or absent slot reopens")
            }
            let reason = try Self.required(reason, .reason, "the decision needs its reason on record")
            try db.execute(
                sql: """
                    UPDATE defense_slot SET state = 'waiting', started_at = NULL, paused_at = NULL,
                    paused_seconds = 0, ended_at = NULL WHERE candidate_id = ?
                    """, arguments: [id])
            try audit("defense reopen", found, before: found.state.rawValue, after: "waiting: \(reason)")
            if found.state == .absent { try Self.markPresent(db, id, chair: chair) }
            return "\(id) 重新候场"
        case .move(let id, let to, let reason):
            let found = try slot(id)
            let reason = try Self.required(reason, .reason, "moving a slot needs its reason on record")
            let queue = day.slots(of: found.group).filter { $0.candidate.id != id }
            guard found.state == .waiting, (1...(queue.count + 1)).contains(to) else {
                throw StoreError("\(id) can move, while waiting, to a turn from 1 to \(queue.count + 1)")
            }
            var order = queue.map(\.candidate.id)
            order.insert(id, at: to - 1)
            for (index, other) in order.enumerated() {
                try db.execute(
                    sql: "UPDATE defense_slot SET position = ? WHERE candidate_id = ?",
                    arguments: [index + 1, other])
            }
            try audit("defense move", found, before: "turn \(found.position ?? 0)", after: "turn \(to): \(reason)")
            return "\(id) 移至第 \(found.group) 组第 \(to) 场"
        }
    }

    /// Ends a running slot at `now` (a pause still open ends with it); the seconds over are recorded.
    @discardableResult
    static func endSlot(_ db: Database, _ slot: DefenseSlot, day: DefenseDay, chair: ExpertEntry, now: Int) throws
        -> Int
    {
        var ended = slot
        ended.state = .done
        ended.endedAt = slot.pausedAt ?? now
        guard case .done(let overtime) = ended.phase(at: now, rules: day.rules) else { return 0 }
        try db.execute(
            sql: "UPDATE defense_slot SET state = 'done', ended_at = ?, paused_at = NULL WHERE candidate_id = ?",
            arguments: [ended.endedAt, slot.candidate.id])
        try AuditLog.append(
            db, actor: chair.id, action: "defense end", subject: "candidate \(slot.candidate.id)", before: "running",
            after: "done at \(ended.endedAt!): \(ended.elapsed(at: now)) s, overtime \(overtime) s")
        return overtime
    }

    /// The engine's absence (no_defense), recorded as `panel chair absent` records it.
    static func markAbsent(_ db: Database, _ id: String, note: String, chair: ExpertEntry) throws {
        let before = try String.fetchOne(
            db, sql: "SELECT note FROM defense_absence WHERE candidate_id = ?", arguments: [id])
        try db.execute(
            sql: "INSERT OR REPLACE INTO defense_absence (candidate_id, note, chair) VALUES (?, ?, ?)",
            arguments: [id, note, chair.id])
        try AuditLog.append(
            db, actor: chair.id, action: "defense absent", subject: "candidate \(id)",
            before: before.map { "absent: \($0)" }, after: "absent: \(note)")
    }

    static func markPresent(_ db: Database, _ id: String, chair: ExpertEntry) throws {
        guard
            let before = try String.fetchOne(
                db, sql: "SELECT note FROM defense_absence WHERE candidate_id = ?", arguments: [id])
        else { return }
        try db.execute(sql: "DELETE FROM defense_absence WHERE candidate_id = ?", arguments: [id])
        try AuditLog.append(
            db, actor: chair.id, action: "defense present", subject: "candidate \(id)", before: "absent: \(before)",
            after: "present")
    }
}
