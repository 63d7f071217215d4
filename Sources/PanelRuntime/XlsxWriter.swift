import CXlsx
import Foundation
import PanelCore

/// Writes the winner list as a workbook through libxlsxwriter: one sheet per kind, a title row,
/// the standing (草稿 or the snapshot hash), the header and the rows.
public enum XlsxWriter {
    /// `name`: the file as the person knows it, for messages (`path` may be a temporary file).
    public static func write(_ list: WinnerList, to path: String, name: String? = nil) throws {
        let name = name ?? path
        try withWorkbook(at: path, name: name) { workbook in
            try addWinnerSheets(list, to: workbook, name: name)
        }
    }

    private static func addWinnerSheets(
        _ list: WinnerList, to workbook: UnsafeMutablePointer<lxw_workbook>, name: String
    )
        throws
    {
        let bold = workbook_add_format(workbook)
        format_set_bold(bold)
        let title = workbook_add_format(workbook)
        format_set_bold(title)
        format_set_font_size(title, 14)
        for table in list.tables {
            guard
                let sheet = workbook_add_worksheet(
                    workbook,
                    table.kind == .region
                        ? """
                        优秀区域
                        """ : "优秀学校")
            else {
                throw Failure("\(name): cannot add the sheet for \(table.title)")
            }
            worksheet_set_column(sheet, 0, 0, 6, nil)
            worksheet_set_column(sheet, 1, 1, 18, nil)
            worksheet_set_column(sheet, 2, 2, 44, nil)
            worksheet_set_column(sheet, 3, 3, 10, nil)
            // Every cell's result is checked: a refused cell (a text over Excel's 32,767
            // characters) would otherwise be left out of a workbook that still says it was written.
            func check(_ result: lxw_error, _ row: lxw_row_t, _ column: Int) throws {
                guard result == LXW_NO_ERROR else {
                    throw Failure(
                        "\(name): cell \(Self.cellName(row: Int(row), column: column)) of \(table.title) could not be "
                            + "written (\(String(cString: lxw_strerror(result))))"
                    )
                }
            }
            try check(worksheet_write_string(sheet, 0, 0, table.title, title), 0, 0)
            try check(worksheet_write_string(sheet, 1, 0, list.standing, nil), 1, 0)
            for (column, name) in table.columns.enumerated() {
                try check(worksheet_write_string(sheet, 2, lxw_col_t(column), name, bold), 2, column)
            }
            for (index, row) in table.rows.enumerated() {
                let line = lxw_row_t(3 + index)
                try check(worksheet_write_number(sheet, line, 0, Double(index + 1), nil), line, 0)
                for (column, cell) in row.enumerated().dropFirst() {
                    // write_string stores text, never a formula, whatever the first character.
                    try check(worksheet_write_string(sheet, line, lxw_col_t(column), cell, nil), line, column)
                }
            }
        }
    }

    /// One sheet of a plain table: a title row, a line under it, the header and the rows, all text.
    public struct Sheet: Sendable {
        public init(
            name: String, title: String, subtitle: String, columns: [String], widths: [Double], rows: [[String]]
        ) {
            self.widths = widths
            self.name = name
            self.title = title
            self.subtitle = subtitle
            self.columns = columns
            self.rows = rows
        }
        public var name: String
        public var title: String
        public var subtitle: String
        public var columns: [String]
        /// Each column's width in characters, as a spreadsheet counts them.
        public var widths: [Double]
        public var rows: [[String]]
    }

    /// Plain tables, one sheet each (the 答辩安排表 of every group).
    public static func write(_ sheets: [Sheet], to path: String, name: String? = nil) throws {
        let name = name ?? path
        try withWorkbook(at: path, name: name) { workbook in try addSheets(sheets, to: workbook, name: name) }
    }

    private static func addSheets(_ sheets: [Sheet], to workbook: UnsafeMutablePointer<lxw_workbook>, name: String)
        throws
    {
        let bold = workbook_add_format(workbook)
        format_set_bold(bold)
        for table in sheets {
            guard let sheet = workbook_add_worksheet(workbook, table.name) else {
                throw Failure("\(name): cannot add the sheet \(table.name)")
            }
            for (column, width) in table.widths.enumerated() {
                worksheet_set_column(sheet, lxw_col_t(column), lxw_col_t(column), width, nil)
            }
            let cells = [[table.title], [table.subtitle], table.columns] + table.rows
            for (row, values) in cells.enumerated() {
                for (column, cell) in values.enumerated() {
                    let result = worksheet_write_string(
                        sheet, lxw_row_t(row), lxw_col_t(column), cell, row < 3 && row != 1 ? bold : nil)
                    guard result == LXW_NO_ERROR else {
                        throw Failure(
                            "\(name): cell \(cellName(row: row, column: column)) of \(table.name) could not be written"
                                + " (\(String(cString: lxw_strerror(result))))")
                    }
                }
            }
        }
    }

    /// A new workbook at `path` for `body` to fill, closed (and so written) afterwards, or whatever
    /// happens: its result checked, so a workbook that failed to be written is never reported done.
    private static func withWorkbook(
        at path: String, name: String, _ body: (UnsafeMutablePointer<lxw_workbook>) throws -> Void
    ) throws {
        guard let workbook = workbook_new(path) else { throw Failure("\(name): cannot create the workbook") }
        var closed = false
        defer { if !closed { workbook_close(workbook) } }
        try body(workbook)
        let result = workbook_close(workbook)
        closed = true
        guard result == LXW_NO_ERROR else {
            throw Failure("\(name): the workbook could not be written (\(String(cString: lxw_strerror(result))))")
        }
    }

    /// A1 notation, as a spreadsheet names the cell.
    static func cellName(row: Int, column: Int) -> String {
        var letters = ""
        var rest = column + 1
        while rest > 0 {
            letters = String(UnicodeScalar(UInt8(65 + (rest - 1) % 26))) + letters
            rest = (rest - 1) / 26
        }
        return "\(letters)\(row + 1)"
    }
}
