import CFreexl
import Foundation

/// An Excel 97–2003 workbook (.xls, what old templates and some WPS set-ups save), read by
/// libfreexl. libfreexl opens only a path, so the bytes go to a private temporary file first;
/// it does not read merged cells, which an .xls table is therefore not checked for.
struct XLSBook: WorkbookSheets {
    private let handle: FreexlHandle
    let file: String
    let sheetNames: [String]

    init(_ data: Data, file: String) throws {
        self.file = file
        let temporary = FileManager.default.temporaryDirectory
            .appendingPathComponent("panel-book-\(UUID().uuidString).xls")
        guard
            FileManager.default.createFile(
                atPath: temporary.path, contents: data, attributes: [.posixPermissions: 0o600])
        else { throw Problem(file: file, message: "cannot be read: no room for a temporary file in \(temporary.path)") }
        defer { try? FileManager.default.removeItem(at: temporary) }
        var opened: UnsafeRawPointer?
        let status = freexl_open(temporary.path, &opened)
        guard status == FREEXL_OK, let opened else {
            if let opened { freexl_close(opened) }
            throw Self.refusal(status, data, file: file)
        }
        handle = FreexlHandle(opened)
        var password: UInt32 = 0
        if freexl_get_info(opened, UInt16(FREEXL_BIFF_PASSWORD), &password) == FREEXL_OK,
            password != UInt32(FREEXL_BIFF_PLAIN)
        {
            throw Problem(file: file, message: "is password-protected — save it without a password")
        }
        var count: UInt32 = 0
        guard freexl_get_info(opened, UInt16(FREEXL_BIFF_SHEET_COUNT), &count) == FREEXL_OK else {
            throw Problem(file: file, message: "is damaged (its sheets cannot be listed) — save the workbook again")
        }
        sheetNames = (0..<UInt16(min(count, 1024))).map { index in
            var name: UnsafePointer<CChar>?
            guard freexl_get_worksheet_name(opened, index, &name) == FREEXL_OK, let name else {
                return "Sheet\(index + 1)"
            }
            return String(cString: name)
        }
    }

    /// Why libfreexl would not open the file, in the secretariat's words. A password-protected
    /// .xlsx is an OLE2 file too, holding an `EncryptedPackage` stream instead of a workbook.
    static func refusal(_ status: Int32, _ data: Data, file: String) -> Problem {
        let encrypted = Data("EncryptedPackage".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        if data.firstRange(of: encrypted) != nil {
            return Problem(file: file, message: "is password-protected — save it without a password")
        }
        switch status {
        case FREEXL_BIFF_WORKBOOK_NOT_FOUND:
            return Problem(
                file: file, message: "is an Office file but not an Excel workbook (a Word or PowerPoint file?)")
        case FREEXL_INSUFFICIENT_MEMORY:
            return Problem(file: file, message: "is too large to read — split it into smaller workbooks")
        default:
            return Problem(
                file: file, message: "is damaged or cut off (libfreexl error \(status)) — save the workbook again")
        }
    }

    mutating func rows(ofSheet index: Int, label: String, _ visit: (Workbook.Row) throws -> Bool) throws
        -> [Workbook.Merge]
    {
        let book = handle.pointer
        var rows: UInt32 = 0, columns: UInt16 = 0
        guard freexl_select_active_worksheet(book, UInt16(index)) == FREEXL_OK,
            freexl_worksheet_dimensions(book, &rows, &columns) == FREEXL_OK
        else {
            throw Problem(
                file: label,
                message: "is damaged (the sheet cannot be read) — save the workbook again")
        }
        for row in 0..<rows {
            var cells: [Int: String] = [:]
            for column in 0..<columns {
                var value = FreeXL_CellValue()
                guard freexl_get_cell_value(book, row, column, &value) == FREEXL_OK,
                    let text = Self.text(value), !text.isEmpty
                else { continue }
                cells[Int(column)] = text
            }
            if !cells.isEmpty, try !visit(Workbook.Row(number: Int(row) + 1, cells: cells, declaredRows: Int(rows))) {
                break
            }
        }
        return []
    }

    /// A cell as text: numbers as typed (`13900001100`, never `1.39E+10`), dates as libfreexl
    /// writes them (`2020-12-28`), the same as an .xlsx reads.
    static func text(_ value: FreeXL_CellValue) -> String? {
        switch Int32(value.type) {
        case FREEXL_CELL_INT: return String(value.value.int_value)
        case FREEXL_CELL_DOUBLE: return XLSXNumber.text(String(value.value.double_value))
        case FREEXL_CELL_TEXT, FREEXL_CELL_SST_TEXT, FREEXL_CELL_DATE, FREEXL_CELL_DATETIME, FREEXL_CELL_TIME:
            return value.value.text_value.map { String(cString: $0) }
        default: return nil
        }
    }
}

/// Closes the workbook when the last copy of the reader goes.
private final class FreexlHandle {
    let pointer: UnsafeRawPointer
    init(_ pointer: UnsafeRawPointer) { self.pointer = pointer }
    deinit { freexl_close(pointer) }
}
