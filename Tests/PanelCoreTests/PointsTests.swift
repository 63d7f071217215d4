import PanelCore
import Testing

@Suite struct PointsTests {
    @Test(arguments: [("12", 1200), ("12.5", 1250), ("12.50", 1250), ("0.05", 5), ("-3.25", -325), ("100", 10000)])
    func parsesDecimalsExactly(text: String, hundredths: Int) {
        #expect(Points(parsing: text)?.hundredths == hundredths)
    }

    @Test(arguments: ["", ".5", "1.", "1.255", "1e2", "abc", "--1", "1.2.3", " 1"])
    func refusesWhatIsNotADecimalWithTwoPlaces(text: String) {
        #expect(Points(parsing: text) == nil)
    }

    @Test func convertsBinaryFloatsToTheIntendedHundredth() {
        #expect(Points(exactly: 0.35)?.hundredths == 35)
        #expect(Points(exactly: 87.25)?.hundredths == 8725)
        #expect(Points(exactly: 0.1 + 0.2)?.hundredths == 30)
        #expect(Points(exactly: 0.125) == nil)
        #expect(Points(exactly: .nan) == nil)
        #expect(Points(exactly: .infinity) == nil)
    }

    @Test func printsWithAsFewPlacesAsNeeded() {
        #expect(Points(hundredths: 500).description == "5")
        #expect(Points(hundredths: 250).description == "2.5")
        #expect(Points(hundredths: 8725).description == "87.25")
        #expect(Points(hundredths: 5).description == "0.05")
        #expect(Points(hundredths: -325).description == "-3.25")
    }

    @Test func stepsDivideExactly() {
        #expect(Points(5).isMultiple(of: Points(hundredths: 50)))
        #expect(!Points(5).isMultiple(of: Points(hundredths: 30)))
        #expect(!Points(5).isMultiple(of: .zero))
    }

    @Test func anItemRefusesScoresAboveItsMaximumOrOffItsStep() throws {
        let sheet = try RubricParser.parse(ShippedFiles.text("region.toml"), file: "region.toml").get()
        let item = try #require(sheet.indicator("C3"))
        #expect(item.refusal(of: Points(8)) == nil)
        #expect(item.refusal(of: Points(hundredths: 750)) == nil)
        #expect(item.refusal(of: Points(hundredths: 850))?.contains("最高 8 分") == true)
        #expect(item.refusal(of: Points(hundredths: 725))?.contains("0.5") == true)
        #expect(item.refusal(of: Points(hundredths: -50)) != nil)
    }
}
