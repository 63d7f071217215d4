import CXlsx
import Foundation
import PanelCore

/// Writes the winner list as a workbook through libxlsxwriter: one sheet per kind, a title row,
/// the standing (草稿 or the snapshot hash), the header and the rows.
public enum XlsxWriter {
    public static func write(_ list: WinnerList, to path: String) throws {
        guard let workbook = workbook_new(path) else { throw Failure("\(path): cannot create the workbook") }
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
                continue
            }
            worksheet_set_column(sheet, 0, 0, 6, nil)
            worksheet_set_column(sheet, 1, 1, 18, nil)
            worksheet_set_column(sheet, 2, 2, 44, nil)
            worksheet_set_column(sheet, 3, 3, 10, nil)
            worksheet_write_string(sheet, 0, 0, table.title, title)
            worksheet_write_string(sheet, 1, 0, list.standing, nil)
            for (column, name) in table.columns.enumerated() {
                worksheet_write_string(sheet, 2, lxw_col_t(column), name, bold)
            }
            for (index, row) in table.rows.enumerated() {
                let line = lxw_row_t(3 + index)
                worksheet_write_number(sheet, line, 0, Double(index + 1), nil)
                for (column, cell) in row.enumerated().dropFirst() {
                    // write_string stores text, never a formula, whatever the first character.
                    worksheet_write_string(sheet, line, lxw_col_t(column), cell, nil)
                }
            }
        }
        let result = workbook_close(workbook)
        guard result == LXW_NO_ERROR else {
            throw Failure("\(path): the workbook could not be written (\(String(cString: lxw_strerror(result))))")
        }
    }
}
