/// Text from outside (a province's file, an expert's note, an id typed at the login screen) as a
/// terminal may receive it: every character that would steer the terminal instead of being shown
/// is written out as `\u{1b}`. One rule for every text output panel prints, so that a name cannot
/// set the window title (OSC), move the cursor or erase a row (CSI, also as the single C1 byte
/// U+009B), put text on the clipboard (OSC 52), return to the start of a line (CR) and overwrite
/// it, or reverse the order of what follows it (bidi overrides and isolates).
public enum TerminalSafe {
    /// What a caller keeps of the C0 controls: a line of output keeps its line breaks, a cell of a
    /// table keeps nothing (a newline in a name would forge a row of its own).
    public enum Keep: Sendable {
        case nothing
        case lineBreaks
    }

    /// Whether a scalar steers a terminal: the C0 controls, DEL, the C1 controls, the
    /// left-to-right and right-to-left marks, and the bidi embeddings, overrides and isolates.
    public static func steers(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// The text with every steering character written as `\u{…}`; the same string when there is
    /// none, which is almost always, found by a look at the bytes that can begin one.
    public static func text(_ text: String, keeping keep: Keep = .lineBreaks) -> String {
        guard mayHoldSteering(text, keep: keep) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if steers(scalar) && !(keep == .lineBreaks && scalar == "\n") {
                out.append(contentsOf: "\\u{\(String(scalar.value, radix: 16))}".unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// A cell of a table or a value inside a line: line breaks and tabs escaped as well.
    public static func cell(_ text: String) -> String { Self.text(text, keeping: .nothing) }

    /// Whether any steering character is in the text. In UTF-8 every one of them begins with a
    /// byte below 0x20, DEL, 0xC2 (U+0080–U+00BF) or 0xE2 (U+2000–U+2FFF), so most text is
    /// settled by its bytes alone.
    static func mayHoldSteering(_ text: String, keep: Keep) -> Bool {
        let suspicious = text.utf8.contains { byte in
            (byte < 0x20 && !(keep == .lineBreaks && byte == 0x0A)) || byte == 0x7F || byte == 0xC2 || byte == 0xE2
        }
        return suspicious
            && text.unicodeScalars.contains { steers($0) && !(keep == .lineBreaks && $0 == "\n") }
    }
}
