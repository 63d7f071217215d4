/// Steps 6–9 on the ranked candidates, already in order: competition ranks, the threshold, the
/// cut line a tie group at a time, and the chair's choice within a tie that straddles it.
enum CutLine {
    static func apply(
        _ entries: inout [RankEntry], ranked: [Int], kind: CandidateKind, rules: Rules,
        resolution: ChairDecisions.Resolution?
    ) {
        let scoring = rules.scoring
        var groups: [[Int]] = []
        for (position, index) in ranked.enumerated() {
            let key = ScoringEngine.sortKey(entries[index])
            if let previous = groups.last?.last, ScoringEngine.sortKey(entries[previous]) == key {
                groups[groups.count - 1].append(index)
                entries[index].rank = entries[previous].rank
            } else {
                entries[index].rank = position + 1
                if let previous = groups.last?.last, entries[previous].final == entries[index].final {
                    entries[index].reasons.append(
                        tieBrokenNote(entries[index], after: entries[previous], keys: scoring.tieBreak))
                }
                groups.append([index])
            }
        }

        let minFinal = Rational(scoring.minFinal)
        let quota = kind == .region ? rules.quota.region : rules.quota.school
        var used = 0
        for group in groups {
            let ids = group.map { entries[$0].candidate.id }
            if entries[group[0]].final! < minFinal {
                for index in group {
                    entries[index].status = .belowThreshold
                    entries[index].reasons.append(
                        "below_threshold: 最终得分 \(entries[index].final!) 低于 min_final \(scoring.minFinal)")
                }
            } else if used + group.count <= quota {
                for index in group { entries[index].status = .winner }
                used += group.count
            } else if used < quota {
                let free = quota - used
                used = quota
                let rank = entries[group[0]].rank!
                if let resolution, resolution.tieGroup == Set(ids), resolution.winners.isSubset(of: Set(ids)),
                    resolution.winners.count <= free
                {
                    for index in group {
                        let chosen = resolution.winners.contains(entries[index].candidate.id)
                        entries[index].status = chosen ? .winner : .outsideQuota
                        entries[index].reasons.append(
                            "chair_resolved: 第 \(rank) 名 \(group.count) 个并列争 \(free) 个名额，组长裁定\(chosen ? "获评" : "不获评")：\(resolution.reason)"
                        )
                    }
                } else {
                    let lapsed = resolution.map { _ in "；组长此前的裁定针对的并列组已变化，须重新裁定" } ?? ""
                    for index in group {
                        entries[index].status = .tieAtCut
                        entries[index].reasons.append(
                            "tie_at_cut: 第 \(rank) 名 \(group.count) 个并列（\(ids.joined(separator: " "))）争剩余 \(free) 个名额，待组长裁定 (panel resolve)\(lapsed)"
                        )
                    }
                }
            } else {
                for index in group { entries[index].status = .outsideQuota }
            }
        }
    }

    /// `tie_break: 最终得分与 R2 相同（88.55），按 defense 排其后（87 < 90.5）`
    static func tieBrokenNote(_ entry: RankEntry, after previous: RankEntry, keys: [Rules.TieBreak]) -> String {
        for (key, (mine, theirs)) in zip(keys, zip(entry.tieBreaks, previous.tieBreaks)) where mine != theirs {
            return
                "tie_break: 最终得分与 \(previous.candidate.id) 相同（\(entry.final!)），按 \(key) 排其后（\(mine.map(\.description) ?? "无") < \(theirs.map(\.description) ?? "无")）"
        }
        return "tie_break: 最终得分与 \(previous.candidate.id) 相同"
    }
}
