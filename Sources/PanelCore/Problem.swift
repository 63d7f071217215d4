/// One thing wrong with an input file, told where it is and what to do about it.
///
/// Printed as `FILE:LINE:COLUMN: message`, `FILE:LINE: message`, a workbook's cell as
/// `浙江.xlsx[汇总表]!D5: message`, or, where no line is known, `FILE: item C3: message`.
public struct Problem: Error, Equatable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?
    /// What the message is about when no line says it, such as `item C3`.
    public var subject: String?
    /// In a workbook, the cell (`D5`), told instead of the line.
    public var cell: String?
    public var message: String

    public init(file: String, line: Int? = nil, column: Int? = nil, subject: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.subject = subject
        self.message = Self.printable(message)
    }

    /// A message as a terminal can show it whatever a file held: what steers a terminal written out
    /// (`\u{0}`, see `TerminalSafe`), and a value of megabytes cut down to its ends (the advice is at the end).
    static func printable(_ message: String) -> String {
        let text = TerminalSafe.cell(message)
        guard text.count > 600 else { return text }
        return String(text.prefix(300)) + " … (\(text.count - 600) characters left out) … " + String(text.suffix(300))
    }

    public var description: String {
        var place = file
        if let cell {
            place += "!\(cell)"
        } else if let line {
            place += ":\(line)"
            if let column { place += ":\(column)" }
        } else if let subject {
            place += ": \(subject)"
        }
        return "\(place): \(message)"
    }
}

/// Several problems at once: a file is reported whole, never one error at a time.
public struct Problems: Error, Sendable, CustomStringConvertible {
    public var all: [Problem]
    public init(_ all: [Problem]) { self.all = all }
    public var description: String { all.map(\.description).joined(separator: "\n") }
}
