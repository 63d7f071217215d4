import Foundation
import PanelCore
import Testing

/// Workbooks made to hurt (issue 19): each is refused with its place, or read safely, never a crash
/// nor the server's memory. Made by openpyxl, Python's zipfile and msoffcrypto-tool.
@Suite(.serialized) struct HostileWorkbookTests {
    let makers: WorkbookMakers
    init() throws { makers = try WorkbookMakers() }

    /// The openpyxl workbook of WorkbookProgramsTests, at `name`.
    func province(_ name: String, _ extras: [String] = []) throws -> String {
        let path = makers.path(name)
        try makers.python(WorkbookProgramsTests.openpyxlScript, [path, try WorkbookProgramsTests.json()] + extras)
        return path
    }

    /// Rewrites one part of a workbook through Python (`body` edits `text`, the part as a str).
    func rewrite(_ path: String, part: String, to out: String, _ body: String) throws {
        try makers.python(
            """
            import sys, zipfile
            src, part, out = sys.argv[1:4]
            with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
                for item in zin.infolist():
                    data = zin.read(item.filename)
                    if item.filename == part:
                        text = data.decode("utf-8")
            \(body.split(separator: "\n").map { "            " + $0 }.joined(separator: "\n"))
                        data = text.encode("utf-8") if isinstance(text, str) else text
                    zout.writestr(item, data)
            """, [path, part, out])
    }

    func refusal(_ path: String, file: String = "浙江.xlsx") throws -> Problem? {
        let data = try makers.data(path)
        guard case .failure(let problem) = CSVText.parse(data, file: file, headerNames: NominationParser.headerNames)
        else { return nil }
        return problem
    }

    func readsAsTheCSV(_ path: String) throws {
        let expected = try WorkbookProgramsTests.candidates(WorkbookProgramsTests.csv(), file: "浙江.csv")
        #expect(try WorkbookProgramsTests.candidates(try makers.data(path), file: "浙江.xlsx") == expected)
    }

    @Test func aZipBombIsStoppedAtThePartLimit() throws {
        defer { makers.remove() }
        let source = try province("plain.xlsx")
        // 300 MB of spaces inside the sheet's XML compress to a few hundred kilobytes.
        try rewrite(
            source, part: "xl/worksheets/sheet2.xml", to: makers.path("bomb.xlsx"),
            "text = text.replace('<sheetData>', '<sheetData>' + ' ' * (300 << 20), 1)")
        #expect(try makers.data(makers.path("bomb.xlsx")).count < 2 << 20)
        let problem = try #require(try refusal(makers.path("bomb.xlsx")))
        #expect(
            problem.description
                == "浙江.xlsx: xl/worksheets/sheet2.xml unpacks to more than 256 MB — not a summary table; refused")
    }

    @Test func entityExpansionIsNotExpanded() throws {
        defer { makers.remove() }
        let source = try province("plain.xlsx")
        // A billion laughs in the shared strings: ten levels of ten, named in the first string.
        try rewrite(
            source, part: "xl/sharedStrings.xml", to: makers.path("laughs.xlsx"),
            """
            entities = '<!ENTITY l0 "哈哈哈哈哈哈哈哈哈哈">' + ''.join(
                '<!ENTITY l%d "%s">' % (n, ('&l%d;' % (n - 1)) * 10) for n in range(1, 10))
            text = text.replace('?>', '?><!DOCTYPE sst [' + entities + ']>', 1)
            text = text.replace('<t>序号</t>', '<t>&l9;</t>', 1)
            """)
        let data = try makers.data(makers.path("laughs.xlsx"))
        let sheets = try Workbook.readAll(data, file: "laughs.xlsx").get()
        let notes = try #require(sheets.first { $0.name == "填表说明" })
        // Whatever libxml2 makes of the entity, it is not ten billion characters.
        #expect((notes.rows.first?.cells[0] ?? "").count < 1_000_000)
        try readsAsTheCSV(makers.path("laughs.xlsx"))
    }

    @Test func aValueInTheLastOf16384ColumnsIsRefusedWithItsPlace() throws {
        defer { makers.remove() }
        let source = try province("plain.xlsx")
        try rewrite(
            source, part: "xl/worksheets/sheet2.xml", to: makers.path("wide.xlsx"),
            """
            text = text.replace('</row><row r="5"', '<c r="XFD4" t="inlineStr"><is><t>x</t></is></c></row><row r="5"', 1)
            """)
        let problem = try #require(try refusal(makers.path("wide.xlsx")))
        #expect(
            problem.description
                == "浙江.xlsx[汇总表]:4: has a value in column XFD, beyond the 1024 columns panel reads — "
                + "delete the columns after the table")
    }

    @Test func aMillionEmptyRowsAreReadPast() throws {
        defer { makers.remove() }
        let source = try province("plain.xlsx")
        try rewrite(
            source, part: "xl/worksheets/sheet2.xml", to: makers.path("tall.xlsx"),
            """
            empty = ''.join('<row r="%d"/>' % n for n in range(6, 1048577))
            text = text.replace('</sheetData>', empty + '</sheetData>', 1)
            """)
        try readsAsTheCSV(makers.path("tall.xlsx"))
    }

    @Test func aPasswordProtectedWorkbookIsRefusedWithWhatToDo() throws {
        defer { makers.remove() }
        let source = try province("plain.xlsx")
        try makers.python(
            """
            import sys
            from msoffcrypto.format.ooxml import OOXMLFile
            with open(sys.argv[1], "rb") as plain, open(sys.argv[2], "wb") as locked:
                OOXMLFile(plain).encrypt("secret", locked)
            """, [source, makers.path("locked.xlsx")])
        #expect(Workbook.format(of: try makers.data(makers.path("locked.xlsx"))) == .xls, "an OLE2 file")
        let problem = try #require(try refusal(makers.path("locked.xlsx")))
        #expect(problem.description == "浙江.xlsx: is password-protected — save it without a password")
    }

    @Test func aMacroWorkbookIsReadForItsCellsOnly() throws {
        defer { makers.remove() }
        let source = try province("plain.xlsx")
        // What Excel saves as .xlsm: the macro-enabled content type and a VBA project beside the sheets.
        try makers.python(
            """
            import sys, zipfile
            with zipfile.ZipFile(sys.argv[1]) as zin, zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as zout:
                for item in zin.infolist():
                    data = zin.read(item.filename)
                    if item.filename == "[Content_Types].xml":
                        data = data.replace(b"spreadsheetml.sheet.main+xml", b"sheet.macroEnabled.main+xml")
                    zout.writestr(item, data)
                zout.writestr("xl/vbaProject.bin", b"\\xd0\\xcf\\x11\\xe0Sub AutoOpen(): Shell \\"rm -rf /\\": End Sub")
            """, [source, makers.path("macro.xlsm")])
        try readsAsTheCSV(makers.path("macro.xlsm"))
    }

    @Test func aSheetNamedWithControlCharactersIsNamedHarmlessly() throws {
        defer { makers.remove() }
        let source = try province("plain.xlsx")
        try rewrite(
            source, part: "xl/workbook.xml", to: makers.path("named.xlsx"),
            #"text = text.replace('name="汇总表"', 'name="汇总&#x202E;表&#x85;&#x9B;2J"', 1)"#)
        let data = try makers.data(makers.path("named.xlsx"))
        guard case .failure(let missing) = CSVText.parse(data, file: "浙江.xlsx", sheet: "汇总表") else {
            Issue.record("found a sheet that is not named so")
            return
        }
        #expect(missing.description == #"浙江.xlsx: has no sheet '汇总表' (its sheets: 填表说明, 汇总\u{202e}表\u{85}\u{9b}2J)"#)
        let table = try CSVText.parse(data, file: "浙江.xlsx", headerNames: NominationParser.headerNames).get()
        #expect(table.sheet == "汇总\u{202E}表\u{85}\u{9B}2J")
    }
}
