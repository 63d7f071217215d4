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

    public enum TextEncoding: String, Sendable { case utf8 = "UTF-8", gb18030 = "GB18030" }

    /// GB18030 as Foundation on Linux names it (CFStringEncoding 0x0632); it reads GBK and GB2312 too.
    static let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    /// Decodes the bytes (UTF-8 with or without BOM, else GB18030, what Excel and WPS save on
    /// Chinese Windows) and splits them into records.
    public static func parse(_ data: Data, file: String) -> Result<CSVText, Problem> {
        var bytes = data[...]
        let text: String
        let encoding: TextEncoding
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            bytes = bytes.dropFirst(3)
            guard let decoded = String(data: Data(bytes), encoding: .utf8) else {
                return .failure(Problem(file: file, message: "starts with a UTF-8 mark but is not UTF-8 — save it again as CSV UTF-8"))
            }
            (text, encoding) = (decoded, .utf8)
        } else if let decoded = String(data: Data(bytes), encoding: .utf8) {
            (text, encoding) = (decoded, .utf8)
        } else if let decoded = String(data: Data(bytes), encoding: gb18030) {
            (text, encoding) = (decoded, .gb18030)
        } else {
            return .failure(Problem(file: file, message: "is neither UTF-8 nor GB18030/GBK text — save it from Excel or WPS as CSV (UTF-8)"))
        }
        return split(text, file: file).map { CSVText(encoding: encoding, records: $0) }
    }

    /// RFC 4180: fields separated by commas, quoted with ", "" inside quotes; CRLF or LF.
    static func split(_ text: String, file: String) -> Result<[Record], Problem> {
        var records: [Record] = []
        var fields: [String] = [], field = ""
        var line = 1, recordLine = 1
        var quoted = false, wasQuoted = false
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let scalar = pending { pending = nil; return scalar }
            return iterator.next()
        }
        func endRecord() {
            fields.append(field)
            // A line with nothing on it is no record.
            if !(fields.count == 1 && fields[0].isEmpty && !wasQuoted) {
                records.append(Record(line: recordLine, fields: fields))
            }
            fields = []; field = ""; wasQuoted = false
        }
        while let scalar = next() {
            if quoted {
                if scalar == "\"" {
                    let after = next()
                    if after == "\"" { field.unicodeScalars.append("\"") } else { quoted = false; pending = after }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty && !wasQuoted:
                quoted = true; wasQuoted = true
            case ",":
                fields.append(field); field = ""; wasQuoted = false
            case "\r":
                let after = next()
                if after != "\n" { pending = after }
                endRecord(); line += 1; recordLine = line
            case "\n":
                endRecord(); line += 1; recordLine = line
            default:
                field.unicodeScalars.append(scalar)
            }
        }
        if quoted {
            return .failure(Problem(file: file, line: recordLine, message: "a quote (\") opened on this line is never closed — close it or remove it"))
        }
        if !field.isEmpty || !fields.isEmpty || wasQuoted { endRecord() }
        return .success(records)
    }
}

/// The columns of a CSV by field, from headers in Chinese or English, in any order.
struct CSVHeader {
    /// field -> column index
    private(set) var columns: [String: Int] = [:]
    private(set) var unknown: [String] = []

    /// `aliases`: field -> every header that names it (compared without case and spaces).
    init(_ headers: [String], aliases: [String: [String]]) {
        var lookup: [String: String] = [:]
        for (field, names) in aliases {
            for name in names + [field] { lookup[Self.normalized(name)] = field }
        }
        for (index, header) in headers.enumerated() {
            if let field = lookup[Self.normalized(header)], columns[field] == nil {
                columns[field] = index
            } else if !header.trimmingWhitespace().isEmpty {
                unknown.append(header)
            }
        }
    }

    /// The first record of `csv` as its header, refusing a file without one or without a `required`
    /// column; the columns panel does not read come back as warnings.
    static func read(_ csv: CSVText, file: String, aliases: [String: [String]], required: [String]) -> Result<(header: CSVHeader, warnings: [Problem]), Problems> {
        func name(_ field: String) -> String { aliases[field]?.first ?? field }
        guard let record = csv.records.first else {
            let names = required.map(name).joined(separator: ", ")
            return .failure(Problems([Problem(file: file, message: "is empty — the first line must name the columns (\(names))")]))
        }
        let header = CSVHeader(record.fields, aliases: aliases)
        let missing = required.filter { header.columns[$0] == nil }
        if !missing.isEmpty {
            let names = missing.map { "\(name($0)) (\($0))" }.joined(separator: ", ")
            return .failure(Problems([Problem(file: file, line: record.line, message: "missing column\(missing.count == 1 ? "" : "s") \(names) — add \(missing.count == 1 ? "it" : "them") to the first line")]))
        }
        let warnings = header.unknown.map {
            Problem(file: file, line: record.line, message: "column '\($0)' is not one panel reads; it is ignored")
        }
        return .success((header, warnings))
    }

    static func normalized(_ header: String) -> String {
        header.lowercased().filter { !$0.isWhitespace && $0 != "\u{FEFF}" }
    }

    /// The trimmed value of `field` in `record`, "" where the column or the cell is missing.
    func value(_ field: String, in record: CSVText.Record) -> String {
        guard let index = columns[field], index < record.fields.count else { return "" }
        return record.fields[index].trimmingWhitespace()
    }
}
