/// The order of the defences within a group, drawn by lot (抽签): regions first, then schools,
/// each shuffled by a generator seeded from the drawn seed and the group's number. Anyone with the
/// database has the seed and the group's candidates, so anyone can draw again and compare.
public enum DefenseDraw {
    public static func order(_ candidates: [Candidate], group: Int, seed: UInt64) -> [String] {
        var random = SeededRandom(seed: AssignmentPlanner.finish(UInt64(group), seed))
        return [CandidateKind.region, .school].flatMap { kind in
            var ids = candidates.filter { $0.kind == kind }.map(\.id).sorted()
            // Fisher–Yates from the back, with our own generator: the standard library's shuffle
            // may change between Swift versions, and a draw must replay for years.
            if ids.count > 1 {
                for index in stride(from: ids.count - 1, to: 0, by: -1) {
                    let other = Int(random.next() % UInt64(index + 1))
                    ids.swapAt(index, other)
                }
            }
            return ids
        }
    }
}
