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
        public init(assignments: [Assignment], load: [String: Int]) {
            self.assignments = assignments
            self.load = load
        }

        public var assignments: [Assignment]
        /// Experts (role 专家) by id, with how many candidates each has; an expert with none shows 0.
        public var load: [String: Int]
        public var minLoad: Int { load.values.min() ?? 0 }
        public var maxLoad: Int { load.values.max() ?? 0 }
        /// Assignments whose expert's 学段 and 评审类别 cover the candidate.
        public var matching = 0
        /// Per expert, how many of their candidates come from a province next to theirs: a chair
        /// sees at a glance that no expert judges mostly their neighbours.
        public var neighbours: [String: Int] = [:]
        /// The share of assignments by covering experts, in percent.
        public var matchingPercent: Int { assignments.isEmpty ? 100 : matching * 100 / assignments.count }
    }

    /// The candidates that cannot have N experts, and why so few are left.
    public struct Shortfall: Error, Sendable, CustomStringConvertible {
        public struct Entry: Sendable {
            public var candidate: Candidate
            public var available: Int
            public var recused: [ConflictOfInterest: Int]
            /// Experts without a conflict whose 学段 or 评审类别 do not cover it (expertise required).
            public var notCovering = 0
        }
        public var needed: Int
        public var experts: Int
        public var entries: [Entry]

        public var description: String {
            var lines = [
                "\(entries.count) candidate\(entries.count == 1 ? "" : "s") cannot have \(needed) experts without a conflict of interest (\(experts) experts in all):"
            ]
            for entry in entries {
                var reasons = ConflictOfInterest.allCases.compactMap { reason in
                    entry.recused[reason].map { "\($0) recused (\(reason.rawValue))" }
                }
                if entry.notCovering > 0 {
                    let field =
                        entry.candidate.kind == .school
                        ? "学段 \(entry.candidate.level?.rawValue ?? "-") or 评审类别" : "评审类别"
                    reasons.append("\(entry.notCovering) not covering its \(field) (expertise)")
                }
                let why = reasons.joined(separator: ", ")
                lines.append(
                    "  \(entry.candidate.id) \(TerminalSafe.cell(entry.candidate.name)) "
                        + "(\(entry.candidate.province)): only \(entry.available) available"
                        + (why.isEmpty ? "" : "; \(why)")
                )
            }
            lines.append(
                """
                Add experts from other provinces or with these fields (panel import experts / panel expert add),\
                 assign fewer with --per-candidate, or set [assignment] expertise = "preferred" in rules.toml.
                """
            )
            return lines.joined(separator: "\n")
        }
    }

    /// - Parameters:
    ///   - candidates: those to assign (the eligible ones).
    ///   - keep: assignments that stay whatever happens (their sheets are started); they count towards N.
    ///   - expertise: whether the experts' 学段 and 评审类别 must, should or need not cover a candidate.
    ///   - regionNames: names by id, for the conflict of an expert employed by a school's region.
    public static func plan(
        candidates: [Candidate], experts: [ExpertEntry], keep: Set<Assignment>, perCandidate: Int,
        seed: UInt64, conflicts: Rules.Conflicts, expertise: Rules.Assignment.Expertise = .ignored,
        regionNames: [String: String] = [:]
    ) -> Result<Plan, Shortfall> {
        let scorers = experts.filter { $0.role == .expert }
        var load = Dictionary(uniqueKeysWithValues: scorers.map { ($0.id, 0) })
        for kept in keep where load[kept.expert] != nil { load[kept.expert]! += 1 }
        var chosen = keep

        // Who may score each candidate is asked again when it is its turn, not kept: a provincial
        // round's 100,000 candidates × 400 experts would be 40 million entries.
        func conflict(_ expert: ExpertEntry, _ candidate: Candidate) -> ConflictOfInterest? {
            ConflictOfInterest.reason(
                expert: expert, candidate: candidate, rules: conflicts,
                regionName: candidate.supports.flatMap { regionNames[$0] })
        }
        func allowed(_ expert: ExpertEntry, _ candidate: Candidate) -> Bool {
            conflict(expert, candidate) == nil && (expertise != .required || expert.covers(candidate))
        }
        var available: [String: Int] = [:]
        var shortfall: [Shortfall.Entry] = []
        for candidate in candidates {
            var recused: [ConflictOfInterest: Int] = [:]
            var notCovering = 0
            for expert in scorers {
                if let reason = conflict(expert, candidate) {
                    recused[reason, default: 0] += 1
                } else if expertise == .required && !expert.covers(candidate) {
                    notCovering += 1
                }
            }
            let count = scorers.count - recused.values.reduce(0, +) - notCovering
            available[candidate.id] = count
            if count < perCandidate {
                shortfall.append(
                    .init(candidate: candidate, available: count, recused: recused, notCovering: notCovering))
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
            // `rank` 0 for an expert whose fields cover the candidate: first when expertise is preferred.
            var open: [(rank: Int, load: Int, tie: UInt64, index: Int)] = []
            for (index, expert) in scorers.enumerated() where allowed(expert, candidate) {
                if !keep.isEmpty && chosen.contains(Assignment(expert: expert.id, candidate: candidate.id)) { continue }
                let rank = expertise == .preferred && !expert.covers(candidate) ? 1 : 0
                open.append((rank, loads[index], finish(fnv(expert.id, from: prefix), seed), index))
            }
            open.sort { ($0.rank, $0.load, $0.tie) < ($1.rank, $1.load, $1.tie) }
            for pick in open.prefix(perCandidate - have) {
                chosen.insert(Assignment(expert: scorers[pick.index].id, candidate: candidate.id))
                loads[pick.index] += 1
            }
        }
        for (index, expert) in scorers.enumerated() { load[expert.id] = loads[index] }
        var plan = Plan(assignments: chosen.sorted(), load: load)
        plan.measure(experts: scorers, candidates: candidates)
        return .success(plan)
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

extension AssignmentPlanner.Plan {
    /// Fills in how well the plan matches expertise and how many neighbours each expert judges.
    public mutating func measure(experts: [ExpertEntry], candidates: [Candidate]) {
        let expertByID = Dictionary(experts.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let candidateByID = Dictionary(candidates.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        matching = 0
        neighbours = Dictionary(uniqueKeysWithValues: experts.map { ($0.id, 0) })
        for assignment in assignments {
            guard let expert = expertByID[assignment.expert], let candidate = candidateByID[assignment.candidate]
            else { continue }
            if expert.covers(candidate) { matching += 1 }
            if Province.areNeighbours(expert.province, candidate.province) { neighbours[expert.id, default: 0] += 1 }
        }
    }
}

extension AssignmentPlanner {
    /// Who takes a candidate over when an expert leaves it (a recusal approved, a reassignment):
    /// an expert without a conflict who is not on it yet and not the one leaving, covering it when
    /// expertise is required (and first when preferred), the least loaded, ties broken by the same
    /// hash as the plan. `nil` when nobody may.
    public static func replacement(
        for candidate: Candidate, experts: [ExpertEntry], assignments: [Assignment], leaving: String,
        conflicts: Rules.Conflicts, expertise: Rules.Assignment.Expertise, regionName: String? = nil
    ) -> ExpertEntry? {
        var load: [String: Int] = [:]
        var onIt = Set<String>()
        for assignment in assignments {
            load[assignment.expert, default: 0] += 1
            if assignment.candidate == candidate.id { onIt.insert(assignment.expert) }
        }
        let possible = experts.filter { expert in
            expert.role == .expert && expert.id != leaving && !onIt.contains(expert.id)
                && ConflictOfInterest.reason(
                    expert: expert, candidate: candidate, rules: conflicts, regionName: regionName) == nil
                && (expertise != .required || expert.covers(candidate))
        }
        return possible.min { a, b in
            func key(_ expert: ExpertEntry) -> (Int, Int, UInt64) {
                (
                    expertise == .preferred && !expert.covers(candidate) ? 1 : 0, load[expert.id] ?? 0,
                    tieBreak(0, candidate.id, expert.id)
                )
            }
            return key(a) < key(b)
        }
    }
}
