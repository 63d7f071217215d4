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
    let lines: TOMLLineIndex

    /// Parses `source`; a syntax error comes back as a problem with line and column.
    public static func parse(_ source: String, file: String) -> Result<TOMLDocument, Problem> {
        if let line = unquotedNonASCIITableName(source) {
            return .failure(Problem(file: file, line: line, message: "a table name that is not plain ASCII must be in quotes, like [\"评分\"]"))
        }
        do {
            let table = try TOMLTable(string: source)
            return .success(TOMLDocument(file: file, root: convert(table), lines: TOMLLineIndex(source)))
        } catch let error as TOMLParseError {
            return .failure(Problem(file: file, line: error.source.begin.line, column: error.source.begin.column,
                                    message: "TOML syntax error: \(error.description)"))
        } catch {
            return .failure(Problem(file: file, message: "cannot read as TOML: \(error)"))
        }
    }

    /// The first line whose table header starts with a non-ASCII character outside quotes
    /// (`[评分]`): toml++ (inside TOMLKit 0.6.0) aborts the process on it with a failed assertion
    /// instead of reporting an error. Found by scripts/fuzz.sh.
    static func unquotedNonASCIITableName(_ source: String) -> Int? {
        for (index, line) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = line.utf8.drop { $0 == 0x20 || $0 == 0x09 }
            guard rest.first == UInt8(ascii: "[") else { continue }
            rest = rest.dropFirst()
            if rest.first == UInt8(ascii: "[") { rest = rest.dropFirst() }
            if let first = rest.first(where: { $0 != 0x20 && $0 != 0x09 }), first >= 0x80 { return index + 1 }
        }
        return nil
    }

    /// The line of a table (`group[1].item[0]`) or key (`group[1].item[0].points`), when known.
    public func line(of path: String) -> Int? { lines.line(of: path) }

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
