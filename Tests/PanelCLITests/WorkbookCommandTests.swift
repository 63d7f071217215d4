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

    /// Several files are one import (issue 19): a workbook and a CSV; an id in both is named with
    /// both places and nothing is imported; a school may support a region of the other file.
    @Test func severalFilesAreOneImportAllOrNothing() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let db = try workspace.initDatabase("panel.sqlite")
        let header = ["编号", "类别", "名称", "省份", "地市", "学段", "平台名称", "接入国家平台", "支撑区域"]
        let beijing = workspace.path("北京.xlsx")
        let rows = [header, ["S-11-1", "学校", "东城区第一小学", "北京", "北京市", "基础教育", "京学通", "是", "R-11-1"]]
        let json = String(decoding: try JSONSerialization.data(withJSONObject: rows), as: UTF8.self)
        try TemplateCommandTests.python(
            """
            import json, sys
            from openpyxl import Workbook
            book = Workbook()
            book.active.title = "汇总表"
            book.active.append(["2020年度信息汇总表"])
            for row in json.loads(sys.argv[2]):
                book.active.append(row)
            book.save(sys.argv[1])
            """, [beijing, json])
        let csvHeader = header.joined(separator: ",")
        let both = try workspace.write(
            "两省.csv", "\(csvHeader)\nR-11-1,区域,北京市东城区,北京,北京市,,京学通,是,\nS-11-1,学校,重名,北京,北京市,基础教育,京学通,是,\n")
        let refused = try PanelProcess.run(["import", "nominations", "--db", db, beijing, both])
        #expect(refused.status == 1)
        #expect(
            refused.stderr == """
                \(both):3: 编号 'S-11-1' is used twice (first on \(beijing)[汇总表]:3) — every candidate needs its own id
                nothing was imported from the 2 files (1 problem); fix them and import the files again.

                """)
        #expect(
            try PanelProcess.run(["candidates", "--db", db, "--format", "csv"]).stdout.split(separator: "\n").count == 1
        )

        let region = try workspace.write("东城.csv", "\(csvHeader)\nR-11-1,区域,北京市东城区,北京,北京市,,京学通,是,\n")
        let imported = try PanelProcess.run(["import", "nominations", "--db", db, beijing, region])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.hasPrefix("imported 2 candidates from 2 files: 1 regions, 1 schools\n"))
    }

    /// The experts' files too: an id in two of them names both, nothing imported; apart, they land together.
    @Test func severalExpertFilesAreOneImport() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let db = try workspace.initDatabase("panel.sqlite")
        let header = "编号,姓名,省份,单位,角色,PIN"
        let first = try workspace.write("专家甲.csv", "\(header)\nE01,张三,浙江,浙江大学,专家,1234\n")
        let clash = try workspace.write("专家乙.csv", "\(header)\nC01,王五,北京,北京师范大学,组长,1234\nE01,李四,江苏,南京大学,专家,1234\n")
        let refused = try PanelProcess.run(["import", "experts", "--db", db, first, clash])
        #expect(
            refused.stderr == """
                \(clash):3: 编号 'E01' is used twice (first on \(first):2)
                nothing was imported from the 2 files (1 problem); fix them and import the files again.

                """)
        let second = try workspace.write("专家丙.csv", "\(header)\nC01,王五,北京,北京师范大学,组长,1234\n")
        let imported = try PanelProcess.run(["import", "experts", "--db", db, first, second])
        #expect(imported.stdout == "imported 2 experts from 2 files (1 chair)\n", "\(imported.stderr)")
    }
}
