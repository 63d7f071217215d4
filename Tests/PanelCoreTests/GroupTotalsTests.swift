import PanelCore
import Testing

@Suite struct GroupTotalsTests {
    @Test func idsStaySortedWhateverOrderTheyAreSetIn() {
        var groups = GroupTotals()
        groups["C"] = Points(3)
        groups["A"] = Points(1)
        groups["B"] = Points(2)
        groups["A"] = Points(hundredths: 150)
        #expect(groups.ids == ["A", "B", "C"])
        #expect(groups.values == [Points(hundredths: 150), Points(2), Points(3)])
        #expect(groups["B"] == Points(2))
        #expect(groups["D"] == nil)
        groups["B"] = nil
        groups["D"] = nil
        #expect(groups == GroupTotals(sortedIDs: ["A", "C"], values: [Points(hundredths: 150), Points(3)]))
        #expect(!groups.isEmpty && GroupTotals().isEmpty)
    }
}
