import Foundation

/// An id (a candidate's 编号, an expert's 编号) as panel keeps and compares it. Ids come from 32
/// provinces' spreadsheets and from people typing at a login screen, in full-width (`Ｒ-1`), with
/// a stray space, or decomposed (NFD) by a Mac: NFKC and trimming make one id of them, so that
/// `Ｒ-1` and `R-1` are never two candidates, nor `Ｅ01` and `E01` two experts.
public enum Identifier {
    /// Long enough for any scheme a secretariat uses (`R-33-01`, `S-浙江-杭州-0001`).
    public static let maxLength = 64

    public static func normalized(_ text: String) -> String {
        // Printable ASCII is its own NFKC: most ids, and every row of a large score import.
        if !text.isEmpty, text.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) { return text }
        return text.precomposedStringWithCompatibilityMapping.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// What is wrong with an id (already normalized), said for the person who typed it; nil when
    /// it is fine. An id is an identifier, not prose: one word of printable characters.
    public static func problem(_ id: String) -> String? {
        if id.unicodeScalars.contains(where: { TerminalSafe.steers($0) || isFormatOrSeparator($0) }) {
            return "contains a control or formatting character — retype it"
        }
        if id.contains(where: \.isWhitespace) { return "contains a space — an id is one word" }
        if id.count > maxLength { return "is longer than \(maxLength) characters — an id is a short code" }
        return nil
    }

    /// Zero-width and direction marks, the word joiner, the byte order mark, line and paragraph
    /// separators: invisible, so two ids that look the same would differ.
    private static func isFormatOrSeparator(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .format, .lineSeparator, .paragraphSeparator, .control, .privateUse, .unassigned, .surrogate: true
        default: false
        }
    }
}

/// How long a name or another text cell of an imported file may be. The longest school names in
/// the 2019 and 2020 lists are under 40 characters; a cap keeps one hostile row (a name of
/// 100,000 characters made `panel candidates` print 111 MB) from filling every listing.
public enum TextLimit {
    public static let name = 200
    /// Any other cell: a city, a platform's name, a contact, a fact panel does not read.
    public static let cell = 2_000

    /// `'名称 (name) has 100000 characters — at most 200'`, or nil.
    public static func problem(_ label: String, _ text: String, limit: Int) -> String? {
        let count = text.count
        return count > limit ? "\(label) has \(count) characters — at most \(limit); shorten it" : nil
    }
}
