import Foundation
import ZIPFoundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// An Excel workbook (.xlsx): a zip archive of XML parts, read through ZIPFoundation and
/// Foundation's streaming XMLParser (no external entities, no DTD). Only cached values are read,
/// never a formula evaluated.
public enum XLSXWorkbook {
    /// A part of the archive is refused past this size uncompressed, and the whole past four
    /// times it: a zip bomb of a few kilobytes must not take the server's memory or disk.
    public static let partLimit = 256 << 20
}

extension Workbook {
    /// Every sheet of a workbook, read whole: for the fuzzer and the tests, never for an import.
    public static func readAll(_ data: Data, file: String) -> Result<[(name: String, rows: [Row])], Problem> {
        do {
            var book = try open(data, file: file)
            var sheets: [(name: String, rows: [Row])] = []
            for (index, name) in book.sheetNames.enumerated() {
                var rows: [Row] = []
                _ = try book.rows(ofSheet: index, label: "\(file)[\(name)]") {
                    rows.append($0)
                    return true
                }
                sheets.append((name, rows))
            }
            return .success(sheets)
        } catch let problem as Problem {
            return .failure(problem)
        } catch {
            return .failure(Problem(file: file, message: "is not a workbook panel can read (\(error))"))
        }
    }
}

/// The parts of the archive, read one by one within the limits; the small ones (the sheet list,
/// shared strings, styles) in memory, each sheet streamed from a temporary file.
struct XLSXParts: WorkbookSheets {
    let archive: Archive
    let file: String
    var total = 0
    private(set) var sheetNames: [String] = []
    private var sheetPaths: [String?] = []
    private var strings: [String] = []
    private var styles = XLSXStyles()

    init(_ data: Data, file: String) throws {
        self.file = file
        if let broken = ZipLayout.problem(data) {
            throw Problem(file: file, message: "\(broken) — save the workbook again as .xlsx")
        }
        do {
            archive = try Archive(data: data, accessMode: .read)
        } catch {
            throw Problem(file: file, message: "is cut off or not a zip archive — save the workbook again as .xlsx")
        }
        guard let book = try part("xl/workbook.xml") else {
            throw Problem(file: file, message: "is a zip archive but not an Excel workbook (no xl/workbook.xml)")
        }
        let listed = XMLCollector.sheets(book)
        let relations = XMLCollector.relations(try part("xl/_rels/workbook.xml.rels") ?? Data())
        sheetNames = listed.sheets.map(\.name)
        sheetPaths = listed.sheets.map { sheet in
            relations[sheet.relation].map { $0.hasPrefix("/") ? String($0.dropFirst()) : "xl/" + $0 }
        }
        strings = XMLCollector.sharedStrings(try part("xl/sharedStrings.xml") ?? Data())
        styles = XMLCollector.styles(try part("xl/styles.xml") ?? Data())
        styles.date1904 = listed.date1904
    }

    /// A part in memory, checked (size, checksum, UTF-8).
    mutating func part(_ path: String) throws -> Data? {
        var out = Data()
        guard try extract(path, { out.append($0) }) else { return nil }
        guard String(validating: out, as: UTF8.self) != nil else { throw notUTF8(path) }
        return out
    }

    /// Streams a part's bytes to `sink` within the limits and checks its checksum; false when the
    /// archive has no such part.
    private mutating func extract(_ path: String, _ sink: (Data) throws -> Void) throws -> Bool {
        guard let entry = archive[path] else { return false }
        let limit = XLSXWorkbook.partLimit
        var size = 0, used = total
        let tooLarge = Problem(
            file: file, message: "\(path) unpacks to more than \(limit >> 20) MB — not a summary table; refused")
        // The size the archive declares refuses an honest bomb at once; the count of what comes
        // out refuses one that lies about it.
        if entry.uncompressedSize > UInt64(limit) || total + Int(entry.uncompressedSize) > 4 * limit { throw tooLarge }
        let checksum = try archive.extract(entry, skipCRC32: false) { chunk in
            size += chunk.count
            used += chunk.count
            if size > limit || used > 4 * limit { throw tooLarge }
            try sink(chunk)
        }
        total = used
        guard checksum == entry.checksum else {
            throw Problem(file: file, message: "is damaged (\(path) fails its checksum) — save the workbook again")
        }
        return true
    }

    // Foundation's XMLParser traps on an element name that is not UTF-8 (the fuzzer found one):
    // every part must be UTF-8 throughout before it is parsed.
    private func notUTF8(_ path: String) -> Problem {
        Problem(file: file, message: "is damaged (\(path) is not UTF-8 text) — save the workbook again")
    }

    mutating func rows(ofSheet index: Int, label: String, _ visit: (Workbook.Row) throws -> Bool) throws
        -> [Workbook.Merge]
    {
        guard let path = sheetPaths[index] else { return [] }
        // The sheet goes to a private temporary file and is parsed from there in chunks: the XML
        // of a million-row score sheet is hundreds of megabytes.
        let temporary = FileManager.default.temporaryDirectory
            .appendingPathComponent("panel-sheet-\(UUID().uuidString).xml")
        guard
            FileManager.default.createFile(
                atPath: temporary.path, contents: nil, attributes: [.posixPermissions: 0o600]),
            let handle = FileHandle(forWritingAtPath: temporary.path)
        else { throw Problem(file: file, message: "cannot be read: no room for a temporary file in \(temporary.path)") }
        defer { try? FileManager.default.removeItem(at: temporary) }
        var utf8 = UTF8Check()
        let notUTF8 = notUTF8(path)
        let found: Bool
        do {
            defer { try? handle.close() }
            found = try extract(path) { chunk in
                guard utf8.accepts(chunk) else { throw notUTF8 }
                try handle.write(contentsOf: chunk)
            }
        }
        guard found else { return [] }
        guard utf8.isComplete else { throw notUTF8 }
        guard let stream = InputStream(url: temporary) else {
            throw Problem(file: file, message: "cannot be read back from \(temporary.path)")
        }
        return try XLSXSheetParser.rows(stream, strings: strings, styles: styles, label: label, visit)
    }
}

/// UTF-8 checked chunk by chunk: a character cut between two chunks is carried to the next.
struct UTF8Check {
    private var carry: [UInt8] = []
    private(set) var failed = false
    var isComplete: Bool { !failed && carry.isEmpty }

    mutating func accepts(_ chunk: Data) -> Bool {
        guard !failed else { return false }
        chunk.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            var bytes = raw[...]
            // Finish the character the last chunk cut, then check the rest in place.
            if !carry.isEmpty {
                let lead = carry[0]
                let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
                let take = min(length - carry.count, bytes.count)
                carry += bytes.prefix(take)
                bytes = bytes.dropFirst(take)
                guard carry.count == length else { return }
                failed = !CSVSource.isUTF8(carry)
                carry = []
            }
            // Hold back an unfinished character at the end: at most 3 bytes after its lead byte.
            var cut = bytes.endIndex
            for back in 1...max(1, min(3, bytes.count)) where bytes.count >= back {
                let byte = bytes[bytes.endIndex - back]
                if byte & 0xC0 == 0x80 { continue }
                if byte >= 0xC0 {
                    let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
                    if back < length { cut = bytes.endIndex - back }
                }
                break
            }
            carry = Array(bytes[cut...])
            if !failed { failed = !CSVSource.isUTF8(UnsafeRawBufferPointer(rebasing: bytes[..<cut])) }
        }
        return !failed
    }
}

/// The few things read out of each part, by a streaming parser each.
enum XMLCollector {
    static func parse(_ data: Data, _ delegate: XMLParserDelegate) -> Bool {
        let parser = XMLParser(data: data)
        parser.shouldResolveExternalEntities = false
        parser.shouldProcessNamespaces = false
        parser.delegate = delegate
        return parser.parse()
    }

    /// The sheets in the workbook's order, and whether its dates count from 1904.
    static func sheets(_ data: Data) -> (sheets: [(name: String, relation: String)], date1904: Bool) {
        final class Delegate: NSObject, XMLParserDelegate {
            var sheets: [(String, String)] = []
            var date1904 = false
            func parser(
                _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String]
            ) {
                if name == "sheet", let title = attributes["name"], let id = attributes["r:id"] {
                    sheets.append((title, id))
                }
                if name == "workbookPr", let value = attributes["date1904"] {
                    date1904 = value == "1" || value == "true"
                }
            }
        }
        let delegate = Delegate()
        _ = parse(data, delegate)
        return (delegate.sheets.map { (name: $0.0, relation: $0.1) }, delegate.date1904)
    }

    /// Which cell formats (`s="3"`) show a number as a date.
    static func styles(_ data: Data) -> XLSXStyles {
        final class Delegate: NSObject, XMLParserDelegate {
            var customDates: Set<Int> = []
            var formats: [Int] = []
            var inCellFormats = false
            func parser(
                _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String]
            ) {
                switch name {
                case "numFmt":
                    if let id = attributes["numFmtId"].flatMap(Int.init), let code = attributes["formatCode"],
                        SpreadsheetDate.isDateFormat(code)
                    {
                        customDates.insert(id)
                    }
                case "cellXfs": inCellFormats = true
                case "xf" where inCellFormats: formats.append(attributes["numFmtId"].flatMap(Int.init) ?? 0)
                default: break
                }
            }
            func parser(
                _ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?
            ) {
                if name == "cellXfs" { inCellFormats = false }
            }
        }
        let delegate = Delegate()
        _ = parse(data, delegate)
        let dates = delegate.formats.enumerated().filter { _, format in
            SpreadsheetDate.builtInFormats.contains(format) || delegate.customDates.contains(format)
        }
        return XLSXStyles(dateFormats: Set(dates.map(\.offset)))
    }

    static func relations(_ data: Data) -> [String: String] {
        final class Delegate: NSObject, XMLParserDelegate {
            var targets: [String: String] = [:]
            func parser(
                _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String]
            ) {
                if name == "Relationship", let id = attributes["Id"], let target = attributes["Target"] {
                    targets[id] = target
                }
            }
        }
        let delegate = Delegate()
        _ = parse(data, delegate)
        return delegate.targets
    }

    /// Each `<si>`'s text, rich-text runs joined, phonetic runs (`<rPh>`) left out.
    static func sharedStrings(_ data: Data) -> [String] {
        final class Delegate: NSObject, XMLParserDelegate {
            var strings: [String] = []
            var current = "", inText = false, phonetic = 0
            func parser(
                _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String]
            ) {
                switch name {
                case "si": current = ""
                case "t": inText = phonetic == 0
                case "rPh": phonetic += 1
                default: break
                }
            }
            func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { current += string } }
            func parser(
                _ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?
            ) {
                switch name {
                case "si": strings.append(current)
                case "t": inText = false
                case "rPh": phonetic -= 1
                default: break
                }
            }
        }
        let delegate = Delegate()
        _ = parse(data, delegate)
        return delegate.strings
    }
}

/// What the styles part says about reading a cell.
struct XLSXStyles {
    /// The cell formats (`s` of a cell) that show a number as a date.
    var dateFormats: Set<Int> = []
    var date1904 = false
}
