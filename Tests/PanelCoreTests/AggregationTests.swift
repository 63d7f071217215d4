import PanelCore
import Testing

@Suite struct AggregationTests {
    func scoring(_ aggregate: Rules.Aggregate = .trimmedMean) throws -> Rules.Scoring {
        var scoring = try ShippedFiles.round().rules.scoring
        scoring.aggregate = aggregate
        return scoring
    }

    func totals(_ values: [Int]) -> [(expert: String, total: Points)] {
        values.enumerated().map { ("E\($0.offset + 1)", Points($0.element)) }
    }

    @Test func theTrimmedMeanDropsTheExtremesOnlyFromTrimMinExpertsOn() throws {
        // trim 1, trim_min_experts 5: four totals are a plain mean…
        let four = try #require(Aggregate.of(totals([70, 80, 90, 100]), rules: try scoring()))
        #expect(four.value == Rational(8500))
        #expect(four.totals.allSatisfy { !$0.trimmed })
        // …five drop the highest and the lowest.
        let five = try #require(Aggregate.of(totals([100, 70, 80, 90, 60]), rules: try scoring()))
        #expect(five.value == Rational(8000))
        #expect(five.totals.filter(\.trimmed).map(\.expert) == ["E5", "E1"])
    }

    @Test func meanAndMedianAreExact() throws {
        let mean = try #require(Aggregate.of(totals([80, 80, 81]), rules: try scoring(.mean)))
        #expect(mean.value == Rational(24100, 3))
        #expect(mean.value.rounded == Points(hundredths: 8033))
        #expect(mean.value != Rational(8033))
        #expect(Aggregate.of(totals([70, 90, 80]), rules: try scoring(.median))?.value == Rational(8000))
        #expect(Aggregate.of(totals([70, 90, 80, 85]), rules: try scoring(.median))?.value == Rational(8250))
        #expect(Aggregate.of([], rules: try scoring()) == nil)
    }

    @Test func rationalsCompareExactlyAndRoundHalfUpForDisplay() {
        #expect(Rational(2, 3) > Rational(666, 1000))
        #expect(Rational(6, 9) == Rational(2, 3))
        #expect(Rational(1, 2).rounded == Points(hundredths: 1))
        #expect(Rational(-1, 2).rounded == Points(hundredths: -1))
        #expect((Rational(60, 100) * Rational(8000) + Rational(40, 100) * Rational(9050)).description == "84.2")
    }
}
