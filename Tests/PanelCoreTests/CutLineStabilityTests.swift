@testable import PanelCore
import Testing

/// Stability of the cut line and the zscore rule, on rounds whose variants can be worked out by hand.
@Suite struct CutLineStabilityTests {
    /// Quota 2. R1 always wins; R4 never. R2's material is 70 90 90 (mean 83.33, median 90) with a
    /// defence of 85: final 84 by the mean, 88 by the median. R3 is 85 everywhere.
    static func close(resamples: Int = 2000) throws -> ScoringScenario {
        var s = try ScoringScenario(quota: 2)
        s.round.rules.fairness.bootstrap = resamples
        s.region("R1", material: [95, 95, 95], defense: [95, 95, 95])
        s.region("R2", material: [70, 90, 90], defense: [85, 85, 85])
        s.region("R3", material: [85, 85, 85], defense: [85, 85, 85])
        s.region("R4", material: [61, 61, 61], defense: [61, 61, 61])
        return s
    }

    @Test func eachRuleVariantNamesItsOwnWinners() throws {
        let stability = CutLineStability.compute(try Self.close().input(), kind: .region)
        #expect(stability.places.map(\.candidate) == ["R1", "R3", "R2", "R4"])
        #expect(stability.places.map(\.place) == [1, 2, 3, 4])
        let r2 = try #require(stability.place(of: "R2")), r3 = try #require(stability.place(of: "R3"))
        #expect(!r2.official && !r2.mean && r2.median)
        #expect(r3.official && r3.mean && !r3.median)
        // Three sheets per expert: below min_sheets 5, so there is no adjusted variant, and it says why.
        #expect(r2.adjusted == nil && stability.adjustedRefusal?.contains("fewer than min_sheets 5") == true)
        #expect(r2.rulesWon == (1, 3) && r3.rulesWon == (2, 3))
    }

    @Test func theBootstrapShareIsTheChanceOfTheResampledExperts() throws {
        // R2 overtakes R3 only when all three draws are a 90: (2/3)^3 = 8/27 of resamples.
        let stability = CutLineStability.compute(try Self.close().input(), kind: .region)
        let r1 = try #require(stability.place(of: "R1")), r2 = try #require(stability.place(of: "R2"))
        let r3 = try #require(stability.place(of: "R3")), r4 = try #require(stability.place(of: "R4"))
        #expect(r1.bootstrapWins == 2000 && r4.bootstrapWins == 0)
        #expect(abs(r2.bootstrapShare! - 8.0 / 27) < 0.04, "R2 won \(r2.bootstrapWins) of 2000")
        // One of the two takes the second place in every resample.
        #expect(r2.bootstrapWins + r3.bootstrapWins == 2000)
        #expect(r1.share == 1 && r4.share == 0)
        #expect(r2.share == Double(1 + r2.bootstrapWins) / 2003)
        #expect(r2.summary == "1/3 \(Int((r2.bootstrapShare! * 100).rounded()))%")
    }

    @Test func theSameSeedGivesTheSameFigures() throws {
        let input = try Self.close(resamples: 300).input()
        #expect(CutLineStability.compute(input, kind: .region) == CutLineStability.compute(input, kind: .region))
    }

    @Test func aTieAtTheCutWinsInNoVariantUntilTheChairResolvesIt() throws {
        var s = try ScoringScenario(quota: 2)
        s.round.rules.fairness.bootstrap = 200
        s.region("R1", material: [95, 95, 95], defense: [95, 95, 95])
        s.region("R2", material: [85, 85, 85], defense: [85, 85, 85])
        s.region("R3", material: [85, 85, 85], defense: [85, 85, 85])
        let tied = CutLineStability.compute(s.input(), kind: .region)
        #expect(
            tied.places.map { "\($0.candidate):\($0.rulesWon.won)/\($0.rulesWon.of):\($0.bootstrapWins)" } == [
                "R1:3/3:200", "R2:0/3:0", "R3:0/3:0",
            ])
        // The chair's resolution holds in every variant where the same two are tied.
        s.decisions.resolutions[.region] = .init(tieGroup: ["R2", "R3"], winners: ["R2"], reason: "答辩更优")
        let resolved = CutLineStability.compute(s.input(), kind: .region)
        #expect(resolved.place(of: "R2")?.share == 1 && resolved.place(of: "R3")?.share == 0)
    }

    @Test func onlyCandidatesWithinTheWindowOfTheLineAreListed() throws {
        var s = try Self.close(resamples: 10)
        s.round.rules.fairness.window = 1
        // Place 2 (the last inside) and place 3 (the first outside).
        #expect(CutLineStability.compute(s.input(), kind: .region).places.map(\.candidate) == ["R3", "R2"])
    }

    /// E1 is 10 points stricter than E2 and E3 on every one of five regions.
    static func strictExpert() throws -> ScoringScenario {
        var s = try ScoringScenario(quota: 2, shortlist: 5)
        s.round.rules.scoring.aggregate = .zscore
        for (index, base) in [70.0, 74, 78, 82, 86].enumerated() {
            s.region("R\(index + 1)", material: [base - 10, base, base + 1], defense: [base, base + 1, base - 1])
        }
        return s
    }

    @Test func underTheZscoreRuleTheEngineRanksTheAdjustedTotals() throws {
        let s = try Self.strictExpert()
        let ranking = s.ranking()
        #expect(ranking.winners.map(\.candidate.id) == ["R5", "R4"])
        let adjusted = try SeverityAdjustment.adjust(
            StageSheets(s.input(), kind: .region, stage: .material), minSheets: 5
        ).get()
        let r1 = try #require(ranking.entries.first { $0.candidate.id == "R1" })
        // E1 ranks R1 lowest of their five, as E2 and E3 do: after adjustment all three agree on it.
        #expect(
            r1.material?.totals.map(\.total).sorted()
                == ["E1", "E2", "E3"].map { adjusted[SheetKey(expert: $0, candidate: "R1", stage: .material)]! }
                .sorted())
        #expect(Set(r1.material!.totals.map(\.total)).count == 1)
    }

    @Test func underTheZscoreRuleARefusalLeavesEveryoneUnrankedWithTheReason() throws {
        var s = try Self.strictExpert()
        s.round.rules.fairness.minSheets = 6
        let ranking = s.ranking()
        #expect(ranking.entries.allSatisfy { $0.status == .incomplete && $0.rank == nil })
        #expect(
            ranking.entries[0].reasons.last?.hasPrefix(
                "incomplete: zscore: 区域 材料: 3 experts have fewer than min_sheets 6") == true,
            "\(ranking.entries[0].reasons)")
    }
}

/// The resampler re-aggregates only what a draw changes and reuses the engine's later steps; on
/// the same draws it must rank exactly as the engine does on the resampled sheets themselves.
@Suite struct ResamplerTests {
    /// Twelve regions, three to seven experts each (and three far behind), totals on a coarse grid so that ties (at the
    /// shortlist, at the cut and in group C) are common; one is absent from the defence.
    static func scenario(seed: UInt64) throws -> ScoringScenario {
        var random = SeededRandom(seed: seed)
        var s = try ScoringScenario(quota: 4, shortlist: 6, tieBreak: [.defense, .group("C")])
        func total() -> Double { 76 + Double(random.next() % 3) * 4 }
        for n in 1...12 {
            let experts = 3 + Int(random.next() % 5)
            let material = (0..<experts).map { _ in total() }
            s.region(
                "R\(n)", material: material, defense: (0..<experts).map { _ in total() },
                groupC: material.map { _ in Double(random.next() % 3) * 5 + 10 })
        }
        // Three that no draw can lift into the shortlist: the resampler leaves them out.
        for n in 13...15 {
            s.region("R\(n)", material: [60, 62, 64], defense: [70, 70, 70])
        }
        s.decisions.absent["R5"] = "未到场"
        return s
    }

    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func onTheSameDrawsTheResamplerRanksAsTheEngine(seed: UInt64) throws {
        let s = try Self.scenario(seed: seed)
        let input = s.input()
        let resampler = Resampler(input, kind: .region)
        var random = SeededRandom(seed: seed &* 7919)
        for _ in 0..<20 {
            let materialDraws = resampler.material.map { sheets in
                sheets.indices.map { _ in Int(random.next() % UInt64(sheets.count)) }
            }
            var defenseDraws: [String: [Int]] = [:]
            for (id, sheets) in resampler.defense {
                defenseDraws[id] = sheets.indices.map { _ in Int(random.next() % UInt64(sheets.count)) }
            }
            let fast = resampler.ranking(materialDraws: materialDraws) { id, _ in defenseDraws[id]! }

            // The same draws as sheets: each drawn sheet copied in, the others left out.
            let contenders = resampler.contenders.map { resampler.base[$0].candidate.id }
            var totals = input.totals.filter {
                !(contenders.contains($0.key.candidate) && $0.key.stage == .material) && $0.key.stage != .defense
            }
            for (k, id) in contenders.enumerated() {
                let own = input.totals.filter {
                    $0.key.candidate == id && $0.key.stage == .material && $0.status == .submitted
                }
                totals += materialDraws[k].map { own[$0] }
            }
            for (id, draws) in defenseDraws {
                let own = input.totals.filter {
                    $0.key.candidate == id && $0.key.stage == .defense && $0.status == .submitted
                }
                totals += draws.map { own[$0] }
            }
            var resampled = input
            resampled.totals = totals
            let full = ScoringEngine.rank(resampled, kind: .region)
            func summary(_ entries: [RankEntry]) -> [String] {
                entries.map {
                    "\($0.candidate.id) \($0.status.rawValue) \($0.rank.map(String.init) ?? "-") \($0.final.map(\.description) ?? "-")"
                }
            }
            // The same order, statuses, ranks and finals; whoever the resampler left out was never shortlisted.
            let kept = Set(fast.entries.map(\.candidate.id))
            #expect(summary(fast.entries) == summary(full.entries.filter { kept.contains($0.candidate.id) }))
            #expect(
                full.entries.filter { !kept.contains($0.candidate.id) }.allSatisfy {
                    [.notShortlisted, .ineligible, .incomplete].contains($0.status)
                })
        }
    }

    @Test func onlyCandidatesThatCanBeShortlistedAreKept() throws {
        // Shortlist 2. The lowest possible materials are A 90, B 80, C 70, D 60, E 75: the second
        // highest is 80. C can reach 85 and is kept; E can reach exactly 80 (a tie at the
        // shortlist's boundary with B) and is kept; D reaches at most 79 and is left out.
        var s = try ScoringScenario(quota: 1, shortlist: 2)
        s.region("A", material: [90, 90, 90], defense: [80, 80, 80])
        s.region("B", material: [80, 80, 80], defense: [80, 80, 80])
        s.region("C", material: [70, 85, 85], defense: [80, 80, 80])
        s.region("D", material: [60, 79, 79], defense: [80, 80, 80])
        s.region("E", material: [75, 80, 80], defense: [80, 80, 80])
        #expect(Resampler(s.input(), kind: .region).base.map(\.candidate.id) == ["A", "B", "C", "E"])
        // A frozen shortlist keeps exactly those on it.
        s.decisions.frozenShortlist[.region] = ["B", "D"]
        #expect(Resampler(s.input(), kind: .region).base.map(\.candidate.id) == ["B", "D"])
    }

    @Test func theScenarioReachesTiesAndEveryStatus() throws {
        // Guards the test above: its resamples must meet ties at the cut and the defence rules at work.
        var statuses = Set<RankStatus>()
        var leftOut = 0
        for seed in 1...5 as ClosedRange<UInt64> {
            let resampler = Resampler(try Self.scenario(seed: seed).input(), kind: .region)
            leftOut += 15 - resampler.base.count
            var random = SeededRandom(seed: seed)
            for _ in 0..<20 {
                let draws = resampler.material.map { sheets in
                    sheets.indices.map { _ in Int(random.next() % UInt64(sheets.count)) }
                }
                let ranking = resampler.ranking(materialDraws: draws) { _, count in
                    (0..<count).map { _ in Int(random.next() % UInt64(count)) }
                }
                statuses.formUnion(ranking.entries.map(\.status))
            }
        }
        #expect(statuses.isSuperset(of: [.winner, .tieAtCut, .outsideQuota, .notShortlisted, .noDefense]))
        // ...and some candidates that can never be shortlisted, left out.
        #expect(leftOut > 0)
    }
}
