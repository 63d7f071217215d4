/// Who goes on to the defence, and the chair's choice at a tie on the cut line: the rules the
/// store checks a decision against and the console and the command line show.
extension Ranking {
    /// The shortlisted entries, best material result first (ties by id): the order in which the
    /// chair reads them out.
    public var shortlist: [RankEntry] {
        entries.filter { $0.status.isShortlisted }.sorted {
            ($1.material?.value ?? Rational(0), $0.candidate.id) < ($0.material?.value ?? Rational(0), $1.candidate.id)
        }
    }

    /// The shortlist's ids in id order: the form that is frozen and audited.
    public var shortlistIDs: [String] { entries.filter { $0.status.isShortlisted }.map(\.candidate.id).sorted() }

    /// The candidates tied at the cut line and the places left for them, when there is such a tie.
    public var tieAtCut: TieAtCut? {
        let tied = entries.filter { $0.status == .tieAtCut }.map(\.candidate.id)
        return tied.isEmpty ? nil : TieAtCut(tied: tied, free: quota - winners.count)
    }
}

extension [Ranking] {
    /// Every kind's shortlisted ids.
    public var shortlistedIDs: Set<String> { Set(flatMap(\.shortlistIDs)) }
}

/// A tie at the cut line: `tied` (in rank order) share `free` places, and the chair names who takes them.
public struct TieAtCut: Equatable, Sendable {
    public var tied: [String]
    public var free: Int

    public init(tied: [String], free: Int) {
        self.tied = tied
        self.free = free
    }

    /// Why naming `winners` does not resolve this tie, or nil when it does: every one of them must
    /// be in the tie, and there must be at least one and at most as many as there are places.
    public func refusal(choosing winners: [String]) -> String? {
        let strangers = winners.filter { !tied.contains($0) }
        if !strangers.isEmpty {
            return
                "\(strangers.joined(separator: ", ")) \(strangers.count == 1 ? "is" : "are") not in the tie at the cut (\(tied.joined(separator: " ")))"
        }
        let places = "\(free) place\(free == 1 ? "" : "s")"
        if winners.isEmpty || Set(winners).count > free {
            return "\(tied.count) are tied for \(places): name between 1 and \(free) winner\(free == 1 ? "" : "s")"
        }
        return nil
    }
}
