import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// One worksheet's XML, parsed as it streams in: each row with a value is handed on as soon as its
/// `</row>` is read, and the merged cells listed after the rows are returned at the end.
enum XLSXSheetParser {
    static func rows(
        _ stream: InputStream, strings: [String], styles: XLSXStyles, label: String,
        _ visit: (Workbook.Row) throws -> Bool
    ) throws -> [Workbook.Merge] {
        try withoutActuallyEscaping(visit) { visit in
            let delegate = Delegate(strings: strings, styles: styles, label: label, visit: visit)
            let parser = XMLParser(stream: stream)
            parser.shouldResolveExternalEntities = false
            parser.shouldProcessNamespaces = false
            parser.delegate = delegate
            let parsed = parser.parse()
            if let failure = delegate.failure { throw failure }
            if !parsed && !delegate.stopped {
                throw Problem(file: label, message: "is not well-formed XML — save the workbook again")
            }
            return delegate.merges
        }
    }

    private final class Delegate: NSObject, XMLParserDelegate {
        let strings: [String], styles: XLSXStyles, label: String
        let visit: (Workbook.Row) throws -> Bool
        var merges: [Workbook.Merge] = []
        var failure: Error?
        var stopped = false
        private var row: [Int: String] = [:], rowNumber = 0, declaredRows: Int?
        private var reference = "", type = "", style = 0, value = "", formula = false, collecting = false
        /// Inside a phonetic run (`<rPh>`: the pinyin or kana over a name), which is not the value.
        private var phonetic = 0

        init(
            strings: [String], styles: XLSXStyles, label: String, visit: @escaping (Workbook.Row) throws -> Bool
        ) {
            self.strings = strings
            self.styles = styles
            self.label = label
            self.visit = visit
        }

        /// A problem of the cell being read, named as a spreadsheet names it (`汇总表]!C12`).
        private func fail(_ parser: XMLParser, _ message: String) {
            var problem = Problem(file: label, line: XLSXReference.row(reference) ?? rowNumber, message: message)
            if XLSXReference.column(reference) != nil, XLSXReference.row(reference) != nil { problem.cell = reference }
            failure = problem
            parser.abortParsing()
        }

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String]
        ) {
            switch name {
            case "row":
                rowNumber = attributes["r"].flatMap(Int.init) ?? rowNumber + 1
                row = [:]
            case "c":
                reference = attributes["r"] ?? ""
                type = attributes["t"] ?? "n"
                style = attributes["s"].flatMap(Int.init) ?? 0
                value = ""
                formula = false
            case "v", "t": collecting = phonetic == 0
            case "rPh": phonetic += 1
            case "f": formula = true
            case "dimension": declaredRows = attributes["ref"].flatMap(XLSXReference.merge)?.lastRow
            case "mergeCell":
                if let merge = attributes["ref"].flatMap(XLSXReference.merge) { merges.append(merge) }
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { if collecting { value += string } }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            guard failure == nil, !stopped else { return }
            switch name {
            case "v", "t": collecting = false
            case "rPh": phonetic -= 1
            case "c": cellEnded(parser)
            case "row":
                guard !row.isEmpty else { return }
                do {
                    if try !visit(Workbook.Row(number: rowNumber, cells: row, declaredRows: declaredRows)) {
                        stopped = true
                        parser.abortParsing()
                    }
                } catch {
                    failure = error
                    parser.abortParsing()
                }
            default: break
            }
        }

        /// How a message starts: the place already names a cell with a reference, not one without.
        private var problemCellName: String { XLSXReference.row(reference) == nil ? "a cell of this row" : "the cell" }

        private func cellEnded(_ parser: XMLParser) {
            let column = XLSXReference.column(reference) ?? (row.keys.max().map { $0 + 1 } ?? 0)
            let cell = problemCellName
            switch type {
            case "s":
                guard let index = Int(value), strings.indices.contains(index) else {
                    return fail(parser, "\(cell) refers to no shared string — save the workbook again")
                }
                row[column] = strings[index]
            case "b": row[column] = value == "1" ? "TRUE" : "FALSE"
            case "e": fail(parser, "\(cell) holds the error \(value) — correct it in Excel or WPS")
            case "n" where !value.isEmpty:
                if styles.dateFormats.contains(style),
                    let date = SpreadsheetDate.text(serial: value, date1904: styles.date1904)
                {
                    row[column] = date
                } else {
                    row[column] = XLSXNumber.text(value)
                }
            case "d" where !value.isEmpty:
                // An ISO 8601 date cell: a date without its midnight.
                row[column] = value.hasSuffix("T00:00:00") ? String(value.dropLast(9)) : value
            default:
                if formula && value.isEmpty {
                    fail(
                        parser,
                        "\(cell) has a formula without a saved value — open it in Excel or WPS and save it again")
                } else if !value.isEmpty {
                    row[column] = value
                }
            }
        }
    }
}
