import Foundation
import PanelCore
import Testing

/// Workbooks as the provinces' programs write them (issue 19): openpyxl with an instructions sheet
/// before the table, a merged title, a 填报单位 row, phone numbers and ranks typed as numbers and a
/// date; LibreOffice saving that workbook again as .xlsx and as Excel 97 .xls; LibreOffice turning
/// the CSV into both. Each reads to the same candidates as the CSV.
@Suite(.serialized) struct WorkbookProgramsTests {
    static let header = WorkbookImportTests.header + ["申报日期"]
    static let rows: [[String]] = [
        ["R-33-1", "区域", "杭州市上城区", "浙江", "杭州市", "", "之江汇", "是", "", "1", "13900001100", "2020-12-28"],
        [
            "S-33-1", "学校", "上城区实验小学", "浙江", "杭州市", "基础教育", "之江汇", "是", "R-33-1", "2", "13900001101",
            "2020-11-02",
        ],
    ]

    /// openpyxl: the rows as a province types them (numbers as numbers, the date as a date).
    static let openpyxlScript = """
        import datetime, json, sys
        from openpyxl import Workbook
        header, rows = json.loads(sys.argv[2])
        book = Workbook()
        notes = book.active
        notes.title = "填表说明"
        notes.append(["序号", "说明"])
        notes.append([1, "每行一个候选；学段只填学校"])
        sheet = book.create_sheet("汇总表")
        sheet.append(["2020年度网络学习空间应用优秀区域和学校信息汇总表"])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
        sheet.append(["填报单位：浙江省教育厅"])
        sheet.append(header)
        for row in rows:
            cells = [None if value == "" else value for value in row]
            cells[9], cells[10] = int(cells[9]), int(cells[10])
            cells[11] = datetime.date.fromisoformat(cells[11])
            sheet.append(cells)
        sheet.cell(row=5, column=12).number_format = 'yyyy"年"m"月"d"日"'
        for extra in sys.argv[3:]:
            kind, value = extra.split("=", 1)
            if kind == "merge":
                sheet.merge_cells(value)
            if kind == "formula":
                place, formula = value.split(":", 1)
                sheet[place] = formula
        book.save(sys.argv[1])
        """

    static func json() throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: [header, rows]), as: UTF8.self)
    }

    static func csv() -> Data {
        Data(([header] + rows).map { $0.joined(separator: ",") }.joined(separator: "\n").utf8)
    }

    static func candidates(_ data: Data, file: String) throws -> [Candidate] {
        let table = try CSVText.parse(data, file: file, headerNames: NominationParser.headerNames).get()
        return try NominationParser.parse(table, file: table.label(file)).get().candidates
    }

    @Test func everyProgramsWorkbookReadsAsTheCSV() throws {
        let makers = try WorkbookMakers()
        defer { makers.remove() }
        let expected = try Self.candidates(Self.csv(), file: "浙江.csv")
        #expect(expected.map(\.phone) == ["13900001100", "13900001101"])
        try Data(Self.csv()).write(to: URL(fileURLWithPath: makers.path("csv浙江.csv")))
        try makers.python(Self.openpyxlScript, [makers.path("openpyxl浙江.xlsx"), try Self.json()])
        let resaved =
            try makers.libreOffice(convert: [makers.path("openpyxl浙江.xlsx")], to: "xls")
            + makers.libreOffice(convert: [makers.path("openpyxl浙江.xlsx")], to: "xlsx:Calc MS Excel 2007 XML")
        // 44 = comma, 34 = quote, 76 = UTF-8, 1 = from line 1.
        let fromCSV = try makers.libreOffice(
            convert: [makers.path("csv浙江.csv")], to: "xls", inputFilter: "CSV:44,34,76,1")
        let books = [makers.path("openpyxl浙江.xlsx")] + resaved + fromCSV
        for path in books {
            let data = try makers.data(path)
            let name = URL(fileURLWithPath: path).lastPathComponent
            #expect(try Self.candidates(data, file: name) == expected, "\(name)")
        }
        // The kept 申报日期 column reads as typed from every program, date format or not.
        let read = try CSVText.parse(
            try makers.data(resaved[0]), file: "b.xls", headerNames: NominationParser.headerNames
        )
        .get()
        #expect(read.encoding == .xls && read.sheet == "汇总表" && read.records.first?.line == 3)
        #expect(read.records.dropFirst().map { $0.fields.last } == ["2020-12-28", "2020-11-02"])
    }

    @Test func aMergedColumnOfTheTableIsRefusedNamingTheCells() throws {
        let makers = try WorkbookMakers()
        defer { makers.remove() }
        // 省份 (column D) merged over both candidates, as a province writes 浙江 once.
        try makers.python(Self.openpyxlScript, [makers.path("merged.xlsx"), try Self.json(), "merge=D4:D5"])
        guard
            case .failure(let problem) = CSVText.parse(
                try makers.data(makers.path("merged.xlsx")), file: "浙江.xlsx", headerNames: NominationParser.headerNames)
        else {
            Issue.record("read a merged 省份 column as if each row had it")
            return
        }
        #expect(
            problem.description
                == "浙江.xlsx[汇总表]:4: D4:D5 are merged cells in the column 省份: only D4 holds the value — "
                + "unmerge them and fill in every row")
    }

    /// Only the value a spreadsheet program saved is read: openpyxl saves a formula without one
    /// (refused naming the cell); LibreOffice computes and saves it (read as the value); an error
    /// value is refused naming its cell.
    @Test func aFormulaIsReadByTheValueItsProgramSaved() throws {
        let makers = try WorkbookMakers()
        defer { makers.remove() }
        let unsaved = makers.path("formula.xlsx")
        try makers.python(Self.openpyxlScript, [unsaved, try Self.json(), "formula=C5:=\"上城区\"&\"实验小学\""])
        let refused = try #require(Self.refusal(try makers.data(unsaved)))
        #expect(
            refused.description
                == "浙江.xlsx[汇总表]!C5: the cell has a formula without a saved value — open it in Excel or WPS and "
                + "save it again")
        let saved = try makers.libreOffice(convert: [unsaved], to: "xlsx:Calc MS Excel 2007 XML")[0]
        #expect(
            try Self.candidates(try makers.data(saved), file: "浙江.xlsx") == Self.candidates(Self.csv(), file: "浙江.csv"))

        let division = makers.path("division.xlsx")
        try makers.python(Self.openpyxlScript, [division, try Self.json(), "formula=J5:=1/0"])
        let computed = try makers.libreOffice(convert: [division], to: "xlsx:Calc MS Excel 2007 XML")[0]
        let error = try #require(Self.refusal(try makers.data(computed)))
        #expect(error.description == "浙江.xlsx[汇总表]!J5: the cell holds the error #DIV/0! — correct it in Excel or WPS")
    }

    static func refusal(_ data: Data) -> Problem? {
        guard
            case .failure(let problem) = CSVText.parse(data, file: "浙江.xlsx", headerNames: NominationParser.headerNames)
        else { return nil }
        return problem
    }
}
