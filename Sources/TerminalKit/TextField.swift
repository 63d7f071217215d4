/// A line (or a few lines) of text being typed: the login's id and PIN, the list's search, a
/// score, a comment, the console's prompts. The cursor moves by grapheme, so a Chinese character
/// or an emoji is inserted, stepped over and deleted whole.
public struct TextField: Sendable, Equatable {
    /// Which characters the field takes; others are ignored.
    public enum Accepts: Sendable, Equatable {
        /// Anything printable.
        case text
        /// Anything printable but white space (an id).
        case word
        /// ASCII digits (a PIN).
        case digits
        /// Digits, full-width ones too, and the decimal point (a score).
        case number
    }

    public private(set) var text: String
    /// The cursor, as a count of graphemes before it.
    public private(set) var cursor: Int
    public var accepts: Accepts
    /// At most this many graphemes.
    public var maxLength: Int
    /// Drawn as one `*` per grapheme.
    public var masked: Bool

    public init(_ text: String = "", accepts: Accepts = .text, maxLength: Int = 1_000, masked: Bool = false) {
        self.text = text
        cursor = text.count
        self.accepts = accepts
        self.maxLength = maxLength
        self.masked = masked
    }

    public var isEmpty: Bool { text.isEmpty }

    /// Replaces the whole text, cursor at its end.
    public mutating func set(_ newText: String) {
        text = newText
        cursor = newText.count
    }

    /// Applies an editing key; false when the key is not one (the caller's keymap decides).
    @discardableResult
    public mutating func apply(_ key: Key) -> Bool {
        switch key {
        case .character(let character): insert(character)
        case .backspace:
            guard cursor > 0 else { return true }
            text.remove(at: index(cursor - 1))
            cursor -= 1
        case .delete:
            guard cursor < text.count else { return true }
            text.remove(at: index(cursor))
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(text.count, cursor + 1)
        case .home, .control("a"): cursor = 0
        case .end, .control("e"): cursor = text.count
        case .control("u"):
            text.removeSubrange(text.startIndex..<index(cursor))
            cursor = 0
        default: return false
        }
        return true
    }

    /// Inserts a character at the cursor if the field takes it and has room.
    public mutating func insert(_ character: Character) {
        guard text.count < maxLength, takes(character) else { return }
        text.insert(character, at: index(cursor))
        cursor += 1
    }

    public func takes(_ character: Character) -> Bool {
        if character == "\n" { return accepts == .text }
        guard DisplayWidth.of(character) > 0 else { return false }
        switch accepts {
        case .text: return true
        case .word: return !character.isWhitespace
        case .digits: return character.isASCII && character.isNumber
        case .number: return character.isNumber || character == "." || character == "．"
        }
    }

    /// What is shown: the text (or its mask) with the cursor as `_` at the end, or, inside the
    /// text, as the position `cursorColumn` for the caller to mark.
    public func shown(focused: Bool) -> (text: String, cursorColumn: Int?) {
        let visible = masked ? String(repeating: "*", count: text.count) : text
        guard focused else { return (visible, nil) }
        if cursor == text.count { return (visible + "_", nil) }
        return (visible, DisplayWidth.of(visible.prefix(cursor)))
    }

    /// The text wrapped to `width` columns, and where the cursor is in it: at the end, a `_` of
    /// its own; inside, the cell of the character it stands before.
    public func wrapped(width: Int) -> (lines: [String], row: Int, column: Int) {
        let atEnd = cursor == text.count
        let lines = DisplayWidth.wrap(text + (atEnd ? "_" : ""), width: width)
        let before = DisplayWidth.wrap(text.prefix(cursor), width: width)
        var row = max(0, before.count - 1), column = DisplayWidth.of(before.last ?? "")
        // The line before is full: the cursor's character starts the next one.
        if column >= width || (column + DisplayWidth.of(text.dropFirst(cursor).first ?? "_") > width) {
            row += 1; column = 0
        }
        return (lines, row, column)
    }

    private func index(_ offset: Int) -> String.Index { text.index(text.startIndex, offsetBy: offset) }
}

extension Buffer {
    /// Draws a field at `column`, in `width` columns (padded), the cursor marked when focused.
    /// A text longer than the field shows its end, where the typing is.
    public mutating func put(
        _ field: TextField, row: Int, column: Int, width: Int, focused: Bool, style: Style = .normal
    ) {
        var (text, cursor) = field.shown(focused: focused)
        while DisplayWidth.of(text) > width, let first = text.first,
            cursor.map({ $0 >= DisplayWidth.of(first) }) ?? true
        {
            text.removeFirst()
            cursor = cursor.map { $0 - DisplayWidth.of(first) }
        }
        put(DisplayWidth.padded(text, to: width), row: row, column: column, style: style)
        if let cursor, cursor < width { paint(row: row, column: column + cursor, width: 1, style: .cursor) }
    }
}

extension Buffer {
    /// A question on a whole row (the prompt line): its label, then the field being typed into.
    public mutating func putPrompt(_ label: String, _ field: TextField, row: Int, width: Int) {
        paint(row: row, column: 1, width: width - 2, style: .selected)
        let used = put(label + ": ", row: row, column: 1, style: .selected)
        put(field, row: row, column: 1 + used, width: width - 2 - used, focused: true, style: .selected)
    }
}
