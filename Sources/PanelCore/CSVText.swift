import Foundation

/// A CSV file as records that remember their line, so that every import error can say
/// `FILE:LINE:`. (CSV.swift, which writes our exports, does not say where a record starts.)
public struct CSVText: Sendable {
    public struct Record: Sendable {
        /// The line the record starts on (a quoted field may run over several lines).
        public var line: Int
        public var fields: [String]
    }

    public var encoding: TextEncoding
    public var records: [Record]
    /// The sheet the records come from, when the file was a workbook.
    public var sheet: String?

    public enum TextEncoding: String, Sendable { case utf8 = "UTF-8", gb18030 = "GB18030", xlsx = "XLSX", xls = "XLS" }

    /// How problems name the file: `浙江.xlsx[汇总表]` for a workbook's sheet, the path otherwise.
    public func label(_ file: String) -> String { sheet.map { "\(file)[\($0)]" } ?? file }

    /// GB18030 as Foundation on Linux names it (CFStringEncoding 0x0632); it reads GBK and GB2312 too.
    static let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    /// Decodes the bytes (UTF-8 with or without BOM, else GB18030, what Excel and WPS save on
    /// Chinese Windows) and splits them into records.
    /// - Parameters:
    ///   - sheet: for a workbook, the sheet to read (default: the first that holds the table).
    ///   - headerNames: the column names the reader knows, normalized: a workbook's header row is
    ///     the first with two of them (without any, the first row of two cells or more).
    public static func parse(_ data: Data, file: String, sheet: String? = nil, headerNames: Set<String> = [])
        -> Result<CSVText, Problem>
    {
        if let format = Workbook.format(of: data) {
            return fromWorkbook(data, format: format, file: file, sheet: sheet, headerNames: headerNames)
        }
        let source: CSVSource
        switch CSVSource.decode(data, file: file) {
        case .success(let decoded): source = decoded
        case .failure(let problem): return .failure(problem)
        }
        var records: [Record] = []
        return source.forEachRecord(file: file) { records.append($0) }.map {
            CSVText(encoding: source.encoding, records: records)
        }
    }

    /// Several files of one import, each with the label its problems name it by (`浙江.xlsx[汇总表]`).
    /// Throws every file's problem at once (`Problems`), or the one file's `Problem`.
    public static func parse(_ files: [(data: Data, file: String)], sheet: String?, headerNames: Set<String>) throws
        -> [(csv: CSVText, file: String)]
    {
        var tables: [(csv: CSVText, file: String)] = []
        var unreadable: [Problem] = []
        for (data, file) in files {
            switch parse(data, file: file, sheet: sheet, headerNames: headerNames) {
            case .success(let csv): tables.append((csv, csv.label(file)))
            case .failure(let problem): unreadable.append(problem)
            }
        }
        if unreadable.count == 1 && files.count == 1 { throw unreadable[0] }
        guard unreadable.isEmpty else { throw Problems(unreadable) }
        return tables
    }

    /// A workbook's table (see `WorkbookTable`) as records, each keeping its row number so that a
    /// problem names the row.
    static func fromWorkbook(
        _ data: Data, format: Workbook.Format, file: String, sheet: String?, headerNames: Set<String>
    ) -> Result<CSVText, Problem> {
        var records: [Record] = []
        return WorkbookTable.read(data, file: file, sheet: sheet, headerNames: headerNames) { row in
            records.append(Record(line: row.number, fields: row.fields))
        }.map { table in
            CSVText(encoding: format == .xls ? .xls : .xlsx, records: records, sheet: table.sheet)
        }
    }
}

extension Workbook.Row {
    /// The cells from column A to the last with a value, empty where a cell is.
    var fields: [String] { (0..<((cells.keys.max() ?? -1) + 1)).map { cells[$0] ?? "" } }
}

extension CSVSource {
    /// A table to stream (the scores): a CSV file, or a workbook's sheet written out as CSV whose
    /// line N is the sheet's row N, so that a problem names the row; returned with the label a
    /// problem names the file by (`评分.xlsx[评分]`). A line break inside a cell becomes a space.
    public static func decodeTable(
        _ data: Data, file: String, sheet: String? = nil, headerNames: Set<String> = [],
        progress: ImportProgressSink? = nil
    ) -> Result<(source: CSVSource, label: String), Problem> {
        guard let format = Workbook.format(of: data) else { return decode(data, file: file).map { ($0, file) } }
        var text = Data(), line = 1
        let read = WorkbookTable.read(data, file: file, sheet: sheet, headerNames: headerNames, progress: progress) {
            row in
            // Lines with nothing on them are no records: they keep the rows' numbers.
            if row.number > line {
                text.append(contentsOf: repeatElement(UInt8(ascii: "\n"), count: row.number - line))
                line = row.number
            }
            text.append(contentsOf: row.fields.map(quoted).joined(separator: ",").utf8)
            text.append(UInt8(ascii: "\n"))
            line += 1
        }
        return read.map { table in
            (CSVSource(encoding: format == .xls ? .xls : .xlsx, utf8: text), table.label)
        }
    }

    private static func quoted(_ field: String) -> String {
        // Nearly every field (an id, a score) has none of these: a look at its bytes, no copies.
        guard field.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D || $0 == 0x2C || $0 == 0x22 }) else {
            return field
        }
        let flat = field.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")
            .replacingOccurrences(of: "\r", with: " ")
        guard flat.contains(where: { $0 == "," || $0 == "\"" }) else { return flat }
        return "\"" + flat.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// A CSV file's text as UTF-8 bytes, read record by record: a scores file of ten million rows is
/// never held as records or as one String.
public struct CSVSource: Sendable {
    public var encoding: CSVText.TextEncoding
    /// UTF-8, without a byte order mark.
    let utf8: Data

    /// The whole text (for a text file of a dossier: CSV's records do not apply).
    public var text: String { String(decoding: utf8, as: UTF8.self) }

    /// UTF-8 (with or without BOM) is used as it is; anything else is tried as GB18030. Refused,
    /// with the line: NUL bytes (UTF-16 text), a byte order mark inside the file (two files
    /// joined), and lines of UTF-8 mixed with lines of GBK.
    public static func decode(_ data: Data, file: String) -> Result<CSVSource, Problem> {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        var source: CSVSource
        if data.starts(with: bom) {
            let rest = data.dropFirst(3)
            guard rest.withUnsafeBytes({ isUTF8($0) }) else {
                return .failure(
                    Problem(
                        file: file,
                        message: """
                            starts with a UTF-8 mark but is not UTF-8 — save it again as CSV UTF-8
                            """))
            }
            source = CSVSource(encoding: .utf8, utf8: Data(rest))
        } else if data.withUnsafeBytes({ isUTF8($0) }) {
            source = CSVSource(encoding: .utf8, utf8: data)
        } else if let cut = (1...3).first(where: { data.count > $0 && data.dropLast($0).withUnsafeBytes { isUTF8($0) } }
        ) {
            let whole = CSVSource(encoding: .utf8, utf8: data.dropLast(cut))
            return .failure(
                Problem(
                    file: file, line: whole.line(at: whole.utf8.endIndex),
                    message: "the file ends in the middle of a character: it was cut off — copy or save it again"))
        } else if let mixed = mixedLines(data) {
            return .failure(
                Problem(
                    file: file, line: mixed.notUTF8,
                    message:
                        """
                        this line is not UTF-8, but line \(mixed.utf8) is UTF-8 Chinese: the file mixes two\
                         encodings — save it again from one program as CSV UTF-8
                        """
                ))
        } else if let decoded = String(data: data, encoding: CSVText.gb18030) {
            source = CSVSource(encoding: .gb18030, utf8: Data(decoded.utf8))
        } else {
            return .failure(
                Problem(
                    file: file,
                    message:
                        """
                        is neither UTF-8 nor GB18030/GBK text (UTF-16 \"Unicode text\"?) — save it from Excel or\
                         WPS as CSV UTF-8
                        """
                ))
        }
        if let nul = source.utf8.firstIndex(of: 0) {
            return .failure(
                Problem(
                    file: file, line: source.line(at: nul),
                    message:
                        """
                        contains a NUL byte — is it UTF-16 (\"Unicode text\")? Save it from Excel or WPS as CSV\
                         UTF-8
                        """)
            )
        }
        if let inner = source.utf8.firstRange(of: bom) {
            return .failure(
                Problem(
                    file: file, line: source.line(at: inner.lowerBound),
                    message:
                        """
                        a byte order mark (U+FEFF) inside the file — were two files joined? Remove it, or save\
                         the file again as CSV UTF-8
                        """
                ))
        }
        source.acceptChineseCommas()
        return .success(source)
    }

    /// How many lines the text has (a last line without a line break counts).
    public var lineCount: Int {
        utf8.withUnsafeBytes { raw in
            var count = 0
            for byte in raw where byte == 0x0A { count += 1 }
            return count + (raw.last.map { $0 == 0x0A ? 0 : 1 } ?? 0)
        }
    }

    /// The line a byte offset is on.
    func line(at offset: Data.Index) -> Int {
        utf8[utf8.startIndex..<offset].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
    }

    /// A file some of whose lines are UTF-8 with Chinese in them while others are not UTF-8:
    /// decoding it all as GBK would turn the UTF-8 lines into nonsense without a word.
    static func mixedLines(_ data: Data) -> (utf8: Int, notUTF8: Int)? {
        var utf8Line: Int?, otherLine: Int?
        for (index, line) in data.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            if line.withUnsafeBytes({ isUTF8($0) }) {
                if utf8Line == nil, line.contains(where: { $0 >= 0x80 }) { utf8Line = index + 1 }
            } else if otherLine == nil {
                otherLine = index + 1
            }
            if let utf8Line, let otherLine { return (utf8Line, otherLine) }
        }
        return nil
    }

    /// A file typed with a Chinese input method may separate its fields with "，": when its first
    /// line has no "," but has "，", each "，" outside quotes is read as a comma.
    mutating func acceptChineseCommas() {
        let fullWidth: [UInt8] = [0xEF, 0xBC, 0x8C]
        let firstLine = utf8.prefix { $0 != 0x0A }
        guard !firstLine.contains(UInt8(ascii: ",")), firstLine.firstRange(of: fullWidth) != nil else { return }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var index = utf8.startIndex
        var quoted = false
        while index < utf8.endIndex {
            if utf8[index] == UInt8(ascii: "\"") { quoted.toggle() }
            if !quoted, utf8[index] == 0xEF, utf8[index...].starts(with: fullWidth) {
                bytes.append(UInt8(ascii: ","))
                index += 3
            } else {
                bytes.append(utf8[index])
                index += 1
            }
        }
        self = CSVSource(encoding: encoding, utf8: Data(bytes))
    }

    /// Well-formed UTF-8 (no overlong forms, surrogates or values past U+10FFFF), checked without
    /// decoding: decoding would replace what is not UTF-8 instead of saying so.
    static func isUTF8<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool {
        var iterator = bytes.makeIterator()
        func continuation(_ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool {
            guard let byte = iterator.next() else { return false }
            return range.contains(byte)
        }
        while let lead = iterator.next() {
            switch lead {
            case 0x00...0x7F: continue
            case 0xC2...0xDF: guard continuation() else { return false }
            case 0xE0: guard continuation(0xA0...0xBF), continuation() else { return false }
            case 0xED: guard continuation(0x80...0x9F), continuation() else { return false }
            case 0xE1...0xEF: guard continuation(), continuation() else { return false }
            case 0xF0: guard continuation(0x90...0xBF), continuation(), continuation() else { return false }
            case 0xF1...0xF3: guard continuation(), continuation(), continuation() else { return false }
            case 0xF4: guard continuation(0x80...0x8F), continuation(), continuation() else { return false }
            default: return false
            }
        }
        return true
    }

    /// RFC 4180: fields separated by commas, quoted with ", "" inside quotes; CRLF, LF or CR. A
    /// quote opens a quoted part only at the start of a field. Each record is handed to `body`
    /// as it is read (its fields array is reused for the next one unless `body` keeps it).
    public func forEachRecord(file: String, _ body: (CSVText.Record) throws -> Void) rethrows -> Result<Void, Problem> {
        try utf8.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Result<Void, Problem> in
            let bytes = raw.bindMemory(to: UInt8.self)
            let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
            var record = CSVText.Record(line: 1, fields: [])
            var field: [UInt8] = []
            var line = 1
            var quoted = false, wasQuoted = false
            var index = 0
            func endField() {
                record.fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                wasQuoted = false
            }
            func endRecord() throws {
                let blank = record.fields.isEmpty && field.isEmpty && !wasQuoted
                endField()
                // A line with nothing on it is no record.
                if !blank { try body(record) }
                record.fields.removeAll(keepingCapacity: true)
            }
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                if quoted {
                    if byte == quote {
                        if index < bytes.count, bytes[index] == quote {
                            field.append(quote); index += 1
                        } else {
                            quoted = false
                        }
                    } else {
                        if byte == lf { line += 1 }
                        field.append(byte)
                    }
                    continue
                }
                switch byte {
                case quote where field.isEmpty && !wasQuoted:
                    quoted = true; wasQuoted = true
                case comma:
                    endField()
                case cr, lf:
                    if byte == cr, index < bytes.count, bytes[index] == lf { index += 1 }
                    try endRecord()
                    line += 1
                    record.line = line
                default:
                    field.append(byte)
                }
            }
            if quoted {
                return .failure(
                    Problem(
                        file: file, line: record.line,
                        message: "a quote (\") opened on this line is never closed — close it or remove it"))
            }
            if !field.isEmpty || !record.fields.isEmpty || wasQuoted { try endRecord() }
            return .success(())
        }
    }
}

/// The columns of a CSV by field, from headers in Chinese or English, in any order.
struct CSVHeader {
    /// field -> column index
    private(set) var columns: [String: Int] = [:]
    /// Headers panel does not read, with their column.
    private(set) var unknown: [(name: String, index: Int)] = []
    /// How many columns the header names.
    private(set) var width = 0
    /// How many columns panel does not read it keeps (as a nomination's facts).
    static let maximumKept = 64

    /// `aliases`: field -> every header that names it (compared without case and spaces).
    init(_ headers: [String], aliases: [String: [String]]) {
        var lookup: [String: String] = [:]
        for (field, names) in aliases {
            for name in names + [field] { lookup[Self.normalized(name)] = field }
        }
        width = headers.count
        for (index, header) in headers.enumerated() {
            if let field = lookup[Self.normalized(header)], columns[field] == nil {
                columns[field] = index
            } else if !header.trimmingWhitespace().isEmpty {
                unknown.append((header.trimmingWhitespace(), index))
            }
        }
    }

    /// The first record of `csv` as its header, refusing a file without one or without a `required`
    /// column; the columns panel does not read come back as warnings.
    /// `keepsUnknown`: the caller keeps the other columns (a nomination's facts): no warning.
    static func read(
        _ csv: CSVText, file: String, aliases: [String: [String]], required: [String], keepsUnknown: Bool = false
    ) -> Result<(header: CSVHeader, warnings: [Problem]), Problems> {
        read(csv.records.first, file: file, aliases: aliases, required: required, keepsUnknown: keepsUnknown)
    }

    static func read(
        _ first: CSVText.Record?, file: String, aliases: [String: [String]], required: [String],
        keepsUnknown: Bool = false
    ) -> Result<(header: CSVHeader, warnings: [Problem]), Problems> {
        func name(_ field: String) -> String { aliases[field]?.first ?? field }
        guard let record = first else {
            let names = required.map(name).joined(separator: ", ")
            return .failure(
                Problems([
                    Problem(
                        file: file,
                        message: """
                            is empty — the first line must name the columns (\(names))
                            """)
                ]))
        }
        let header = CSVHeader(record.fields, aliases: aliases)
        let missing = required.filter { header.columns[$0] == nil }
        if !missing.isEmpty {
            let names = missing.map { "\(name($0)) (\($0))" }.joined(separator: ", ")
            return .failure(
                Problems([
                    Problem(
                        file: file, line: record.line,
                        message:
                            "missing column\(missing.count == 1 ? "" : "s") \(names) — add \(missing.count == 1 ? "it" : "them") to the first line"
                    )
                ]))
        }
        if keepsUnknown {
            // Kept as facts, up to a sane number: a file of 100,000 columns keeps the first ones.
            guard header.unknown.count > Self.maximumKept else { return .success((header, [])) }
            var kept = header
            kept.unknown = Array(header.unknown.prefix(Self.maximumKept))
            return .success(
                (
                    kept,
                    [
                        Problem(
                            file: file, line: record.line,
                            message:
                                """
                                \(header.unknown.count - Self.maximumKept) more columns beyond the\
                                 \(Self.maximumKept) panel keeps are ignored
                                """
                        )
                    ]
                ))
        }
        var warnings = header.unknown.prefix(10).map {
            Problem(file: file, line: record.line, message: "column '\($0.name)' is not one panel reads; it is ignored")
        }
        if header.unknown.count > 10 {
            warnings.append(
                Problem(
                    file: file, line: record.line,
                    message: "and \(header.unknown.count - 10) more columns panel does not read"))
        }
        return .success((header, warnings))
    }

    static func normalized(_ header: String) -> String {
        header.lowercased().filter { !$0.isWhitespace && $0 != "\u{FEFF}" }
    }

    /// A row with values past the header's last column: a comma inside an unquoted value (a
    /// decimal comma, `4,5`), which would otherwise shift or lose what was meant. Empty cells
    /// there are fine (spreadsheets write trailing commas).
    func overflow(_ record: CSVText.Record) -> String? {
        guard record.fields.count > width, record.fields[width...].contains(where: { !$0.trimmingWhitespace().isEmpty })
        else { return nil }
        return
            """
            this row has \(record.fields.count) values but the first line names \(width) columns — a comma\
             inside a value? Put the value in quotes, or write decimals with a point (4.5)
            """
    }

    /// The columns panel does not read, with their values in `record` (empty cells left out).
    func others(in record: CSVText.Record) -> [Fact] {
        unknown.compactMap { column in
            guard column.index < record.fields.count else { return nil }
            let value = record.fields[column.index].trimmingWhitespace()
            return value.isEmpty ? nil : Fact(name: column.name, value: value)
        }
    }

    /// The trimmed value of `field` in `record`, "" where the column or the cell is missing.
    func value(_ field: String, in record: CSVText.Record) -> String {
        guard let index = columns[field], index < record.fields.count else { return "" }
        return record.fields[index].trimmingWhitespace()
    }
}
