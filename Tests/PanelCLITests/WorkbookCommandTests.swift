import Foundation
import Testing

/// A workbook through the binary (issue 19): told by its content, whatever its name, and the
/// wrong workbook is refused naming its sheet and header row, nothing imported.
@Suite struct WorkbookCommandTests {
    @Test func theWrongWorkbookIsRefusedByItsSheetAndRowEvenNamedCSV() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let db = try workspace.initDatabase("panel.sqlite")
        // A real workbook written by libxlsxwriter: panel's own (draft) winner list.
        let book = workspace.path("优秀名单.xlsx")
        let exported = try PanelProcess.run(["export", "winners", "--db", db, "--format", "xlsx", "--out", book])
        try #require(exported.status == 0, "\(exported.stderr)")
        let renamed = workspace.path("名单.csv")
        try FileManager.default.copyItem(atPath: book, toPath: renamed)
        // The header row is the first with two column names the import knows: the experts' (省份,
        // 学段, 地市 …) are first found on the schools' sheet.
        for (kind, file, sheet, missing) in [
            (
                "nominations", book, "优秀区域",
                "编号 (id), 类别 (kind), 地市 (city), 平台名称 (platform), 接入国家平台 (connected)"
            ),
            ("experts", renamed, "优秀学校", "编号 (id), 姓名 (name)"),
        ] {
            let refused = try PanelProcess.run(["import", kind, "--db", db, file])
            #expect(refused.status == 1)
            #expect(
                refused.stderr == """
                    \(file)[\(sheet)]:3: missing columns \(missing) — add them to the first line
                    \(file): nothing was imported (1 problem); fix the file and import it again.

                    """)
        }
        let listed = try PanelProcess.run(["candidates", "--db", db, "--format", "csv"])
        #expect(listed.stdout.split(separator: "\n").count == 1)
    }
}
