import Foundation
import TOMLKit

/// A TOML value as plain Swift data, so the rest of the code never touches toml++'s pointers.
public indirect enum TOMLNode: Equatable, Sendable {
    case table([String: TOMLNode])
    case array([TOMLNode])
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    /// Dates and times: valid TOML that no file of ours uses.
    case other(String)

    var typeName: String {
        switch self {
        case .table: "a table"
        case .array: "an array"
        case .string: "a string"
        case .int: "an integer"
        case .double: "a number"
        case .bool: "a boolean"
        case .other(let name): name
        }
    }
}

/// A parsed TOML file: its values, and the line where each table and key stands.
public struct TOMLDocument: Sendable {
    public let file: String
    public let root: [String: TOMLNode]
    /// Which line each table and key is on: needed only to point at a problem, so built then.
    let lines: LazyLineIndex

    /// Parses `source`; a syntax error comes back as a problem with line and column.
    public static func parse(_ source: String, file: String) -> Result<TOMLDocument, Problem> {
        if let line = unreadableTableHeader(source) {
            return .failure(
                Problem(
                    file: file, line: line,
                    message:
                        """
                        a table header must start with its name on the same line, and a name that is not plain\
                         ASCII must be in quotes, like [\"评分\"]
                        """
                ))
        }
        do {
            let table = try TOMLTable(string: source)
            return .success(TOMLDocument(file: file, root: convert(table), lines: LazyLineIndex(source)))
        } catch let error as TOMLParseError {
            return .failure(
                Problem(
                    file: file, line: error.source.begin.line, column: error.source.begin.column,
                    message: "TOML syntax error: \(error.description)"))
        } catch {
            return .failure(Problem(file: file, message: "cannot read as TOML: \(error)"))
        }
    }

    /// The first line whose table header does not start with a key (`[评分]`, `[` then a line
    /// break): toml++ (inside TOMLKit 0.6.0) aborts the process on those with a failed assertion
    /// instead of reporting an error. Found by scripts/fuzz.sh. Lines inside multi-line strings
    /// and arrays are not headers, so a light scan keeps track of both.
    static func unreadableTableHeader(_ source: String) -> Int? {
        var multiline: [UInt8]? = nil  // the closing delimiter while inside a multi-line string
        var depth = 0  // open brackets of array values
        for (index, line) in source.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            let bytes = Array(line)
            var at = 0
            func starts(_ text: [UInt8]) -> Bool { bytes[at...].starts(with: text) }
            if multiline == nil, depth == 0 {
                while at < bytes.count, bytes[at] == 0x20 || bytes[at] == 0x09 { at += 1 }
                if at < bytes.count, bytes[at] == UInt8(ascii: "[") {
                    at += starts(Array("[[".utf8)) ? 2 : 1
                    while at < bytes.count, bytes[at] == 0x20 || bytes[at] == 0x09 { at += 1 }
                    guard at < bytes.count, isKeyStart(bytes[at]) else { return index + 1 }
                    continue
                }
            }
            while at < bytes.count {
                if let closing = multiline {
                    if starts(closing) { multiline = nil; at += 3 } else { at += 1 }
                    continue
                }
                switch bytes[at] {
                case UInt8(ascii: "#"): at = bytes.count
                case UInt8(ascii: "\""), UInt8(ascii: "'"):
                    let quote = bytes[at]
                    if starts([quote, quote, quote]) { multiline = [quote, quote, quote]; at += 3; continue }
                    at += 1
                    while at < bytes.count, bytes[at] != quote {
                        at += (quote == UInt8(ascii: "\"") && bytes[at] == UInt8(ascii: "\\")) ? 2 : 1
                    }
                    at += 1
                case UInt8(ascii: "["): depth += 1; at += 1
                case UInt8(ascii: "]"): depth = max(0, depth - 1); at += 1
                default: at += 1
                }
            }
        }
        return nil
    }

    /// A bare key's characters, or a quote: what toml++ expects after `[` in a header.
    static func isKeyStart(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "\""), UInt8(ascii: "'"):
            true
        default: false
        }
    }

    /// The line of a table (`group[1].item[0]`) or key (`group[1].item[0].points`), when known.
    public func line(of path: String) -> Int? { lines.index.line(of: path) }

    private static func convert(_ table: TOMLTable) -> [String: TOMLNode] {
        var out: [String: TOMLNode] = [:]
        for key in table.keys {
            if let value = table[key] { out[key] = convert(value) }
        }
        return out
    }

    private static func convert(_ value: TOMLValueConvertible) -> TOMLNode {
        switch value.type {
        case .table: return .table(value.table.map(convert) ?? [:])
        case .array: return .array(value.array.map { $0.map(convert) } ?? [])
        case .string: return .string(value.string ?? "")
        case .int: return .int(value.int ?? 0)
        case .double: return .double(value.double ?? .nan)
        case .bool: return .bool(value.bool ?? false)
        case .date: return .other("a date")
        case .time: return .other("a time")
        case .dateTime: return .other("a date-time")
        }
    }
}

/// A TOMLLineIndex built the first time a line is asked for: loading a valid round asks for none,
/// and building the index was a seventh of a short command's instructions.
final class LazyLineIndex: @unchecked Sendable {
    private let lock = NSLock()
    private let source: String
    private var built: TOMLLineIndex?

    init(_ source: String) { self.source = source }

    var index: TOMLLineIndex {
        lock.withLock {
            if let built { return built }
            let index = TOMLLineIndex(source)
            built = index
            return index
        }
    }
}
