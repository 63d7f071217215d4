/// The `defense_slot` table as the defence day's audit entries leave it (see AuditReplay): the
/// groups, the draw and every key on the board, so that `audit verify` catches a clock, a turn or
/// a state changed behind panel's back. Rows: group, turn, state, started, paused since, seconds
/// paused, ended, late, planned start and end; `NULL` where the table has none.
struct DefenseSlotReplay {
    var table: AuditReplay.Table

    init(_ table: AuditReplay.Table) { self.table = table }

    enum Column: Int {
        case group, turn, state, started, pausedAt, pausedSeconds, ended, late, plannedStart, plannedEnd
    }

    subscript(_ id: String, _ column: Column) -> String? {
        get { table[id]?[column.rawValue] }
        set { if let newValue, table[id] != nil { table[id]![column.rawValue] = newValue } }
    }

    /// Nil, or why the entry could not be read.
    mutating func apply(_ action: String, words: [String], after: String) -> String? {
        let id = words.count == 2 && words[0] == "candidate" ? words[1] : nil
        let numbers = after.split { !$0.isNumber && $0 != "-" }.compactMap { Int($0) }
        switch action {
        case "defense groups":
            // `group 1: E01 E03 | R-11-1 S-11-02`, a line a group: every slot afresh.
            table = [:]
            for line in after.split(separator: "\n") {
                guard let group = Int(line.dropFirst(6).prefix { $0.isNumber }), let bar = line.firstIndex(of: "|")
                else { return "defense groups: \(line)" }
                for candidate in line[line.index(after: bar)...].split(separator: " ") {
                    table[String(candidate)] = [
                        "\(group)", "NULL", "waiting", "NULL", "NULL", "0", "NULL", "0", "NULL", "NULL",
                    ]
                }
            }
        case "defense draw":
            for line in after.split(separator: "\n") {
                guard let colon = line.firstIndex(of: ":") else { return "defense draw: \(line)" }
                for (turn, candidate) in line[line.index(after: colon)...].split(separator: " ").enumerated() {
                    self[String(candidate), .turn] = "\(turn + 1)"
                }
            }
        case "defense start":
            guard let id, after.hasPrefix("running:"), let now = numbers.last else { return "start: \(after)" }
            set(id, state: "running", started: "\(now)", pausedAt: "NULL", pausedSeconds: "0", ended: "NULL")
        case "defense end":
            guard let id, after.hasPrefix("done at "), let at = numbers.first else { return "end: \(after)" }
            self[id, .state] = "done"
            self[id, .ended] = "\(at)"
            self[id, .pausedAt] = "NULL"
        case "defense pause":
            guard let id, after.hasPrefix("paused at "), let at = numbers.first else { return "pause: \(after)" }
            self[id, .pausedAt] = "\(at)"
        case "defense resume":
            guard let id, numbers.count >= 2, let before = self[id, .pausedSeconds].flatMap({ Int($0) }) else {
                return "resume: \(after)"
            }
            self[id, .pausedAt] = "NULL"
            self[id, .pausedSeconds] = "\(before + numbers[1])"
        case "defense late":
            guard let id, after.hasSuffix(": late"), let turn = numbers.first else { return "late: \(after)" }
            self[id, .turn] = "\(turn)"
            self[id, .late] = "1"
        case "defense reopen":
            guard let id else { return "reopen: \(words)" }
            set(id, state: "waiting", started: "NULL", pausedAt: "NULL", pausedSeconds: "0", ended: "NULL")
        case "defense slot absent":
            guard let id else { return "absent: \(words)" }
            self[id, .state] = "absent"
        case "defense move":
            guard let id, let to = numbers.first, let group = self[id, .group] else { return "move: \(after)" }
            // The group's queue without it, in turn (then id), with it put at `to`: renumbered.
            var queue = table.filter { $0.key != id && $0.value[Column.group.rawValue] == group }.map(\.key)
                .sorted { (turn($0), $0) < (turn($1), $1) }
            queue.insert(id, at: min(max(0, to - 1), queue.count))
            for (index, candidate) in queue.enumerated() { self[candidate, .turn] = "\(index + 1)" }
        case "defense schedule":
            // `slot R-11-1 2020-12-28 09:00 2020-12-28 09:13`, a line a slot (the group lines before).
            for line in after.split(separator: "\n") where line.hasPrefix("slot ") {
                let parts = line.split(separator: " ").map(String.init)
                guard parts.count == 6 else { return "defense schedule: \(line)" }
                self[parts[1], .plannedStart] = "\(parts[2]) \(parts[3])"
                self[parts[1], .plannedEnd] = "\(parts[4]) \(parts[5])"
            }
        default:
            return nil
        }
        return nil
    }

    /// A turn to sort by: slots not drawn last.
    private func turn(_ id: String) -> Int { self[id, .turn].flatMap { Int($0) } ?? .max }

    private mutating func set(
        _ id: String, state: String, started: String, pausedAt: String, pausedSeconds: String, ended: String
    ) {
        self[id, .state] = state
        self[id, .started] = started
        self[id, .pausedAt] = pausedAt
        self[id, .pausedSeconds] = pausedSeconds
        self[id, .ended] = ended
    }
}
