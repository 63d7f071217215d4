import Foundation
import ZIPFoundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// An Excel workbook (.xlsx) as the provinces send it: the sheets' cells as text, the way a person
/// sees them. Read in memory through ZIPFoundation and Foundation's streaming XMLParser (no
/// external entities, no DTD); only cached values are read, never a formula evaluated.
public struct XLSXWorkbook: Sendable {
    public struct Sheet: Sendable {
        public var name: String
        /// Row number (from 1) → the cells of that row by column (from 0), empty cells left out.
        public var rows: [(number: Int, cells: [Int: String])]
    }

    public var sheets: [Sheet]

    /// The zip's first bytes: what tells a workbook from a CSV, whatever the file is called.
    public static func isWorkbook(_ data: Data) -> Bool { data.starts(with: [0x50, 0x4B, 0x03, 0x04]) }

    /// A part of the archive is refused past this size uncompressed, and the whole past four
    /// times it: a zip bomb of a few kilobytes must not take the server's memory.
    public static let partLimit = 256 << 20

    public static func read(_ data: Data, file: String) -> Result<XLSXWorkbook, Problem> {
        do {
            var parts = try XLSXParts(data, file: file)
            return .success(try parts.workbook())
        } catch let problem as Problem {
            return .failure(problem)
        } catch {
            return .failure(
                Problem(file: file, message: "is not a workbook panel can read (\(error)) — save it again as .xlsx"))
        }
    }
}

/// The parts of the archive, read one by one within the limits.
struct XLSXParts {
    let archive: Archive
    let file: String
    var total = 0

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
    }

    mutating func part(_ path: String) throws -> Data? {
        guard let entry = archive[path] else { return nil }
        var out = Data()
        let limit = XLSXWorkbook.partLimit
        var used = total
        let checksum = try archive.extract(entry, skipCRC32: false) { chunk in
            out.append(chunk)
            used += chunk.count
            if out.count > limit || used > 4 * limit {
                throw Problem(
                    file: file, message: "\(path) unpacks to more than \(limit >> 20) MB — not a summary table; refused"
                )
            }
        }
        total = used
        guard checksum == entry.checksum else {
            throw Problem(file: file, message: "is damaged (\(path) fails its checksum) — save the workbook again")
        }
        // Foundation's XMLParser traps on an element name that is not UTF-8 (the fuzzer found
        // one): a part that is not UTF-8 throughout is refused before it is parsed.
        guard String(validating: out, as: UTF8.self) != nil else {
            throw Problem(file: file, message: "is damaged (\(path) is not UTF-8 text) — save the workbook again")
        }
        return out
    }

    mutating func workbook() throws -> XLSXWorkbook {
        guard let book = try part("xl/workbook.xml") else {
            if archive["EncryptedPackage"] != nil {
                throw Problem(file: file, message: "is password-protected — save it without a password")
            }
            throw Problem(file: file, message: "is a zip archive but not an Excel workbook (no xl/workbook.xml)")
        }
        let sheets = XMLCollector.sheets(book)
        let relations = XMLCollector.relations(try part("xl/_rels/workbook.xml.rels") ?? Data())
        let strings = XMLCollector.sharedStrings(try part("xl/sharedStrings.xml") ?? Data())
        var read: [XLSXWorkbook.Sheet] = []
        for sheet in sheets {
            guard let target = relations[sheet.relation] else { continue }
            let path = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
            guard let xml = try part(path) else { continue }
            let label = "\(file)[\(sheet.name)]"
            read.append(
                XLSXWorkbook.Sheet(name: sheet.name, rows: try XMLCollector.cells(xml, strings: strings, label: label)))
        }
        return XLSXWorkbook(sheets: read)
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

    static func sheets(_ data: Data) -> [(name: String, relation: String)] {
        final class Delegate: NSObject, XMLParserDelegate {
            var sheets: [(String, String)] = []
            func parser(
                _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String]
            ) {
                if name == "sheet", let title = attributes["name"], let id = attributes["r:id"] {
                    sheets.append((title, id))
                }
            }
        }
        let delegate = Delegate()
        _ = parse(data, delegate)
        return delegate.sheets.map { (name: $0.0, relation: $0.1) }
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

    /// The cells of a worksheet as text.
    static func cells(_ data: Data, strings: [String], label: String) throws -> [(number: Int, cells: [Int: String])] {
        final class Delegate: NSObject, XMLParserDelegate {
            let strings: [String], label: String
            var rows: [(number: Int, cells: [Int: String])] = []
            var row: [Int: String] = [:], rowNumber = 0
            var reference = "", type = "", value = "", formula = false, collecting = false
            var problem: Problem?
            init(strings: [String], label: String) {
                self.strings = strings
                self.label = label
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
                    value = ""
                    formula = false
                case "v", "t": collecting = true
                case "f": formula = true
                default: break
                }
            }
            func parser(_ parser: XMLParser, foundCharacters string: String) { if collecting { value += string } }
            func parser(
                _ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?
            ) {
                switch name {
                case "v", "t": collecting = false
                case "c":
                    guard problem == nil else { return }
                    let column = XLSXReference.column(reference) ?? row.count
                    switch type {
                    case "s":
                        guard let index = Int(value), strings.indices.contains(index) else {
                            problem = Problem(
                                file: label, subject: "cell \(reference)", message: "refers to no shared string")
                            parser.abortParsing()
                            return
                        }
                        row[column] = strings[index]
                    case "b": row[column] = value == "1" ? "TRUE" : "FALSE"
                    case "e":
                        problem = Problem(
                            file: label, subject: "cell \(reference)",
                            message: "holds the error \(value) — correct it in Excel")
                        parser.abortParsing()
                    case "n" where !value.isEmpty: row[column] = XLSXNumber.text(value)
                    default:
                        if formula && value.isEmpty {
                            problem = Problem(
                                file: label, subject: "cell \(reference)",
                                message:
                                    "has a formula without a saved value — open it in Excel or WPS and save it again")
                            parser.abortParsing()
                        } else if !value.isEmpty {
                            row[column] = value
                        }
                    }
                case "row":
                    if !row.isEmpty { rows.append((rowNumber, row)) }
                default: break
                }
            }
        }
        let delegate = Delegate(strings: strings, label: label)
        let parsed = parse(data, delegate)
        if let problem = delegate.problem { throw problem }
        if !parsed { throw Problem(file: label, message: "is not well-formed XML — save the workbook again") }
        return delegate.rows
    }
}

/// `C12` → column 2; nil for anything else.
enum XLSXReference {
    static func column(_ reference: String) -> Int? {
        var column = 0, letters = 0
        for scalar in reference.unicodeScalars {
            guard (65...90).contains(scalar.value) else { break }
            column = column * 26 + Int(scalar.value - 64)
            letters += 1
        }
        return letters == 0 || letters > 3 ? nil : column - 1
    }

    /// Column 2 → `C`.
    static func name(_ column: Int) -> String {
        var column = column + 1, name = ""
        while column > 0 {
            let digit = (column - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + digit))) + name
            column = (column - 1) / 26
        }
        return name
    }
}

/// A number as a person typed it: a phone number or an id stored as a number comes back
/// `13900001100`, never `1.39E+10` or `13900001100.0`.
enum XLSXNumber {
    static func text(_ stored: String) -> String {
        guard let value = Double(stored), value.isFinite else { return stored }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        if let decimal = Decimal(string: stored) { return "\(decimal)" }
        return stored
    }
}

/// Every place the zip's directory points to lies inside the file, checked before ZIPFoundation
/// reads it: its in-memory reader traps on an offset past the end (the fuzzer found one in 11
/// runs), and a workbook from outside must be refused, never crash the import.
enum ZipLayout {
    static func problem(_ data: Data) -> String? {
        let bytes = [UInt8](data)
        func u16(_ at: Int) -> Int? {
            at >= 0 && at + 2 <= bytes.count ? Int(bytes[at]) | Int(bytes[at + 1]) << 8 : nil
        }
        func u32(_ at: Int) -> Int? {
            guard at >= 0, at + 4 <= bytes.count else { return nil }
            return Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24
        }
        // The end-of-central-directory record: in the last 22 bytes plus a comment of up to 64 KB.
        let earliest = max(0, bytes.count - 22 - 0xFFFF)
        guard bytes.count >= 22,
            let end = stride(from: bytes.count - 22, through: earliest, by: -1).first(where: { u32($0) == 0x0605_4B50 })
        else { return "is cut off (the zip's directory is missing)" }
        guard let entries = u16(end + 10), let size = u32(end + 12), let start = u32(end + 16) else {
            return "is cut off"
        }
        if entries == 0xFFFF || size == 0xFFFF_FFFF || start == 0xFFFF_FFFF {
            return "is a ZIP64 archive, which no summary table needs"
        }
        guard start + size <= end else { return "is damaged (its zip directory points past the end)" }
        var at = start
        for _ in 0..<entries {
            guard u32(at) == 0x0201_4B50, let flags = u16(at + 8), let method = u16(at + 10),
                let compressed = u32(at + 20), let uncompressed = u32(at + 24), let name = u16(at + 28),
                let extra = u16(at + 30), let comment = u16(at + 32), let local = u32(at + 42)
            else { return "is damaged (an entry of its zip directory is broken)" }
            if [compressed, uncompressed, local].contains(0xFFFF_FFFF) {
                return "is a ZIP64 archive, which no summary table needs"
            }
            // What ZIPFoundation reads of the entry: its local header, its data and, when the
            // flags say so, the data descriptor after it.
            let stored = method == 0 ? uncompressed : compressed
            let descriptor = flags & 0x08 != 0 ? 16 : 0
            guard u32(local) == 0x0403_4B50, let localName = u16(local + 26), let localExtra = u16(local + 28),
                local + 30 + localName + localExtra + max(stored, compressed) + descriptor <= bytes.count
            else { return "is damaged (a part of the workbook lies past the end of the file)" }
            at += 46 + name + extra + comment
            guard at <= end else { return "is damaged (its zip directory runs past its end)" }
        }
        return nil
    }
}
