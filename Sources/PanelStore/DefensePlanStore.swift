import Foundation
import GRDB
import PanelCore

/// Before the defence day: the groups, the draw and the schedule (the secretariat's, from the
/// command line), each one transaction and one audit entry.
extension PanelDatabase {
    /// Splits the experts into `groups` groups (default `[defense] groups`) and gives each
    /// shortlisted candidate a group; a shortfall changes nothing.
    public func formDefenseGroups(groups: Int?, seed: UInt64) throws -> DefenseGrouping.Plan {
        try recordingRefusal(actor: Actor.secretariat, action: "defense groups") {
            let database = try writable()
            let round = try database.round()
            let count = groups ?? round.rules.defense.groups
            return try database.pool.write { db in
                try Self.refuseIfFinalized(db)
                try Self.refuseIfPublished(db, "new groups")
                try Self.refuseIfStarted(db, "the groups stay as they are")
                let all = try Self.candidates(db)
                let shortlisted = try database.shortlisted(db, round: round)
                let candidates = all.filter { shortlisted.contains($0.id) }
                guard !candidates.isEmpty else {
                    throw StoreError("nobody is shortlisted for the defence yet: the material sheets come first")
                }
                let plan: DefenseGrouping.Plan
                switch DefenseGrouping.plan(
                    experts: try Self.experts(db), candidates: candidates, groups: count, seed: seed,
                    conflicts: round.rules.conflicts, minExperts: round.rules.scoring.minExperts,
                    regionNames: Dictionary(
                        all.filter { $0.kind == .region }.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a }))
                {
                case .success(let made): plan = made
                case .failure(let shortfall): throw StoreError(shortfall.description)
                }
                let before = try Self.groupListing(db)
                try db.execute(sql: "DELETE FROM defense_slot; DELETE FROM defense_member; DELETE FROM defense_group")
                try db.execute(sql: "DELETE FROM round_state WHERE key = 'defense_seed'")
                for (index, members) in plan.members.enumerated() {
                    try db.execute(sql: "INSERT INTO defense_group (number) VALUES (?)", arguments: [index + 1])
                    for expert in members {
                        try db.execute(
                            sql: "INSERT INTO defense_member (expert_id, group_number) VALUES (?, ?)",
                            arguments: [expert, index + 1])
                    }
                }
                for (candidate, group) in plan.placement.sorted(by: { $0.key < $1.key }) {
                    try db.execute(
                        sql: "INSERT INTO defense_slot (candidate_id, group_number) VALUES (?, ?)",
                        arguments: [candidate, group])
                }
                try AuditLog.append(
                    db, actor: Actor.secretariat, action: "defense groups",
                    subject: "defense groups \(count) seed \(seed)", before: before, after: try Self.groupListing(db))
                return plan
            }
        }
    }

    /// `group 1: E01 E03 | R-11-1 S-11-02 …`, one line a group: what the audit keeps of the groups.
    static func groupListing(_ db: Database) throws -> String? {
        let groups = try Int.fetchAll(db, sql: "SELECT number FROM defense_group ORDER BY number")
        guard !groups.isEmpty else { return nil }
        return try groups.map { group in
            let experts = try String.fetchAll(
                db, sql: "SELECT expert_id FROM defense_member WHERE group_number = ? ORDER BY expert_id",
                arguments: [group])
            let candidates = try String.fetchAll(
                db, sql: "SELECT candidate_id FROM defense_slot WHERE group_number = ? ORDER BY candidate_id",
                arguments: [group])
            return "group \(group): \(experts.joined(separator: " ")) | \(candidates.joined(separator: " "))"
        }.joined(separator: "\n")
    }

    static func refuseIfStarted(_ db: Database, _ what: String) throws {
        if try Int.fetchOne(db, sql: "SELECT 1 FROM defense_slot WHERE state != 'waiting'") != nil {
            throw StoreError("a defence has started: \(what)")
        }
    }

    static func refuseIfPublished(_ db: Database, _ what: String) throws {
        if try String.fetchOne(db, sql: "SELECT value FROM round_state WHERE key = 'defense_published'") != nil {
            throw StoreError(
                "the defence schedule is published: \(what) refused;"
                    + " the chair may move one slot with a reason (panel defense move)")
        }
    }

    /// Draws every group's order by lot from `seed`; the seed is kept so that anyone can draw again.
    public func drawDefense(seed: UInt64) throws -> [Int: [String]] {
        try recordingRefusal(actor: Actor.secretariat, action: "defense draw") {
            try writable().pool.write { db in
                try Self.refuseIfFinalized(db)
                try Self.refuseIfPublished(db, "a new draw")
                try Self.refuseIfStarted(db, "the order stays as it is")
                let order = try Self.drawnOrder(db, seed: seed)
                guard !order.isEmpty else { throw StoreError("no defence groups yet: run panel defense groups first") }
                for (_, ids) in order {
                    for (index, id) in ids.enumerated() {
                        try db.execute(
                            sql: "UPDATE defense_slot SET drawn = ?, position = ? WHERE candidate_id = ?",
                            arguments: [index + 1, index + 1, id])
                    }
                }
                try db.execute(
                    sql: "INSERT OR REPLACE INTO round_state (key, value) VALUES ('defense_seed', ?)",
                    arguments: [String(seed)])
                try AuditLog.append(
                    db, actor: Actor.secretariat, action: "defense draw", subject: "defense draw seed \(seed)",
                    before: nil,
                    after: order.sorted { $0.key < $1.key }.map {
                        "group \($0.key): \($0.value.joined(separator: " "))"
                    }
                    .joined(separator: "\n"))
                return order
            }
        }
    }

    /// The order each group's candidates get from `seed`.
    static func drawnOrder(_ db: Database, seed: UInt64) throws -> [Int: [String]] {
        let placed = try Self.defenseGroups(db)
        let candidates = try Self.candidates(db, ids: Array(placed.keys))
        return Dictionary(grouping: candidates) { placed[$0.id]! }.mapValues {
            DefenseDraw.order($0, group: placed[$0[0].id]!, seed: seed)
        }
    }

    /// The draw done again from its stored seed, compared with the stored order: each difference.
    public func verifyDefenseDraw() throws -> (seed: UInt64, differences: [String]) {
        try pool.read { db in
            guard let text = try String.fetchOne(db, sql: "SELECT value FROM round_state WHERE key = 'defense_seed'"),
                let seed = UInt64(text)
            else { throw StoreError("the defence order has not been drawn yet (panel defense draw --seed S)") }
            let stored = Dictionary(
                try Row.fetchAll(db, sql: "SELECT candidate_id, drawn FROM defense_slot").map {
                    ($0[0] as String, $0[1] as Int?)
                }, uniquingKeysWith: { a, _ in a })
            var differences: [String] = []
            // The seed as the audit log has it: a seed changed in the table alone is caught too.
            let audited = try String.fetchOne(
                db, sql: "SELECT subject FROM audit WHERE action = 'defense draw' ORDER BY seq DESC LIMIT 1")
            if let audited, audited != "defense draw seed \(seed)" {
                differences.append("the stored seed \(seed) is not the audited draw's (\(audited))")
            }
            for (group, ids) in try Self.drawnOrder(db, seed: seed).sorted(by: { $0.key < $1.key }) {
                for (index, id) in ids.enumerated() where stored[id] != index + 1 {
                    differences.append(
                        "group \(group): \(id) was drawn \(index + 1) from seed \(seed),"
                            + " the database says \(stored[id]??.description ?? "none")")
                }
            }
            return (seed, differences)
        }
    }

    /// Gives each slot its planned time on `date` from `start`, around `breaks`, with each group's
    /// room or meeting link; the schedule is then published and the draw stays as it is.
    public func scheduleDefense(
        date: String, start: ClockMinutes, breaks: [DefenseSchedule.Break], dayEnd: ClockMinutes? = nil,
        rooms: [Int: String], links: [Int: String]
    ) throws {
        try recordingRefusal(actor: Actor.secretariat, action: "defense schedule") {
            let database = try writable()
            let rules = try database.round().rules.defense
            guard let first = Self.civilDate(date, plus: 0) else {
                throw StoreError("'\(date)' is not a date: write it as 2020-12-28")
            }
            try database.pool.write { db in
                try Self.refuseIfFinalized(db)
                guard try String.fetchOne(db, sql: "SELECT value FROM round_state WHERE key = 'defense_seed'") != nil
                else { throw StoreError("draw the order first: panel defense draw --seed S") }
                let groups = try Int.fetchAll(db, sql: "SELECT number FROM defense_group ORDER BY number")
                for number in Set(rooms.keys).union(links.keys) where !groups.contains(number) {
                    throw StoreError("there is no defence group \(number) (groups: 1 to \(groups.count))")
                }
                var lines: [String] = [], planned: [String] = []
                for group in groups {
                    let ids = try String.fetchAll(
                        db, sql: "SELECT candidate_id FROM defense_slot WHERE group_number = ? ORDER BY position",
                        arguments: [group])
                    let slots: [DefenseSchedule.Slot]
                    switch DefenseSchedule.slots(
                        count: ids.count, start: start, breaks: breaks, rules: rules, dayEnd: dayEnd)
                    {
                    case .success(let made): slots = made
                    case .failure(let past):
                        throw StoreError(
                            "group \(group)'s \(ids.count) defences run past midnight (\(past.fitted) fit):"
                                + " start earlier, give --day-end to go on the next day, or form more groups")
                    }
                    for (id, slot) in zip(ids, slots) {
                        let day = Self.civilDate(first, plus: slot.day) ?? first
                        try db.execute(
                            sql: "UPDATE defense_slot SET planned_start = ?, planned_end = ? WHERE candidate_id = ?",
                            arguments: ["\(day) \(slot.start)", "\(day) \(slot.end)", id])
                        // Every slot's time on the record, for audit verify to rebuild.
                        planned.append("slot \(id) \(day) \(slot.start) \(day) \(slot.end)")
                    }
                    if let room = rooms[group] {
                        try db.execute(
                            sql: "UPDATE defense_group SET room = ? WHERE number = ?", arguments: [room, group])
                    }
                    if let link = links[group] {
                        try db.execute(
                            sql: "UPDATE defense_group SET link = ? WHERE number = ?", arguments: [link, group])
                    }
                    lines.append(
                        "group \(group): \(ids.count) slots \(slots.first.map { "\($0.start)" } ?? "-")-"
                            + "\(slots.last.map { "\($0.end)" } ?? "-")")
                }
                try db.execute(
                    sql: "INSERT OR REPLACE INTO round_state (key, value) VALUES ('defense_published', ?)",
                    arguments: ["\(date) \(start)"])
                try AuditLog.append(
                    db, actor: Actor.secretariat, action: "defense schedule",
                    subject: "defense schedule \(date) \(start)",
                    before: nil,
                    after: (lines + breaks.map { "break \($0.from)-\($0.to)" }
                        + (dayEnd.map { ["day end \($0)"] } ?? []) + planned)
                        .joined(separator: "\n"))
            }
        }
    }

    /// `2020-12-28` plus `days`, as the same kind of text; nil when `text` is not a date.
    static func civilDate(_ text: String, plus days: Int) -> String? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, text.count == 10,
            let date = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])),
            calendar.component(.day, from: date) == parts[2],
            let moved = calendar.date(byAdding: .day, value: days, to: date)
        else { return nil }
        let out = calendar.dateComponents([.year, .month, .day], from: moved)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(out.year!)-\(two(out.month!))-\(two(out.day!))"
    }
}
