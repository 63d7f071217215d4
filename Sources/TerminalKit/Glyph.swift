/// What the front end draws of text from outside, so that panel, ncurses and the terminal agree on
/// every cell's width. They agree on a single Chinese, Latin or emoji character; they do not on
/// sequences: ncurses takes one spacing character and a few combining marks per cell (`setcchar`
/// refuses a ZWJ family 👨‍👩‍👧 or a flag 🇨🇳), and terminals differ on ❤️ (tmux 3.3 draws it one
/// column wide, others two) and on Hangul written as separate jamo. A row that holds one of them
/// was drawn shifted, leaving stale characters behind. So each such cluster is drawn as a
/// character everyone measures alike, and a terminal escape sequence in a name (`ESC ] 0 ; …`)
/// is dropped whole, not just its ESC, which left `]0;…` on screen.
public enum Glyph {
    /// The text with escape sequences removed; the same text when it holds none.
    public static func withoutEscapes(_ text: some StringProtocol) -> String {
        guard text.utf8.contains(where: { $0 == 0x1B || $0 == 0xC2 }) else { return String(text) }
        var out = String.UnicodeScalarView()
        var scalars = Array(text.unicodeScalars)[...]
        while let scalar = scalars.popFirst() {
            switch scalar.value {
            case 0x1B:
                guard let next = scalars.popFirst() else { break }
                switch next {
                case "[": skipControlSequence(&scalars)
                case "]", "P", "X", "^", "_": skipString(&scalars)
                default: break  // a two-character escape (ESC 7, ESC c …): both dropped
                }
            case 0x9B: skipControlSequence(&scalars)
            case 0x90, 0x98, 0x9D, 0x9E, 0x9F: skipString(&scalars)
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    /// CSI: parameters and intermediates up to the final byte (0x40–0x7E).
    private static func skipControlSequence(_ scalars: inout ArraySlice<Unicode.Scalar>) {
        while let scalar = scalars.popFirst() {
            if (0x40...0x7E).contains(scalar.value) { return }
            if !(0x20...0x3F).contains(scalar.value) { return }  // not a sequence after all
        }
    }

    /// OSC, DCS, SOS, PM, APC: up to BEL, ST (0x9C) or ESC \.
    private static func skipString(_ scalars: inout ArraySlice<Unicode.Scalar>) {
        while let scalar = scalars.popFirst() {
            switch scalar.value {
            case 0x07, 0x9C: return
            case 0x1B:
                if scalars.first == "\\" { scalars.removeFirst() }
                return
            default: continue
            }
        }
    }

    /// The character as it is drawn: itself, almost always.
    public static func of(_ character: Character) -> String? {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return nil }
        if scalars.count == 1 {
            if isRegionalIndicator(first) { return String(regionLetter(first)) }
            if first.value == 0xFE0F || first.value == 0xFE0E || first.value == 0x200D { return "" }
            return nil
        }
        let all = Array(scalars)
        // A flag: its two letters (🇨🇳 → CN), which read the same and measure the same everywhere.
        if all.allSatisfy(isRegionalIndicator) { return String(all.map(regionLetter)) }
        if let syllable = hangulSyllable(all) { return syllable }
        // An emoji sequence: its first emoji alone, without presentation selectors or skin tones;
        // a letter with combining marks keeps as many as ncurses holds in a cell.
        var kept: [Unicode.Scalar] = [first]
        for scalar in all.dropFirst() {
            if scalar.value == 0x200D { break }
            if scalar.value == 0xFE0F || scalar.value == 0xFE0E || (0x1F3FB...0x1F3FF).contains(scalar.value) {
                continue
            }
            if DisplayWidth.of(scalar) != 0 { break }
            if kept.count == 5 { break }  // CCHARW_MAX
            kept.append(scalar)
        }
        guard kept.count != all.count else { return nil }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: kept)
        return String(out)
    }

    private static func isRegionalIndicator(_ scalar: Unicode.Scalar) -> Bool {
        (0x1F1E6...0x1F1FF).contains(scalar.value)
    }

    private static func regionLetter(_ scalar: Unicode.Scalar) -> Character {
        Character(Unicode.Scalar(scalar.value - 0x1F1E6 + 0x41)!)
    }

    /// Conjoining jamo (ᄀ ᅡ ᆨ) composed into the syllable (각) that every terminal draws two
    /// columns wide; nil when they do not compose.
    private static func hangulSyllable(_ scalars: [Unicode.Scalar]) -> String? {
        guard scalars.count == 2 || scalars.count == 3 else { return nil }
        let lead = Int(scalars[0].value) - 0x1100, vowel = Int(scalars[1].value) - 0x1161
        let tail = scalars.count == 3 ? Int(scalars[2].value) - 0x11A7 : 0
        guard (0..<19).contains(lead), (0..<21).contains(vowel), (0..<28).contains(tail),
            scalars.count == 2 || tail > 0,
            let syllable = Unicode.Scalar(0xAC00 + (lead * 21 + vowel) * 28 + tail)
        else { return nil }
        return String(Character(syllable))
    }
}
