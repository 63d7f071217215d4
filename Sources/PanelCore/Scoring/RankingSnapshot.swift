/// The final ranking as canonical text, one line per candidate, so that its SHA-256 names it:
/// the same ranking gives the same bytes, hence the same hash, on any machine.
public enum RankingSnapshot {
    public static let header = "kind\trank\tid\tprovince\tname\tstatus\tmaterial\tdefense\tfinal"

    public static func text(_ rankings: [Ranking]) -> String {
        var lines = [header]
        for ranking in rankings.sorted(by: { $0.kind.rawValue < $1.kind.rawValue }) {
            for entry in ranking.entries {
                let exact: (Rational?) -> String = { $0.map { "\($0.numerator)/\($0.denominator)" } ?? "" }
                lines.append(
                    [
                        ranking.kind.rawValue, entry.rank.map(String.init) ?? "", entry.candidate.id,
                        entry.candidate.province,
                        entry.candidate.name, entry.status.rawValue, exact(entry.material?.value),
                        exact(entry.defense?.value),
                        exact(entry.final),
                    ].joined(separator: "\t"))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
