/// One expert assigned to one candidate: they score its materials, and its defence if it gets there.
public struct Assignment: Hashable, Comparable, Sendable, Codable {
    public init(expert: String, candidate: String) {
        self.expert = expert
        self.candidate = candidate
    }

    public var expert: String
    public var candidate: String

    public static func < (a: Assignment, b: Assignment) -> Bool { (a.expert, a.candidate) < (b.expert, b.candidate) }
}

/// Gives every candidate N experts without a conflict of interest, spreading the load evenly.
///
/// Greedy, most constrained candidate first: each takes the least-loaded experts it may have, ties
/// broken by a hash of (seed, candidate, expert), so one seed always gives one plan and another
/// seed another plan of the same balance.
public enum AssignmentPlanner {
    public struct Plan: Equatable, Sendable {
        public var assignments: [Assignment]
        /// Experts (role 专家) by id, with how many candidates each has; an expert with none shows 0.
        public var load: [String: Int]
        public var minLoad: Int { load.values.min() ?? 0 }
        public var maxLoad: Int { load.values.max() ?? 0 }
    }

    /// The candidates that cannot have N experts, and why so few are left.
    public struct Shortfall: Error, Sendable, CustomStringConvertible {
        public struct Entry: Sendable {
            public var candidate: Candidate
            public var available: Int
            public var recused: [ConflictOfInterest: Int]
        }
        public var needed: Int
        public var experts: Int
        public var entries: [Entry]

        public var description: String {
            var lines = [
                "\(entries.count) candidate\(entries.count == 1 ? "" : "s") cannot have \(needed) experts without a conflict of interest (\(experts) experts in all):"
            ]
            for entry in entries {
                let why = ConflictOfInterest.allCases.compactMap { reason in
                    entry.recused[reason].map { "\($0) recused (\(reason.rawValue))" }
                }.joined(separator: ", ")
                lines.append(
                    "  \(entry.candidate.id) \(TerminalSafe.cell(entry.candidate.name)) (\(entry.candidate.province)): only \(entry.available) available\(why.isEmpty ? "" : "; \(why)")"
                )
            }
            lines.append(
                """
                Add experts from other provinces (panel import experts / panel expert add), or assign fewer with\
                 --per-candidate.
                """
            )
            return lines.joined(separator: "\n")
        }
    }

    /// - Parameters:
    ///   - candidates: those to assign (the eligible ones).
    ///   - keep: assignments that stay whatever happens (their sheets are started); they count towards N.
    public static func plan(
        candidates: [Candidate], experts: [ExpertEntry], keep: Set<Assignment>, perCandidate: Int,
        seed: UInt64, conflicts: Rules.Conflicts
    ) -> Result<Plan, Shortfall> {
        let scorers = experts.filter { $0.role == .expert }
        var load = Dictionary(uniqueKeysWithValues: scorers.map { ($0.id, 0) })
        for kept in keep where load[kept.expert] != nil { load[kept.expert]! += 1 }
        var chosen = keep

        // Who may score each candidate is asked again when it is its turn, not kept: a provincial
        // round's 100,000 candidates × 400 experts would be 40 million entries.
        func allowed(_ expert: ExpertEntry, _ candidate: Candidate) -> Bool {
            ConflictOfInterest.reason(expert: expert, candidate: candidate, rules: conflicts) == nil
        }
        var available: [String: Int] = [:]
        var shortfall: [Shortfall.Entry] = []
        for candidate in candidates {
            var recused: [ConflictOfInterest: Int] = [:]
            for expert in scorers {
                if let reason = ConflictOfInterest.reason(expert: expert, candidate: candidate, rules: conflicts) {
                    recused[reason, default: 0] += 1
                }
            }
            available[candidate.id] = scorers.count - recused.values.reduce(0, +)
            if available[candidate.id]! < perCandidate {
                shortfall.append(.init(candidate: candidate, available: available[candidate.id]!, recused: recused))
            }
        }
        if !shortfall.isEmpty {
            return .failure(Shortfall(needed: perCandidate, experts: scorers.count, entries: shortfall))
        }

        let ordered = candidates.map { ($0, available[$0.id]!, tieBreak(seed, $0.id, "")) }
            .sorted { ($0.1, $0.2) < ($1.1, $1.2) }.map(\.0)
        var keptPerCandidate: [String: Int] = [:]
        for kept in keep { keptPerCandidate[kept.candidate, default: 0] += 1 }
        // Loads by the experts' positions: 100,000 candidates × 400 experts are 40 million looks.
        var loads = scorers.map { load[$0.id]! }
        for candidate in ordered {
            let have = keptPerCandidate[candidate.id] ?? 0
            guard have < perCandidate else { continue }
            let prefix = fnv(candidate.id)
            var open: [(load: Int, tie: UInt64, index: Int)] = []
            for (index, expert) in scorers.enumerated() where allowed(expert, candidate) {
                if !keep.isEmpty && chosen.contains(Assignment(expert: expert.id, candidate: candidate.id)) { continue }
                open.append((loads[index], finish(fnv(expert.id, from: prefix), seed), index))
            }
            open.sort { ($0.load, $0.tie) < ($1.load, $1.tie) }
            for pick in open.prefix(perCandidate - have) {
                chosen.insert(Assignment(expert: scorers[pick.index].id, candidate: candidate.id))
                loads[pick.index] += 1
            }
        }
        for (index, expert) in scorers.enumerated() { load[expert.id] = loads[index] }
        return .success(Plan(assignments: chosen.sorted(), load: load))
    }

    /// A stable pseudo-random number for (seed, a, b): FNV-1a over the ids, then SplitMix64's finalizer.
    /// (Swift's `Hasher` is seeded per process, so it would give a different plan each run.)
    static func tieBreak(_ seed: UInt64, _ a: String, _ b: String) -> UInt64 {
        finish(fnv(b, from: fnv(a)), seed)
    }

    /// FNV-1a over `a` and a separator; continued over `b` by `fnv(b, from:)`.
    static func fnv(_ a: String) -> UInt64 {
        fnv("", from: fnv(a, from: 0xcbf2_9ce4_8422_2325), separator: true)
    }

    static func fnv(_ text: String, from start: UInt64, separator: Bool = false) -> UInt64 {
        var hash = start
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        if separator { hash = (hash ^ 0x1F) &* 0x100_0000_01b3 }
        return hash
    }

    static func finish(_ hash: UInt64, _ seed: UInt64) -> UInt64 {
        var z = hash ^ (seed &+ 0x9e37_79b9_7f4a_7c15)
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
