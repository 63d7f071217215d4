/// Wall-clock minutes of one day (`09:00` is 540), as the schedule is written and read.
public struct ClockMinutes: Comparable, Hashable, Sendable, CustomStringConvertible {
    public var value: Int
    public init(_ value: Int) { self.value = value }

    /// `9:00`, `09:00`, `13:30`.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let hours = Int(parts[0]), let minutes = Int(parts[1]), parts[1].count == 2,
            (0...23).contains(hours), (0...59).contains(minutes)
        else { return nil }
        value = hours * 60 + minutes
    }

    public var description: String {
        let hours = value / 60, minutes = value % 60
        return (hours < 10 ? "0" : "") + "\(hours):" + (minutes < 10 ? "0" : "") + "\(minutes)"
    }

    public static func < (a: ClockMinutes, b: ClockMinutes) -> Bool { a.value < b.value }
}

/// The planned times of one group's slots: each slot is the presentation and the questions, then
/// the changeover; a slot that would run into a break starts when the break ends, and one that
/// would end after `dayEnd` starts the next day at the day's start.
public enum DefenseSchedule {
    public struct Slot: Equatable, Sendable {
        /// 0 the first day, 1 the next.
        public var day = 0
        public var start: ClockMinutes
        public var end: ClockMinutes
    }

    public struct Break: Equatable, Sendable {
        public var from: ClockMinutes
        public var to: ClockMinutes

        /// `12:00-13:30`.
        public init?(_ text: String) {
            let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 2, let from = ClockMinutes(String(parts[0])), let to = ClockMinutes(String(parts[1])),
                from < to
            else { return nil }
            self.from = from
            self.to = to
        }

        public init(from: ClockMinutes, to: ClockMinutes) {
            self.from = from
            self.to = to
        }
    }

    public struct PastMidnight: Error, Equatable, Sendable {
        /// How many slots fit before midnight.
        public var fitted: Int
    }

    public static func slots(
        count: Int, start: ClockMinutes, breaks: [Break], rules: Rules.Defense, dayEnd: ClockMinutes? = nil
    ) -> Result<[Slot], PastMidnight> {
        var slots: [Slot] = []
        var next = start.value, day = 0
        while slots.count < count {
            // A break may push the slot into the next break: look again until none overlaps.
            var moved = true
            while moved {
                moved = false
                for pause in breaks where next < pause.to.value && next + rules.slotMinutes > pause.from.value {
                    next = pause.to.value
                    moved = true
                }
            }
            if let dayEnd, next + rules.slotMinutes > dayEnd.value, next > start.value {
                day += 1
                next = start.value
                continue
            }
            let end = next + rules.slotMinutes
            guard end <= 24 * 60 else { return .failure(PastMidnight(fitted: slots.count)) }
            slots.append(Slot(day: day, start: ClockMinutes(next), end: ClockMinutes(end)))
            next = end + rules.changeoverMinutes
        }
        return .success(slots)
    }
}
