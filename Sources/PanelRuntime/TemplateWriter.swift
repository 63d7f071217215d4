import CXlsx
import Foundation
import PanelCore
import PanelViews

/// Writes a `WorkbookTemplate` through libxlsxwriter: the table sheet with its header frozen,
/// Chinese-wide columns, text columns formatted as text and every rule as Excel's data validation
/// (a drop-down list, a whole number, a score's range and step); the notes sheet; and the lists'
/// values on a hidden sheet (a list written into the rule itself is limited to 255 characters).
public enum TemplateWriter {
    public static func write(_ template: WorkbookTemplate, to path: String, name: String? = nil) throws {
        let name = name ?? path
        guard let workbook = workbook_new(path) else { throw Failure("\(name): cannot create the workbook") }
        var closed = false
        defer { if !closed { workbook_close(workbook) } }
        func check(_ result: lxw_error, _ what: String) throws {
            guard result == LXW_NO_ERROR else {
                throw Failure("\(name): \(what) could not be written (\(String(cString: lxw_strerror(result))))")
            }
        }
        guard let sheet = workbook_add_worksheet(workbook, template.sheet),
            let notes = workbook_add_worksheet(workbook, template.notesSheet),
            let lists = workbook_add_worksheet(workbook, "选项")
        else { throw Failure("\(name): cannot add the template's sheets") }
        let bold = workbook_add_format(workbook)
        format_set_bold(bold)
        let text = workbook_add_format(workbook)
        format_set_num_format(text, "@")

        // The lists, one column each on the hidden sheet, referred to by range.
        var listRanges: [[String]: String] = [:]
        for rule in template.columns.compactMap(\.rule) + template.rows.flatMap(\.rules.values) {
            guard case .list(let values) = rule, listRanges[values] == nil else { continue }
            let column = listRanges.count
            for (row, value) in values.enumerated() {
                try check(worksheet_write_string(lists, lxw_row_t(row), lxw_col_t(column), value, nil), "a list")
            }
            let letter = XlsxWriter.cellName(row: 0, column: column).dropLast()
            listRanges[values] = "=选项!$\(letter)$1:$\(letter)$\(values.count)"
        }
        worksheet_hide(lists)

        for (column, spec) in template.columns.enumerated() {
            worksheet_set_column(sheet, lxw_col_t(column), lxw_col_t(column), spec.width, spec.text ? text : nil)
            try check(worksheet_write_string(sheet, 0, lxw_col_t(column), spec.name, bold), "the header")
        }
        worksheet_freeze_panes(sheet, 1, 0)
        for (index, row) in template.rows.enumerated() {
            for (column, cell) in row.cells.enumerated() where !cell.isEmpty {
                let format = template.columns[column].text ? text : nil
                try check(
                    worksheet_write_string(sheet, lxw_row_t(index + 1), lxw_col_t(column), cell, format),
                    "row \(index + 2)")
            }
        }

        // A column's rule over its pre-filled rows and the blank rows below them; a row's own rule
        // (an item's maximum) on its cell.
        let lastRow = lxw_row_t(max(template.rows.count, template.blankRows))
        for (column, spec) in template.columns.enumerated() {
            guard let rule = spec.rule, lastRow >= 1 else { continue }
            try validate(rule, sheet: sheet, rows: 1...lastRow, column: column, spec: spec, lists: listRanges, check)
        }
        for (index, row) in template.rows.enumerated() {
            for (column, rule) in row.rules {
                let spec = template.columns[column]
                let at = lxw_row_t(index + 1)
                try validate(rule, sheet: sheet, rows: at...at, column: column, spec: spec, lists: listRanges, check)
            }
        }

        worksheet_set_column(notes, 0, 0, 14, nil)
        worksheet_set_column(notes, 1, 1, 80, nil)
        var line: lxw_row_t = 0
        for (label, note) in [("列", "填写说明")] + template.columns.map({ ($0.name, $0.note) }) {
            try check(worksheet_write_string(notes, line, 0, label, line == 0 ? bold : nil), "the notes")
            try check(worksheet_write_string(notes, line, 1, note, line == 0 ? bold : nil), "the notes")
            line += 1
        }
        line += 1
        try check(worksheet_write_string(notes, line, 0, "规则", bold), "the notes")
        for rule in template.rules {
            try check(worksheet_write_string(notes, line, 1, rule, nil), "the notes")
            line += 1
        }

        let result = workbook_close(workbook)
        closed = true
        try check(result, "the workbook")
    }

    private static func validate(
        _ rule: WorkbookTemplate.Rule, sheet: UnsafeMutablePointer<lxw_worksheet>, rows: ClosedRange<lxw_row_t>,
        column: Int, spec: WorkbookTemplate.Column, lists: [[String]: String],
        _ check: (lxw_error, String) throws -> Void
    ) throws {
        var strings: [UnsafeMutablePointer<CChar>] = []
        defer { strings.forEach { free($0) } }
        func c(_ text: String) -> UnsafeMutablePointer<CChar> {
            let copy = strdup(text)!
            strings.append(copy)
            return copy
        }
        var validation = lxw_data_validation()
        validation.ignore_blank = UInt8(LXW_VALIDATION_ON.rawValue)
        validation.error_type = UInt8(LXW_VALIDATION_ERROR_TYPE_STOP.rawValue)
        validation.input_title = c(String(spec.name.prefix(30)))
        validation.input_message = c(String(spec.note.prefix(250)))
        validation.error_title = c(String(spec.name.prefix(30)))
        let cell = XlsxWriter.cellName(row: Int(rows.lowerBound), column: column)
        switch rule {
        case .list(let values):
            validation.validate = UInt8(LXW_VALIDATION_TYPE_LIST_FORMULA.rawValue)
            validation.value_formula = c(lists[values] ?? "")
            validation.error_message = c("请从下拉列表中选择")
        case .wholeNumber(let range):
            validation.validate = UInt8(LXW_VALIDATION_TYPE_INTEGER.rawValue)
            validation.criteria = UInt8(LXW_VALIDATION_CRITERIA_BETWEEN.rawValue)
            validation.minimum_number = Double(range.lowerBound)
            validation.maximum_number = Double(range.upperBound)
            validation.error_message = c("请填写 \(range.lowerBound) 到 \(range.upperBound) 的整数")
        case .points(let maximum, let step):
            // Excel has no step for a decimal: a custom formula checks range and step together.
            validation.validate = UInt8(LXW_VALIDATION_TYPE_CUSTOM_FORMULA.rawValue)
            validation.value_formula = c(
                "=AND(ISNUMBER(\(cell)),\(cell)>=0,\(cell)<=\(maximum),"
                    + "ABS(\(cell)/\(step)-ROUND(\(cell)/\(step),0))<0.000001)")
            validation.error_message = c("分数为 0 到 \(maximum)，步长 \(step)")
        }
        try check(
            worksheet_data_validation_range(
                sheet, rows.lowerBound, lxw_col_t(column), rows.upperBound, lxw_col_t(column), &validation),
            "the rule of \(spec.name)")
    }
}
