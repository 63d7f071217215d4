import PanelCore
import Testing

@Suite struct WinnerListTests {
    /// Four winners whose ranks run against the province order; two share 浙江省.
    func list(snapshot: String? = nil) throws -> WinnerList {
        var s = try ScoringScenario(quota: 4, shortlist: 10)
        s.region("R1", material: [70, 70, 70], defense: [70, 70, 70])
        s.region("R2", material: [90, 90, 90], defense: [90, 90, 90])
        s.region("R3", material: [80, 80, 80], defense: [80, 80, 80])
        s.region("R4", material: [85, 85, 85], defense: [85, 85, 85])
        for id in ["R2", "R3", "R2-S", "R3-S"] {
            s.candidates[s.candidates.firstIndex { $0.id == id }!].province = "浙江省"
        }
        s.candidates[s.candidates.firstIndex { $0.id == "R4" }!].province = "新疆生产建设兵团"
        s.candidates[s.candidates.firstIndex { $0.id == "R4-S" }!].province = "新疆生产建设兵团"
        return WinnerList(rankings: [s.ranking()], roundName: "2020年度评选", snapshotSHA256: snapshot)
    }

    @Test func winnersFollowTheStandardProvinceOrderThenRank() throws {
        let table = try #require(try list().tables.first)
        #expect(table.columns == ["序号", "省份", "名称"])
        #expect(
            table.rows == [
                ["1", "北京市", "区域R1"], ["2", "浙江省", "区域R2"], ["3", "浙江省", "区域R3"],
                [
                    "4",
                    """
                    新疆生产建设兵团
                    """, "区域R4",
                ],
            ])
    }

    @Test func aDraftSaysSoAndAFinalListCarriesItsHash() throws {
        let draft = try list()
        #expect(draft.isDraft && draft.tables[0].title == "2020年度评选 优秀区域名单（草稿）")
        #expect(draft.markdown.contains("| 2 | 浙江省 | 区域R2 |") && draft.markdown.contains("草稿 (draft)"))
        let final = try list(snapshot: "ab12")
        #expect(final.tables[0].title == "2020年度评选 优秀区域名单" && final.standing == "定稿 sha256 ab12")
    }

    @Test(arguments: ["=SUM(A1)", "+1", "-1", "@cmd", "\tx", "\rx"])
    func aCellThatASpreadsheetWouldRunIsNeutralized(cell: String) {
        #expect(WinnerList.neutralized(cell) == "'" + cell)
    }

    @Test func ordinaryCellsStayAsTheyAre() {
        for cell in ["浙江省", "R-33-01", "1", "", "a=b"] { #expect(WinnerList.neutralized(cell) == cell) }
    }
}
