import CXlsx
import Foundation
import PanelCore

/// A CSV file written out as a workbook through libxlsxwriter, for `panel bench workbook`: the same
/// rows as a province's Excel would hold them, numbers as numbers and the rest as strings.
public enum CSVWorkbook {
    /// - Parameter constantMemory: libxlsxwriter's row-by-row mode (inline strings), for a million
    ///   rows; otherwise shared strings, as Excel writes.
    public static func write(csv: Data, to path: String, sheet: String, constantMemory: Bool) throws -> Int {
        let source = try CSVSource.decode(csv, file: path).get()
        var options = lxw_workbook_options()
        options.constant_memory = constantMemory ? UInt8(LXW_TRUE.rawValue) : UInt8(LXW_FALSE.rawValue)
        guard let book = workbook_new_opt(path, &options), let worksheet = workbook_add_worksheet(book, sheet) else {
            throw Failure("\(path): cannot create the workbook")
        }
        var row: lxw_row_t = 0
        var failure: lxw_error = LXW_NO_ERROR
        _ = source.forEachRecord(file: path) { record in
            for (column, field) in record.fields.enumerated() where !field.isEmpty {
                let number = field.first == "0" && field.count > 1 && !field.hasPrefix("0.") ? nil : Double(field)
                let result =
                    number.map { worksheet_write_number(worksheet, row, lxw_col_t(column), $0, nil) }
                    ?? worksheet_write_string(worksheet, row, lxw_col_t(column), field, nil)
                if result != LXW_NO_ERROR { failure = result }
            }
            row += 1
        }
        let closed = workbook_close(book)
        guard failure == LXW_NO_ERROR, closed == LXW_NO_ERROR else {
            throw Failure("\(path): the workbook could not be written (\(String(cString: lxw_strerror(closed))))")
        }
        return Int(row)
    }
}
