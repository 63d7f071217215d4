/// How many terminal columns text takes: 2 for East Asian wide and full-width characters,
/// 0 for combining marks and invisible format characters, 1 otherwise.
///
/// Computed here rather than with `wcwidth` so that layout never depends on the locale of the
/// process (and tests give the same answer everywhere). Columns are always measured with this,
/// never with `String.count`.
public enum DisplayWidth {
    public static func of(_ text: some StringProtocol) -> Int {
        text.reduce(0) { $0 + of($1) }
    }

    public static func of(_ character: Character) -> Int {
        let scalars = character.unicodeScalars
        // An emoji written with the emoji variation selector is drawn wide.
        if scalars.contains(where: { $0.value == 0xFE0F }) { return 2 }
        return scalars.map(of).max() ?? 0
    }

    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x20 || (0x7F..<0xA0).contains(value) { return 0 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if value == 0x200B || (0xFE00...0xFE0F).contains(value) { return 0 }
        if wideRanges.contains(where: { $0.contains(value) }) { return 2 }
        if scalar.properties.isEmojiPresentation { return 2 }
        return 1
    }

    /// East Asian Width W and F (Unicode 15), the blocks Chinese text and its punctuation use.
    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF,
        0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3,
        0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
        0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]

    /// The longest prefix of `text` that fits in `width` columns; a wide character that would
    /// straddle the edge is left out whole, never split.
    public static func prefix(_ text: some StringProtocol, fitting width: Int) -> String {
        var used = 0, out = ""
        for character in text {
            let next = of(character)
            if used + next > width { break }
            used += next
            out.append(character)
        }
        return out
    }

    /// `text` in at most `width` columns, ending in `~` when it had to be cut, so that a cut
    /// name never passes for a whole one (`~`, not `…`, which many Chinese terminals draw wide).
    public static func clipped(_ text: some StringProtocol, to width: Int) -> String {
        guard of(text) > width else { return String(text) }
        guard width > 0 else { return "" }
        return prefix(text, fitting: width - 1) + "~"
    }

    /// `text` cut or padded with spaces to exactly `width` columns.
    public static func padded(_ text: some StringProtocol, to width: Int) -> String {
        let fitted = prefix(text, fitting: width)
        return fitted + String(repeating: " ", count: max(0, width - of(fitted)))
    }
}

extension DisplayWidth {
    /// `text` broken into lines of at most `width` columns, at the newlines it has and where a line
    /// is full, by the rules of Chinese text (禁则): no line starts with a closing mark
    /// (，。、；：？！）」』》
    /// and their kin) or ends with an opening one (（「『《), which move with the character next to
    /// them; a run of Latin letters and digits breaks at a space where it can.
    public static func wrap(_ text: some StringProtocol, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let characters = Array(paragraph)
            for range in lineRanges(characters, width: width) {
                lines.append(String(characters[range]))
            }
        }
        return lines
    }

    /// Where each line of one paragraph starts and ends, as offsets into its characters. A space
    /// a line was broken at belongs to no line.
    public static func lineRanges(_ characters: [Character], width: Int) -> [Range<Int>] {
        guard width > 0 else { return [] }
        var ranges: [Range<Int>] = []
        var start = 0
        while start < characters.count {
            var end = start, used = 0
            while end < characters.count, used + of(characters[end]) <= width {
                used += of(characters[end])
                end += 1
            }
            if end == start { end += 1 }  // wider than the line: it goes alone
            if end == characters.count {
                ranges.append(start..<end)
                break
            }
            var cut = end
            while cut > start + 1, noLineStart.contains(characters[cut]) || noLineEnd.contains(characters[cut - 1]) {
                cut -= 1
            }
            if isWordCharacter(characters[cut - 1]), isWordCharacter(characters[cut]),
                let space = (start + 1..<cut).last(where: { characters[$0] == " " })
            {
                cut = space
            }
            ranges.append(start..<cut)
            start = cut
            if start < characters.count, characters[start] == " " { start += 1 }
        }
        if ranges.isEmpty { ranges.append(0..<0) }
        return ranges
    }

    /// Marks that must not begin a line (行首禁则).
    static let noLineStart: Set<Character> = Set(
        """
        ，。、；：？！）」』》〉】〕｝’”…—～·%,.;:?!)]}
        """)
    /// Marks that must not end a line (行尾禁则).
    static let noLineEnd: Set<Character> = Set("（「『《〈【〔｛‘“([{")

    static func isWordCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber)
    }
}
