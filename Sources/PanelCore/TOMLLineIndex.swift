/// Where each table header and key of a TOML file stands, by path.
///
/// toml++ reports positions only for syntax errors, yet a reviewer wants `region.toml:42:` for
/// a wrong maximum too. This scanner follows the file line by line, the way the TOML grammar
/// nests tables: `[[group]]` opens `group[0]`, a following `[[group.item]]` opens
/// `group[0].item[0]`, and `points = 5` under it is `group[0].item[0].points`.
struct TOMLLineIndex: Sendable {
    private var lineOfPath: [String: Int] = [:]

    func line(of path: String) -> Int? { lineOfPath[path] }

    init(_ source: String) {
        var arrayCounts: [String: Int] = [:]  // resolved array-of-tables path -> elements so far
        var current = ""  // resolved path of the open table
        var scanner = LineScanner()
        for (offset, rawLine) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = offset + 1
            let startedInside = scanner.isInsideValue
            let code = scanner.consume(rawLine)
            guard !startedInside else { continue }
            let trimmed = code.trimmingWhitespace()
            if trimmed.hasPrefix("[[") {
                let keys = Self.keyPath(trimmed.dropFirst(2).prefix { $0 != "]" })
                let parent = Self.resolve(keys.dropLast(), arrayCounts: arrayCounts)
                let arrayPath = Self.join(parent, keys.last ?? "")
                let index = arrayCounts[arrayPath, default: 0]
                arrayCounts[arrayPath] = index + 1
                current = "\(arrayPath)[\(index)]"
                lineOfPath[current] = lineNumber
            } else if trimmed.hasPrefix("[") {
                current = Self.resolve(
                    Self.keyPath(trimmed.dropFirst().prefix { $0 != "]" })[...],
                    arrayCounts: arrayCounts)
                lineOfPath[current] = lineOfPath[current] ?? lineNumber
            } else if let equals = trimmed.firstIndex(of: "="), !trimmed.isEmpty {
                let keys = Self.keyPath(trimmed[..<equals])
                var path = current
                for key in keys {
                    path = Self.join(path, key)
                    lineOfPath[path] = lineOfPath[path] ?? lineNumber
                }
            }
        }
    }

    /// `a."b c".d` -> ["a", "b c", "d"]
    private static func keyPath(_ text: Substring) -> [String] {
        var keys: [String] = [], key = "", quote: Character? = nil
        for char in text {
            if let open = quote {
                if char == open { quote = nil } else { key.append(char) }
            } else if char == "\"" || char == "'" {
                quote = char
            } else if char == "." {
                keys.append(key.trimmingWhitespace()); key = ""
            } else {
                key.append(char)
            }
        }
        keys.append(key.trimmingWhitespace())
        return keys
    }

    /// A header's keys name the *last* element of every array of tables they pass through.
    private static func resolve(_ keys: ArraySlice<String>, arrayCounts: [String: Int]) -> String {
        var path = ""
        for key in keys {
            path = join(path, key)
            if let count = arrayCounts[path] { path += "[\(count - 1)]" }
        }
        return path
    }

    private static func join(_ base: String, _ key: String) -> String { base.isEmpty ? key : "\(base).\(key)" }
}

/// Strips strings and comments from each line and says whether a value (a multi-line string,
/// array or inline table) goes on past the end of the line.
private struct LineScanner {
    private var depth = 0  // open [ and { of a value
    private var multilineQuote: String?  // """ or ''' still open

    var isInsideValue: Bool { depth > 0 || multilineQuote != nil }

    /// The line's code with string contents and comments removed.
    mutating func consume(_ line: Substring) -> String {
        var code = ""
        var rest = line[...]
        while let char = rest.first {
            if let quote = multilineQuote {
                if rest.hasPrefix(quote) {
                    multilineQuote = nil; rest = rest.dropFirst(3); code += "\"\""
                } else {
                    rest = rest.dropFirst(char == "\\" && quote == "\"\"\"" ? 2 : 1)
                }
                continue
            }
            if rest.hasPrefix("\"\"\"") || rest.hasPrefix("'''") {
                multilineQuote = String(rest.prefix(3)); rest = rest.dropFirst(3); continue
            }
            switch char {
            case "#":
                return code
            case "\"", "'":
                // A one-line string: keep it (a quoted key needs it), skip what is inside.
                code.append(char)
                rest = rest.dropFirst()
                while let inner = rest.first, inner != char {
                    if inner == "\\" && char == "\"" { rest = rest.dropFirst() }
                    code.append(inner == "=" || inner == "[" || inner == "]" ? "_" : inner)
                    rest = rest.dropFirst()
                }
                if !rest.isEmpty { code.append(char); rest = rest.dropFirst() }
                continue
            case "[", "{":
                // A header's [ at the start of a line is not a value.
                if depth > 0 || code.contains("=") { depth += 1 }
            case "]", "}":
                if depth > 0 { depth -= 1 }
            default:
                break
            }
            code.append(char)
            rest = rest.dropFirst()
        }
        return code
    }
}

extension StringProtocol {
    /// Called for every CSV cell: scalars, not Characters (grapheme breaking was a sixth of an
    /// import), and nothing copied when there is nothing to trim.
    func trimmingWhitespace() -> String {
        let text = String(self)
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isSpace }) else { return "" }
        let last = scalars.lastIndex { !$0.isSpace }!
        if first == scalars.startIndex && last == scalars.index(before: scalars.endIndex) { return text }
        return String(scalars[first...last])
    }
}

extension Unicode.Scalar {
    /// Unicode's White_Space, spelled out: asking the property tables for every cell is slow.
    var isSpace: Bool {
        switch value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }
}
