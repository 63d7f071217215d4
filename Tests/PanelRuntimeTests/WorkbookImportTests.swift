import CXlsx
import Foundation
import PanelCore
import Testing

/// A province's summary table as a real workbook (written by libxlsxwriter, as Excel would save
/// it: shared strings, a merged title row, numbers typed as numbers) reads as its CSV does
/// (issue 19, first part).
@Suite struct WorkbookImportTests {
    static let header = [
        "编号", "类别", "名称", "省份", "地市", "学段", "平台名称", "接入国家平台", "支撑区域", "推荐排序", "联系电话",
    ]
    /// Text cells, and the numbers a secretariat types as numbers.
    enum Cell: Sendable, CustomStringConvertible, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
        case text(String), number(Int)
        init(stringLiteral value: String) { self = .text(value) }
        init(integerLiteral value: Int) { self = .number(value) }
        var description: String {
            switch self {
            case .text(let text): text
            case .number(let number): String(number)
            }
        }
    }
    static let rows: [[Cell]] = [
        ["R-33-1", "区域", "杭州市上城区", "浙江", "杭州市", "", "之江汇", "是", "", 1, 13_900_001_100],
        ["S-33-1", "学校", "上城区实验小学", "浙江", "杭州市", "基础教育", "之江汇", "是", "R-33-1", 2, 13_900_001_101],
    ]

    /// The workbook's bytes: a merged title row and a 填报单位 row above the header.
    static func workbook(rows: [[Cell]] = rows, instructionsFirst: Bool = false) throws -> Data {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("n-\(UUID().uuidString).xlsx").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let book = try #require(workbook_new(path))
        if instructionsFirst {
            // A sheet of instructions before the table, as templates have: two columns, no header.
            let notes = try #require(workbook_add_worksheet(book, "填表说明"))
            for (row, line) in [["序号", "说明"], ["1", "每行一个候选"], ["2", "学段只填学校"]].enumerated() {
                for (column, text) in line.enumerated() {
                    worksheet_write_string(notes, lxw_row_t(row), lxw_col_t(column), text, nil)
                }
            }
        }
        let sheet = try #require(workbook_add_worksheet(book, "汇总表"))
        worksheet_merge_range(sheet, 0, 0, 0, 10, "2020年度网络学习空间应用优秀区域和学校信息汇总表", nil)
        worksheet_write_string(sheet, 1, 0, "填报单位：浙江省教育厅", nil)
        for (column, name) in header.enumerated() { worksheet_write_string(sheet, 2, lxw_col_t(column), name, nil) }
        for (offset, row) in rows.enumerated() {
            for (column, value) in row.enumerated() {
                let (r, c) = (lxw_row_t(3 + offset), lxw_col_t(column))
                switch value {
                case .number(let number): worksheet_write_number(sheet, r, c, Double(number), nil)
                case .text(let text) where !text.isEmpty: worksheet_write_string(sheet, r, c, text, nil)
                case .text: break
                }
            }
        }
        #expect(workbook_close(book) == LXW_NO_ERROR)
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }

    static func csv(rows: [[Cell]] = rows) -> Data {
        Data(
            ([header.joined(separator: ",")] + rows.map { $0.map { "\($0)" }.joined(separator: ",") })
                .joined(separator: "\n").utf8)
    }

    @Test func aWorkbookImportsTheSameCandidatesAsItsCSV() throws {
        let book = try CSVText.parse(try Self.workbook(), file: "浙江.xlsx").get()
        #expect(book.sheet == "汇总表" && book.encoding == .xlsx)
        #expect(book.records.first?.line == 3, "the title rows are passed over")
        #expect(book.records.map(\.fields).last?.suffix(2) == ["2", "13900001101"], "numbers as typed, no 1.39E+10")
        let fromBook = try NominationParser.parse(book, file: book.label("浙江.xlsx")).get().candidates
        let csv = try CSVText.parse(Self.csv(), file: "浙江.csv").get()
        let fromCSV = try NominationParser.parse(csv, file: "浙江.csv")
            .get().candidates
        #expect(fromBook == fromCSV)
        #expect(fromBook.map(\.phone) == ["13900001100", "13900001101"])
    }

    @Test func aProblemNamesTheWorkbookItsSheetAndTheRow() throws {
        var rows = Self.rows
        rows[1][3] = .text("浙江行省")
        let book = try CSVText.parse(try Self.workbook(rows: rows), file: "浙江.xlsx").get()
        guard case .failure(let problems) = NominationParser.parse(book, file: book.label("浙江.xlsx")) else {
            Issue.record("accepted a province that does not exist")
            return
        }
        let first = problems.all.map(\.description).first
        // The cell, as a spreadsheet names it: 省份 is column D, the second candidate row 5.
        #expect(
            first == "浙江.xlsx[汇总表]!D5: 省份 '浙江行省' is not a province-level unit — write it as 浙江 or 浙江省 "
                + "(or 新疆生产建设兵团)")
    }

    @Test func theSheetWithTheHeaderIsFoundOrNamed() throws {
        let data = try Self.workbook(instructionsFirst: true)
        let found = try CSVText.parse(data, file: "浙江.xlsx", headerNames: NominationParser.headerNames).get()
        #expect(found.sheet == "汇总表" && found.records.first?.line == 3)
        let named = try CSVText.parse(data, file: "浙江.xlsx", sheet: "汇总表").get()
        #expect(named.records.map(\.fields) == found.records.map(\.fields))
        guard case .failure(let missing) = CSVText.parse(data, file: "浙江.xlsx", sheet: "Sheet1") else {
            Issue.record("read a sheet that is not there")
            return
        }
        #expect(missing.description == "浙江.xlsx: has no sheet 'Sheet1' (its sheets: 填表说明, 汇总表)")
    }

    /// A score workbook streams as CSV whose lines are the sheet's rows (issue 19).
    @Test func aScoreWorkbookStreamsWithItsRowNumbers() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("s-\(UUID().uuidString).xlsx").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let book = try #require(workbook_new(path))
        let sheet = try #require(workbook_add_worksheet(book, "评分"))
        worksheet_write_string(sheet, 0, 0, "专家评分录入表", nil)
        for (column, name) in ["专家编号", "候选编号", "阶段", "指标", "分数", "评分依据"].enumerated() {
            worksheet_write_string(sheet, 1, lxw_col_t(column), name, nil)
        }
        for (row, cells) in [["E01", "R-33-1", "材料", "A1"], ["E01", "R-33-1", "材料", "A2"]].enumerated() {
            for (column, text) in cells.enumerated() {
                worksheet_write_string(sheet, lxw_row_t(row + 2), lxw_col_t(column), text, nil)
            }
            worksheet_write_number(sheet, lxw_row_t(row + 2), 4, row == 0 ? 4.5 : 3, nil)
        }
        worksheet_write_string(sheet, 3, 5, "申报书,第3页\n附件\"一\"", nil)
        #expect(workbook_close(book) == LXW_NO_ERROR)
        let (source, label) = try CSVSource.decodeTable(
            try Data(contentsOf: URL(fileURLWithPath: path)), file: "评分.xlsx",
            headerNames: ScoreImportParser.headerNames
        ).get()
        #expect(label == "评分.xlsx[评分]")
        var records: [CSVText.Record] = []
        _ = source.forEachRecord(file: label) { records.append($0) }
        #expect(records.map(\.line) == [2, 3, 4])
        #expect(
            records.map(\.fields) == [
                ["专家编号", "候选编号", "阶段", "指标", "分数", "评分依据"],
                ["E01", "R-33-1", "材料", "A1", "4.5"],
                ["E01", "R-33-1", "材料", "A2", "3", "申报书,第3页 附件\"一\""],
            ])
    }

    @Test func aZipThatIsNoWorkbookAndACutOneAreRefusedWithTheirFile() throws {
        let book = try Self.workbook()
        guard case .failure(let cut) = CSVText.parse(book.prefix(book.count / 2), file: "cut.xlsx") else {
            Issue.record("read half a workbook")
            return
        }
        #expect(cut.description.hasPrefix("cut.xlsx: "), "\(cut)")
    }
}
