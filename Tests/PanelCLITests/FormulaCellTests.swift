import Foundation
import Testing

/// Every CSV panel writes neutralizes a cell a spreadsheet would run as a formula, not only the
/// winner list and the report (issue 21, finding 9): names come from 32 provinces' files.
@Suite struct FormulaCellTests {
    @Test func hostileNamesAreTextInEveryCSV() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let db = try workspace.initDatabase("panel.sqlite")
        let nominations = try workspace.write(
            "n.csv",
            """
            编号,类别,名称,省份,地市,学段,平台名称,接入国家平台,支撑区域
            R-33-1,区域,"=HYPERLINK(""http://x"",""点我"")",浙江,杭州市,,@SUM(1),是,
            S-33-1,学校,+1,浙江,杭州市,基础教育,之江汇,是,R-33-1
            S-33-2,学校,-2+3,浙江,-杭州市,基础教育,之江汇,是,R-33-1

            """)
        let imported = try PanelProcess.run(["import", "nominations", "--db", db, nominations])
        try #require(imported.status == 0, "\(imported.stderr)")
        let candidates = try PanelProcess.run(["candidates", "--db", db, "--format", "csv"])
        #expect(
            candidates.stdout == """
                id,kind,name,province,city,county,level,eligible,reasons
                R-33-1,region,"'=HYPERLINK(""http://x"",""点我"")",浙江省,杭州市,,,yes,
                S-33-1,school,'+1,浙江省,杭州市,,基础教育,yes,
                S-33-2,school,'-2+3,浙江省,'-杭州市,,基础教育,yes,

                """)
        let rank = try PanelProcess.run(["rank", "--db", db, "--kind", "school", "--format", "csv"])
        #expect(rank.status == 0, "\(rank.stderr)")
        let names = rank.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",")[2] }
        #expect(names.sorted() == ["'+1", "'-2+3"], "\(rank.stdout)")
    }
}
