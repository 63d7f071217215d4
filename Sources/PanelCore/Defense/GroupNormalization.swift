import Foundation

/// `[defense] normalize = "group_zscore"`: with parallel groups, each group's submitted defence
/// totals (of one kind) are standardized within the group and mapped back to the overall mean and
/// spread of that kind, so that a strict group's 70 and a lenient group's 85 can count alike. It
/// needs enough candidates in every group to measure the group by, and some spread in each.
public enum GroupNormalization {
    /// A group is measured on at least this many candidates with a submitted defence sheet.
    public static let minCandidates = 3

    public enum Refusal: Error, Equatable, Sendable, CustomStringConvertible {
        case tooFewCandidates(kind: CandidateKind, group: Int, candidates: Int)
        case noSpread(kind: CandidateKind, group: Int)

        public var description: String {
            switch self {
            case .tooFewCandidates(let kind, let group, let candidates):
                "\(kind.rawValue) defence: group \(group) has \(candidates) candidates with a submitted sheet,"
                    + " fewer than \(GroupNormalization.minCandidates) to standardize by"
            case .noSpread(let kind, let group):
                "\(kind.rawValue) defence: every sheet of group \(group) has the same total, so there is no spread"
            }
        }
    }

    /// One group's defence totals of one kind: what the statistics show.
    public struct GroupFigure: Equatable, Sendable {
        public var group: Int
        public var candidates: Int
        public var sheets: Int
        /// Mean and sample spread of its totals, in points.
        public var mean: Double
        public var spread: Double
    }

    /// The figures of every group that has submitted defence sheets of `kind`, by group.
    public static func figures(_ input: ScoringInput, kind: CandidateKind) -> [GroupFigure] {
        byGroup(input, kind: kind).map { group, sheets in
            let measured = SeverityAdjustment.meanAndSpread(sheets.map(\.total.hundredths))
            return GroupFigure(
                group: group, candidates: Set(sheets.map(\.key.candidate)).count, sheets: sheets.count,
                mean: measured.mean / 100, spread: measured.spread / 100)
        }
    }

    /// `input` with the submitted defence totals of `kind` standardized by group, or why not.
    /// Without groups on record there is one group, and nothing to do.
    public static func adjusted(_ input: ScoringInput, kind: CandidateKind) -> Result<ScoringInput, Refusal> {
        let groups = byGroup(input, kind: kind)
        guard groups.count > 1 else { return .success(input) }
        for (group, sheets) in groups {
            let count = Set(sheets.map(\.key.candidate)).count
            if count < minCandidates {
                return .failure(.tooFewCandidates(kind: kind, group: group, candidates: count))
            }
        }
        let overall = SeverityAdjustment.meanAndSpread(groups.flatMap(\.sheets).map(\.total.hundredths))
        var replaced: [SheetKey: Points] = [:]
        for (group, sheets) in groups {
            let own = SeverityAdjustment.meanAndSpread(sheets.map(\.total.hundredths))
            guard own.spread > 0 else { return .failure(.noSpread(kind: kind, group: group)) }
            for sheet in sheets {
                let z = (Double(sheet.total.hundredths) - own.mean) / own.spread
                replaced[sheet.key] = Points(hundredths: Int((overall.mean + z * overall.spread).rounded()))
            }
        }
        var output = input
        for index in output.totals.indices {
            if let total = replaced[output.totals[index].key] { output.totals[index].total = total }
        }
        return .success(output)
    }

    /// The submitted defence sheets of `kind` whose candidate has a group, by group number.
    static func byGroup(_ input: ScoringInput, kind: CandidateKind) -> [(group: Int, sheets: [SheetTotal])] {
        guard !input.defenseGroups.isEmpty else { return [] }
        let ofKind = Set(input.candidates.lazy.filter { $0.kind == kind }.map(\.id))
        let sheets = input.totals.filter {
            $0.status == .submitted && $0.key.stage == .defense && ofKind.contains($0.key.candidate)
                && input.defenseGroups[$0.key.candidate] != nil
        }
        return Dictionary(grouping: sheets) { input.defenseGroups[$0.key.candidate]! }
            .map { (group: $0.key, sheets: $0.value) }.sorted { $0.group < $1.group }
    }

    /// The ranking of `kind` with the normalization the other way from the round's rule (on when
    /// the rules leave it off, off when they name it), and the rule it stands for; nil when there
    /// are no groups, or the refusal when it cannot be applied.
    public static func variant(_ input: ScoringInput, kind: CandidateKind) -> GroupVariant? {
        guard Set(input.defenseGroups.values).count > 1 else { return nil }
        var other = input
        let official = input.round.rules.defense.normalize
        other.round.rules.defense.normalize = official == .groupZscore ? .none : .groupZscore
        if other.round.rules.defense.normalize == .groupZscore, case .failure(let refusal) = adjusted(input, kind: kind)
        {
            return GroupVariant(kind: kind, normalized: true, ranking: nil, refusal: refusal.description)
        }
        return GroupVariant(
            kind: kind, normalized: other.round.rules.defense.normalize == .groupZscore,
            ranking: ScoringEngine.rank(other, kind: kind), refusal: nil)
    }
}

/// The ranking under the other choice of `[defense] normalize`, beside the official one.
public struct GroupVariant: Equatable, Sendable {
    public var kind: CandidateKind
    /// True: this is the group-standardized ranking (the rules leave it off).
    public var normalized: Bool
    public var ranking: Ranking?
    public var refusal: String?

    /// `分组标准化` or `不分组标准化`: what this variant is, in a column's head.
    public var label: String { normalized ? "分组标准化" : "不分组标准化" }

    /// How many candidates stand at another place than in `official`, of those ranked in both.
    public func moved(against official: Ranking) -> Int {
        guard let ranking else { return 0 }
        let here = Dictionary(
            ranking.entries.filter(\.status.isRanked).enumerated().map { ($0.element.candidate.id, $0.offset) },
            uniquingKeysWith: { a, _ in a })
        return official.entries.filter(\.status.isRanked).enumerated().filter { offset, entry in
            here[entry.candidate.id].map { $0 != offset } ?? false
        }.count
    }

    public func winners() -> Set<String> { Set(ranking?.winners.map(\.candidate.id) ?? []) }
}
