import Foundation

/// A spreadsheet as the provinces send it, .xlsx or .xls, told by its first bytes, never by its
/// name. Its sheets are read row by row: a score workbook of a million rows is never held whole.
public enum Workbook {
    public enum Format: Sendable { case xlsx, xls }

    /// One row with a value: its number (from 1) and its cells by column (from 0) as text, the way a
    /// person sees them (numbers as typed, dates as `2020-12-28`).
    public struct Row: Sendable {
        public var number: Int
        public var cells: [Int: String]
        /// The sheet's last row as the workbook declares it (`<dimension>`), for a progress bar.
        public var declaredRows: Int? = nil
    }

    /// `C4:C6`: cells merged into one, whose value is in the top-left cell only.
    public struct Merge: Sendable, Equatable {
        public var firstRow: Int, lastRow: Int, firstColumn: Int, lastColumn: Int
        public var reference: String {
            "\(XLSXReference.name(firstColumn))\(firstRow):\(XLSXReference.name(lastColumn))\(lastRow)"
        }
    }

    /// A zip (PK\3\4) is an .xlsx; an OLE2 compound file (D0 CF 11 E0) is an Excel 97–2003
    /// workbook, or a password-protected .xlsx, which Office wraps in one (see `XLSBook.refusal`).
    public static func format(of data: Data) -> Format? {
        if data.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return .xlsx }
        if data.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) { return .xls }
        return nil
    }

    /// A sheet cell beyond this column is refused: no summary table is 1,000 columns wide, and a
    /// row of 16,384 would become 16,384 fields.
    public static let columnLimit = 1_024

    /// The sheets of `data`, to read one by one.
    static func open(_ data: Data, file: String) throws -> any WorkbookSheets {
        switch format(of: data) {
        case .xlsx: return try XLSXParts(data, file: file)
        case .xls: return try XLSBook(data, file: file)
        case nil: throw Problem(file: file, message: "is not a workbook")
        }
    }
}

/// What each workbook format offers the table finder.
protocol WorkbookSheets {
    var sheetNames: [String] { get }
    /// Calls `visit` with each row holding a value, in order, until it returns false; returns the
    /// sheet's merged cells (an .xlsx lists them after its rows).
    mutating func rows(ofSheet index: Int, label: String, _ visit: (Workbook.Row) throws -> Bool) throws
        -> [Workbook.Merge]
}

/// The table of a workbook: the first sheet (or the one named) with a header row among its first
/// 20 rows, from that row on. The title rows a summary table carries above its header
/// (`2020年度…信息汇总表`, `填报单位：浙江省教育厅`) are passed over.
public struct WorkbookTable {
    /// The sheet the table was found on.
    public var sheet: String
    /// `浙江.xlsx[汇总表]`: how problems name the place.
    public var label: String

    /// Streams the header row and every row after it to `row`.
    /// - Parameters:
    ///   - headerNames: the column names the import knows, normalized: the header row is the first
    ///     with two of them (without any, the first row of two cells or more).
    public static func read(
        _ data: Data, file: String, sheet named: String?, headerNames: Set<String>,
        progress: ImportProgressSink? = nil, row emit: (Workbook.Row) throws -> Void
    ) -> Result<WorkbookTable, Problem> {
        do {
            var book = try Workbook.open(data, file: file)
            let names = book.sheetNames
            var candidates = Array(names.indices)
            if let named {
                candidates = candidates.filter { names[$0] == named }
                if candidates.isEmpty {
                    return .failure(
                        Problem(
                            file: file,
                            message: "has no sheet '\(named)' (its sheets: \(names.joined(separator: ", ")))"))
                }
            }
            for index in candidates {
                let label = "\(file)[\(names[index])]"
                var header: Workbook.Row?
                var seen = 0
                let merges = try book.rows(ofSheet: index, label: label) { row in
                    if let farthest = row.cells.keys.max(), farthest >= Workbook.columnLimit {
                        throw Problem(
                            file: label, line: row.number,
                            message: """
                                has a value in column \(XLSXReference.name(farthest)), beyond the \
                                \(Workbook.columnLimit) columns panel reads — delete the columns after the table
                                """)
                    }
                    if header == nil {
                        seen += 1
                        guard isHeader(row.cells, headerNames) else { return seen < 20 }
                        header = row
                    }
                    try emit(row)
                    seen += 1
                    if let progress, seen % ImportProgress.every == 0 {
                        progress(ImportProgress(.reading, done: row.number, total: row.declaredRows))
                    }
                    return true
                }
                guard let header else { continue }
                if let merged = merges.first(where: { covers($0, header, headerNames) }) {
                    let column = header.cells[merged.firstColumn] ?? XLSXReference.name(merged.firstColumn)
                    throw Problem(
                        file: label, line: merged.firstRow,
                        message: """
                            \(merged.reference) are merged cells in the column \(column): only \
                            \(XLSXReference.name(merged.firstColumn))\(merged.firstRow) holds the value — unmerge \
                            them and fill in every row
                            """)
                }
                return .success(WorkbookTable(sheet: names[index], label: label))
            }
            return .failure(
                Problem(
                    file: file,
                    message: """
                        has no sheet with a header row among its first 20 rows\(named.map { " in '\($0)'" } ?? "") — \
                        the first line of the table names its columns (编号, 名称 …)
                        """))
        } catch let problem as Problem {
            return .failure(problem)
        } catch {
            return .failure(
                Problem(file: file, message: "is not a workbook panel can read (\(error)) — save it again as .xlsx"))
        }
    }

    static func isHeader(_ cells: [Int: String], _ names: Set<String>) -> Bool {
        guard !names.isEmpty else { return cells.count >= 2 }
        return cells.values.filter { names.contains(CSVHeader.normalized($0)) }.count >= 2
    }

    /// A merge in the table (the header row or below) over a column the import reads: its value
    /// would be read for one row and missing from the others.
    static func covers(_ merge: Workbook.Merge, _ header: Workbook.Row, _ names: Set<String>) -> Bool {
        guard merge.lastRow >= header.number,
            merge.firstRow != merge.lastRow || merge.firstColumn != merge.lastColumn
        else { return false }
        return (merge.firstColumn...merge.lastColumn).contains { column in
            guard let name = header.cells[column] else { return false }
            return names.isEmpty || names.contains(CSVHeader.normalized(name))
        }
    }
}
