/// Reads typed fields out of one TOML table, collecting a problem with a line for each field
/// that is missing, of the wrong type, or not a key the format knows.
struct TableReader {
    let document: TOMLDocument
    /// The table's path in the document, such as `group[0].item[2]`.
    let path: String
    /// How messages name the table, such as `item C3` or `[scoring]`.
    let label: String
    let table: [String: TOMLNode]
    let sink: ProblemSink

    init(document: TOMLDocument, path: String, label: String, table: [String: TOMLNode], sink: ProblemSink) {
        self.document = document
        self.path = path
        self.label = label
        self.table = table
        self.sink = sink
    }

    func keyPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The line of `key` in this table, else of the table's header.
    func line(of key: String? = nil) -> Int? {
        if let key, let line = document.line(of: keyPath(key)) { return line }
        return document.line(of: path)
    }

    func report(_ message: String, at key: String? = nil) {
        sink.add(Problem(file: document.file, line: line(of: key), subject: label, message: message))
    }

    /// Every key not in `allowed` is a problem; a near miss is named (`pionts` -> `points`).
    func rejectUnknownKeys(allowed: [String]) {
        for key in table.keys.sorted() where !allowed.contains(key) {
            var message = "unknown key '\(key)' in \(label)"
            if let near = allowed.min(by: { editDistance(key, $0) < editDistance(key, $1) }),
                editDistance(key, near) <= max(2, key.count / 3)
            {
                message += " — did you mean '\(near)'?"
            } else {
                message += " — the keys it takes are \(allowed.joined(separator: ", "))"
            }
            report(message, at: key)
        }
    }

    private func missing(_ key: String, _ what: String) -> Void {
        report("\(label) has no '\(key)' — add `\(key) = …` (\(what))")
    }

    private func wrongType(_ key: String, _ node: TOMLNode, expected: String) {
        report("'\(key)' in \(label) must be \(expected), not \(node.typeName)", at: key)
    }

    /// The value of `key` when `extract` accepts it; a problem when it is missing (and
    /// required: `what` says what to write) or of another type.
    private func typed<T>(_ key: String, required what: String?, expected: String, _ extract: (TOMLNode) -> T?) -> T? {
        guard let node = table[key] else {
            if let what { missing(key, what) }
            return nil
        }
        guard let value = extract(node) else { wrongType(key, node, expected: expected); return nil }
        return value
    }

    func has(_ key: String) -> Bool { table[key] != nil }

    func string(_ key: String, required what: String?) -> String? {
        let value = typed(key, required: what, expected: "a string") {
            if case .string(let text) = $0 { text } else { nil }
        }
        if let value, what != nil, value.trimmingWhitespace().isEmpty {
            report("'\(key)' in \(label) is empty", at: key)
            return nil
        }
        return value
    }

    func int(_ key: String, required what: String?) -> Int? {
        typed(key, required: what, expected: "a whole number") { if case .int(let number) = $0 { number } else { nil } }
    }

    func bool(_ key: String, required what: String?) -> Bool? {
        typed(key, required: what, expected: "true or false") { if case .bool(let flag) = $0 { flag } else { nil } }
    }

    /// A number with at most two decimal places, as exact hundredths.
    func points(_ key: String, required what: String?) -> Points? {
        guard let node = table[key] else {
            if let what { missing(key, what) }
            return nil
        }
        return points(from: node, key: key)
    }

    func points(from node: TOMLNode, key: String) -> Points? {
        let value: Points?
        switch node {
        case .int(let whole): value = Points(exactly: Double(whole))
        case .double(let number): value = Points(exactly: number)
        default: wrongType(key, node, expected: "a number"); return nil
        }
        guard let value else {
            report("'\(key)' in \(label) has more than two decimal places; scores are kept to the hundredth", at: key)
            return nil
        }
        return value
    }

    func array(_ key: String, required what: String?) -> [TOMLNode]? {
        typed(key, required: what, expected: "an array") { if case .array(let values) = $0 { values } else { nil } }
    }

    func subtable(_ key: String, label: String, required what: String?) -> TableReader? {
        guard let node = table[key] else {
            if let what {
                sink.add(
                    Problem(
                        file: document.file, line: nil, subject: nil,
                        message: "no \(label) table — add `[\(keyPath(key))]` (\(what))"))
            }
            return nil
        }
        guard case .table(let inner) = node else { wrongType(key, node, expected: "a table"); return nil }
        return TableReader(document: document, path: keyPath(key), label: label, table: inner, sink: sink)
    }

    /// The tables of an array of tables (`[[group]]`), each with its own reader.
    func tables(_ key: String, label: (Int, [String: TOMLNode]) -> String) -> [TableReader]? {
        guard let node = table[key] else { return nil }
        guard case .array(let elements) = node else { wrongType(key, node, expected: "an array of tables"); return nil }
        var readers: [TableReader] = []
        for (index, element) in elements.enumerated() {
            let elementPath = "\(keyPath(key))[\(index)]"
            guard case .table(let inner) = element else {
                report("element \(index + 1) of '\(key)' must be a table, not \(element.typeName)", at: key)
                continue
            }
            readers.append(
                TableReader(
                    document: document, path: elementPath, label: label(index, inner),
                    table: inner, sink: sink))
        }
        return readers
    }
}

/// Collects problems while a file is read, so that all of them are reported at once.
final class ProblemSink {
    private(set) var problems: [Problem] = []
    func add(_ problem: Problem) { problems.append(problem) }
    var isEmpty: Bool { problems.isEmpty }
}

/// Levenshtein distance, for "did you mean" on misspelled keys.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var row = [i] + Array(repeating: 0, count: b.count)
        for j in 1...b.count {
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = row
    }
    return previous[b.count]
}
