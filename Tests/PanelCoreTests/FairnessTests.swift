import PanelCore
import Testing

/// Each fairness statistic on cases small enough to work out by hand.
@Suite struct FairnessTests {
    typealias Sheet = StageSheets.Sheet

    static func rules(flag: Double = 8, corridor: Double = 15, minSheets: Int = 5) throws -> Rules {
        var rules = try ShippedFiles.round().rules
        rules.fairness.severityFlag = Points(exactly: flag)!
        rules.fairness.corridor = Points(exactly: corridor)!
        rules.fairness.minSheets = minSheets
        return rules
    }

    static func sheets(_ totals: [(String, String, Double)], stage: Stage = .material) -> StageSheets {
        StageSheets(
            kind: .region, stage: stage,
            sheets: totals.map { Sheet(expert: $0.0, candidate: $0.1, total: Points(exactly: $0.2)!) })
    }

    /// A: 80 70 90. B: 60 60 (a tie; E3 has no sheet). C: E3 alone, nobody to compare with.
    static let small = sheets([
        ("E1", "A", 80), ("E2", "A", 70), ("E3", "A", 90), ("E1", "B", 60), ("E2", "B", 60), ("E3", "C", 50),
    ])

    @Test func severityIsTheMeanDifferenceFromTheOthersAggregate() throws {
        let experts = Severity.experts([Self.small], rules: try Self.rules())
        #expect(experts.map(\.expert) == ["E1", "E2", "E3"])
        // E1: A 80 − mean(70, 90) = 0; B 60 − 60 = 0.
        #expect(
            experts[0].sheets == 2 && experts[0].meanTotal == Rational(7000) && experts[0].compared == 2
                && experts[0].severity == Rational(0))
        // E2: A 70 − 85 = −15; B 0: −7.5, inside the flag of 8.
        #expect(experts[1].severity == Rational(-750) && !experts[1].flagged)
        // E3: A 90 − 75 = +15; C has no other sheet: one comparison, flagged beyond 8.
        #expect(
            experts[2].sheets == 2 && experts[2].meanTotal == Rational(7000) && experts[2].compared == 1
                && experts[2].severity == Rational(1500))
        #expect(experts[2].flagged)
        // A bound of 7 flags E2 as well; the sign does not matter.
        #expect(
            Severity.experts([Self.small], rules: try Self.rules(flag: 7)).filter(\.flagged).map(\.expert) == [
                "E2", "E3",
            ])
    }

    @Test func anExpertWhoseSheetsHaveNoOthersHasNoSeverity() throws {
        let alone = Self.sheets([("E1", "A", 80), ("E2", "B", 70)])
        let experts = Severity.experts([alone], rules: try Self.rules())
        #expect(
            experts.map(\.severity) == [nil, nil] && experts.map(\.compared) == [0, 0]
                && !experts.contains(where: \.flagged))
    }

    @Test func theOthersAreAggregatedByTheRoundsRule() throws {
        // Five others reach trim_min_experts 5: drop 70 and 100, mean of 72 74 76 = 74; 90 − 74 = +16.
        let six = Self.sheets([
            ("E1", "F", 90), ("E2", "F", 70), ("E3", "F", 72), ("E4", "F", 74), ("E5", "F", 76), ("E6", "F", 100),
        ])
        let rules = try Self.rules()
        #expect(Severity.experts([six], rules: rules)[0].severity == Rational(1600))
        var median = rules
        median.scoring.aggregate = .median
        #expect(Severity.experts([six], rules: median)[0].severity == Rational(1600))  // median of 70 72 74 76 100 = 74
        var mean = rules
        mean.scoring.aggregate = .mean
        #expect(Severity.experts([six], rules: mean)[0].severity == Rational(9000) - Rational(39200, 5))  // 90 − 78.4
    }

    @Test func anOutlierLiesStrictlyBeyondTheCorridor() throws {
        // E2 and E3 on A are exactly 15 from the others: on the corridor, not beyond it.
        #expect(Severity.outliers([Self.small], rules: try Self.rules()).isEmpty)
        let outliers = Severity.outliers([Self.small], rules: try Self.rules(corridor: 14.99))
        // Equally far: by sheet (E2 before E3).
        #expect(outliers.map(\.key.expert) == ["E2", "E3"])
        #expect(
            outliers[0].total == Points(70) && outliers[0].others == Rational(8500) && outliers[0].otherExperts == 2
                && outliers[0].difference == Rational(-1500))
        #expect(outliers[1].difference == Rational(1500))
    }

    @Test func aReviewStandsOnlyForTheTotalItWasMadeOn() throws {
        let rules = try Self.rules(corridor: 14.99)
        let key = SheetKey(expert: "E2", candidate: "A", stage: .material)
        let made = OutlierReview(total: Points(70), note: "材料确有欠缺", chair: "C01")
        #expect(Severity.outliers([Self.small], rules: rules, reviews: [key: made])[0].review == made)
        var changed = made
        changed.total = Points(69)
        #expect(Severity.outliers([Self.small], rules: rules, reviews: [key: changed])[0].review == nil)
    }

    @Test func alphaMatchesTheHandComputedValue() {
        // Units [1, 2], [3, 3] and [1] (one value: not pairable). n = 4;
        // within: S = 2·5 − 9 = 1 over m − 1 = 1, and 0; all: 4·23 − 81 = 11; alpha = 1 − 3 · 1 / 11 = 8/11.
        let result = KrippendorffAlpha.interval([[100, 200], [300, 300], [100]])
        #expect(result.outcome == .alpha(8.0 / 11.0) && result.units == 2 && result.values == 4)
        // Perfect agreement is 1, however the units differ.
        #expect(KrippendorffAlpha.interval([[8000, 8000, 8000], [6000, 6000]]).outcome == .alpha(1))
        // Systematic disagreement goes below zero: within each unit the spread is all there is.
        if case .alpha(let negative) = KrippendorffAlpha.interval([[0, 10000], [0, 10000]]).outcome {
            #expect(negative < 0)
        } else {
            Issue.record("no alpha")
        }
    }

    @Test func alphaIsUndefinedWithoutPairsOrWithoutSpread() {
        guard case .undefined(let none) = KrippendorffAlpha.interval([[100], [200]]).outcome else {
            Issue.record("defined"); return
        }
        #expect(none.contains("two or more"))
        guard case .undefined(let flat) = KrippendorffAlpha.interval([[100, 100], [100, 100]]).outcome else {
            Issue.record("defined"); return
        }
        #expect(flat.contains("same"))
    }

    @Test func agreementHasARowForTheTotalsAndOnePerGroup() {
        var groups = GroupTotals()
        groups["A"] = Points(10)
        groups["B"] = Points(20)
        let sheets = StageSheets(
            kind: .school, stage: .material,
            sheets: [
                Sheet(expert: "E1", candidate: "S1", total: Points(30), groups: groups),
                Sheet(expert: "E2", candidate: "S1", total: Points(30), groups: groups),
            ])
        let rows = KrippendorffAlpha.table([sheets])
        #expect(rows.map(\.label) == ["学校 材料", "学校 材料 A", "学校 材料 B"])
        #expect(rows.map(\.group) == [nil, "A", "B"])
        #expect(rows.allSatisfy { $0.alpha == nil && $0.note != nil && $0.units == 1 })  // one unit, no spread
    }

    @Test func theAdjustedViewPutsAStrictAndALenientExpertOnOneScale() throws {
        // E1: 60 70 80 (mean 70, sd 10); E2: 80 90 100 (mean 90, sd 10). Overall mean 80, sd √200.
        let sheets = Self.sheets([
            ("E1", "A", 60), ("E1", "B", 70), ("E1", "C", 80), ("E2", "A", 80), ("E2", "B", 90), ("E2", "C", 100),
        ])
        let adjusted = try SeverityAdjustment.adjust(sheets, minSheets: 3).get()
        let spread = 200.0.squareRoot() * 100
        for expert in ["E1", "E2"] {
            #expect(
                adjusted[SheetKey(expert: expert, candidate: "A", stage: .material)]
                    == Points(hundredths: Int((8000 - spread).rounded())))
            #expect(adjusted[SheetKey(expert: expert, candidate: "B", stage: .material)] == Points(80))
            #expect(
                adjusted[SheetKey(expert: expert, candidate: "C", stage: .material)]
                    == Points(hundredths: Int((8000 + spread).rounded())))
        }
        #expect(adjusted[SheetKey(expert: "E1", candidate: "A", stage: .material)] == Points(hundredths: 6586))
    }

    @Test func theAdjustedViewIsRefusedBelowTheMinimumSheets() throws {
        let sheets = Self.sheets([("E1", "A", 60), ("E1", "B", 70), ("E2", "A", 80), ("E2", "B", 90), ("E3", "B", 75)])
        guard case .failure(let refusal) = SeverityAdjustment.adjust(sheets, minSheets: 2) else {
            Issue.record("not refused"); return
        }
        #expect(refusal == .tooFewSheets(label: "区域 材料", experts: [("E3", 1)], minimum: 2))
        #expect(refusal.description == "区域 材料: an expert has fewer than min_sheets 2 submitted sheets: E3 (1)")
        // Allowed one sheet, E3 still has no spread of their own to be standardized by.
        guard case .failure(let single) = SeverityAdjustment.adjust(sheets, minSheets: 1) else {
            Issue.record("not refused"); return
        }
        #expect(single == .noSpread(label: "区域 材料", experts: ["E3"]))
    }

    @Test func theAdjustedViewIsRefusedWhenTheExpertsShareNoCandidate() throws {
        // {E1 E2} score A and B, {E3 E4} score C and D: nothing ties the two scales together.
        let sheets = Self.sheets([
            ("E1", "A", 60), ("E1", "B", 70), ("E2", "A", 80), ("E2", "B", 90),
            ("E3", "C", 60), ("E3", "D", 70), ("E4", "C", 65), ("E4", "D", 75),
        ])
        guard case .failure(let refusal) = SeverityAdjustment.adjust(sheets, minSheets: 2) else {
            Issue.record("not refused"); return
        }
        #expect(
            refusal.description
                == """
                区域 材料: the experts form 2 groups that share no candidate, so their scales cannot be\
                 compared: {E1 E2} {E3 E4}
                """
        )
        // One shared candidate joins them.
        let joined = Self.sheets([
            ("E1", "A", 60), ("E1", "B", 70), ("E2", "A", 80), ("E2", "B", 90), ("E3", "C", 60), ("E3", "D", 70),
            ("E4", "C", 65), ("E4", "D", 75), ("E4", "B", 72),
        ])
        #expect((try? SeverityAdjustment.adjust(joined, minSheets: 2).get()) != nil)
    }

    @Test func theAdjustedViewIsRefusedForAnExpertWithNoSpread() {
        let sheets = Self.sheets([("E1", "A", 70), ("E1", "B", 70), ("E2", "A", 80), ("E2", "B", 90)])
        guard case .failure(let refusal) = SeverityAdjustment.adjust(sheets, minSheets: 2) else {
            Issue.record("not refused"); return
        }
        #expect(refusal == .noSpread(label: "区域 材料", experts: ["E1"]))
    }

    @Test func theHistogramCountsEveryTotalOnTheSharedAxis() {
        // Bins of 10 points; 69.99 is still the first, 100 falls in the last.
        let totals = [60, 69.99, 85, 100, 100].map { Points(exactly: $0)! }
        #expect(TextHistogram.counts(totals, low: Points(60), high: Points(100), width: 4) == [2, 0, 1, 2])
        // The fullest bins are darkest, an occupied bin is never blank.
        #expect(TextHistogram.line(totals, low: Points(60), high: Points(100), width: 4) == "@ +@")
        #expect(TextHistogram.line([], low: Points(60), high: Points(100), width: 4) == "    ")
        #expect(TextHistogram.axis(low: Points(60), high: Points(100), width: 12) == "60   80  100")
    }
}
