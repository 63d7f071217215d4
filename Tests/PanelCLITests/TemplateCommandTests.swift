import Foundation
import Testing

/// `panel export template` (issue 19): what panel sends out comes back right. Filled in by openpyxl
/// and saved again by LibreOffice as a province would, imported by the binary.
@Suite struct TemplateCommandTests {
    /// Runs python3 with a script and its arguments; the script's output files are what is checked.
    static func python(_ script: String, _ arguments: [String]) throws {
        _ = try Tmux.run("/usr/bin/env", ["python3", "-c", script] + arguments)
    }

    /// LibreOffice opens the workbook and saves it again as .xlsx into `folder`/lo.
    static func resaveWithLibreOffice(_ path: String, in workspace: Workspace) throws -> String {
        let out = workspace.path("lo")
        _ = try Tmux.run(
            "/usr/bin/soffice",
            [
                "-env:UserInstallation=file://\(workspace.path("lo-profile"))", "--headless", "--convert-to",
                "xlsx:Calc MS Excel 2007 XML", "--outdir", out, path,
            ])
        let saved = out + "/" + URL(fileURLWithPath: path).lastPathComponent
        try #require(FileManager.default.fileExists(atPath: saved), "LibreOffice wrote no \(saved)")
        return saved
    }

    static let rows = [
        ["R-33-1", "区域", "杭州市上城区", "浙江", "杭州市", "上城区", "", "之江汇", "是", "", "", "1", "王老师", "13900001100"],
        [
            "S-33-1", "学校", "上城区实验小学", "浙江省", "杭州市", "上城区", "基础教育",
            "之江汇", "是", "2018", "R-33-1", "2",
            "李老师", "057187000000",
        ],
    ]

    @Test func theNominationsTemplateFilledInImportsAsItsCSV() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let fromBook = try workspace.initDatabase("book.sqlite")
        let fromCSV = try workspace.initDatabase("csv.sqlite")
        let template = workspace.path("汇总表模板.xlsx")
        let written = try PanelProcess.run(["export", "template", "nominations", "--db", fromBook, "--out", template])
        #expect(written.status == 0 && written.stderr == "wrote \(template) (汇总表)\n", "\(written.stderr)")
        // Unchanged, it imports: nothing in it yet.
        let empty = try PanelProcess.run(["import", "nominations", "--db", fromBook, template])
        #expect(empty.status == 0 && empty.stdout.hasPrefix("imported 0 candidates"), "\(empty.stderr)")

        // A province fills it in: ranks and years as numbers, the rest as typed into text cells.
        let filled = workspace.path("浙江.xlsx")
        let json = String(decoding: try JSONSerialization.data(withJSONObject: Self.rows), as: UTF8.self)
        try Self.python(
            """
            import json, sys
            from openpyxl import load_workbook
            book = load_workbook(sys.argv[1])
            sheet = book["汇总表"]
            for r, row in enumerate(json.loads(sys.argv[3]), start=2):
                for c, value in enumerate(row, start=1):
                    if value != "":
                        sheet.cell(row=r, column=c).value = int(value) if c in (10, 12) else value
            book.save(sys.argv[2])
            """, [template, filled, json])
        let saved = try Self.resaveWithLibreOffice(filled, in: workspace)
        let imported = try PanelProcess.run(["import", "nominations", "--db", fromBook, saved])
        #expect(imported.status == 0, "\(imported.stderr)")

        let header =
            "编号,类别,名称,省份,地市,区县,学段,平台名称,接入国家平台,"
            + "往年获评,支撑区域,推荐排序,联系人,联系电话"
        let csv = try workspace.write(
            "浙江.csv", ([header] + Self.rows.map { $0.joined(separator: ",") }).joined(separator: "\n"))
        #expect(try PanelProcess.run(["import", "nominations", "--db", fromCSV, csv]).status == 0)
        let listed = try [fromBook, fromCSV].map {
            try PanelProcess.run(["candidates", "--db", $0, "--format", "json"]).stdout
        }
        #expect(listed[0] == listed[1] && listed[0].contains("\"prior_award\" : 2018"))
    }

    @Test func anExpertsScoreTemplateComesBackAsSubmittedSheets() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let db = try workspace.demoDatabase("demo.sqlite")
        let form = workspace.path("E07.xlsx")
        let written = try PanelProcess.run([
            "export", "template", "scores", "--expert", "E07", "--db", db, "--out", form,
        ])
        try #require(written.status == 0, "\(written.stderr)")
        let rows = try #require(
            Int(written.stderr.split(separator: " ").dropLast(3).last ?? ""), "a row count in \(written.stderr)")

        // Sent back unchanged: the drafts' own values, nothing changed.
        let unchanged = try PanelProcess.run(["import", "scores", "--db", db, form])
        #expect(unchanged.status == 0 && unchanged.stdout.hasSuffix("; 0 changed\n"), "\(unchanged.stdout)")

        let fill = """
            import sys
            from openpyxl import load_workbook
            book = load_workbook(sys.argv[1])
            sheet = book["评分"]
            for row in sheet.iter_rows(min_row=2):
                row[7].value = float(row[6].value) + float(sys.argv[3])
            book.save(sys.argv[2])
            """
        // Over the maximum on every row: refused, every row named, nothing imported.
        let over = workspace.path("E07-over.xlsx")
        try Self.python(fill, [form, over, "0.5"])
        let refused = try PanelProcess.run(["import", "scores", "--db", db, over])
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("\(over)[评分]!H2: A1 最高 5 分 (maximum 5)\n\(over)[评分]!H3: A2 "))
        #expect(
            refused.stderr.hasSuffix(
                "\(over): nothing was imported (\(min(rows, 500) + 1) problems); fix the file and import it again.\n"))

        let full = workspace.path("E07-full.xlsx")
        try Self.python(fill, [form, full, "0"])
        let imported = try PanelProcess.run([
            "import", "scores", "--db", db, Self.resaveWithLibreOffice(full, in: workspace),
        ])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains(" submitted"), "\(imported.stdout)")
        let again = try PanelProcess.run(["export", "template", "scores", "--expert", "E07", "--db", db, "--out", form])
        #expect(again.status == 1 && again.stderr == "E07 has submitted every assigned sheet\n")
    }

    /// Two experts' forms in one import (issue 19): a bad row in one refuses both; a sheet in two
    /// files is refused naming both; both good, they land together.
    @Test func twoExpertsFormsAreOneImport() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let db = try workspace.demoDatabase("demo.sqlite")
        var forms: [String] = []
        for expert in ["E07", "E08"] {
            let form = workspace.path("\(expert).xlsx")
            let written = try PanelProcess.run([
                "export", "template", "scores", "--expert", expert, "--db", db, "--out", form,
            ])
            try #require(written.status == 0, "\(written.stderr)")
            let filled = workspace.path("\(expert)-filled.xlsx")
            // E08 gives one score over its maximum on row 2.
            try Self.python(
                """
                import sys
                from openpyxl import load_workbook
                book = load_workbook(sys.argv[1])
                for row in book["评分"].iter_rows(min_row=2):
                    row[7].value = float(row[6].value)
                if sys.argv[3] == "E08":
                    book["评分"]["H2"].value = 99
                book.save(sys.argv[2])
                """, [form, filled, expert])
            forms.append(filled)
        }
        let before = try PanelProcess.run(["export", "scores", "--db", db]).stdout
        let refused = try PanelProcess.run(["import", "scores", "--db", db] + forms)
        #expect(refused.status == 1)
        #expect(
            refused.stderr == """
                \(forms[1])[评分]!H2: A1 最高 5 分 (maximum 5)
                nothing was imported from the 2 files (1 problem); fix them and import the files again.

                """)
        let copy = workspace.path("E07-again.xlsx")
        try FileManager.default.copyItem(atPath: forms[0], toPath: copy)
        let twice = try PanelProcess.run(["import", "scores", "--db", db, forms[0], copy])
        #expect(twice.status == 1 && twice.stderr.hasPrefix("\(copy)[评分]: sheet E07 "), "\(twice.stderr)")
        #expect(try PanelProcess.run(["export", "scores", "--db", db]).stdout == before, "nothing imported")

        try Self.python(
            """
            import sys
            from openpyxl import load_workbook
            book = load_workbook(sys.argv[1])
            book["评分"]["H2"].value = 5
            book.save(sys.argv[1])
            """, [forms[1]])
        let imported = try PanelProcess.run(["import", "scores", "--db", db] + forms)
        #expect(imported.status == 0, "\(imported.stderr)")
        for expert in ["E07", "E08"] {
            let again = try PanelProcess.run([
                "export", "template", "scores", "--expert", expert, "--db", db, "--out", workspace.path("x.xlsx"),
            ])
            #expect(again.stderr == "\(expert) has submitted every assigned sheet\n")
        }
    }
}
