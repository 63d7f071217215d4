/// What a cell means, not how it looks: the terminal maps roles to colours, or to reverse and
/// bold under NO_COLOR.
public enum Style: Sendable, Equatable, CaseIterable {
    case normal, title, header, selected, invalid, submitted, dim, cutLine, help
    /// The cell under a text field's cursor.
    case cursor
}

/// One terminal cell. A wide character fills its lead cell; the cell after it is a continuation
/// (`character == nil`), which is never drawn on its own.
public struct Cell: Equatable, Sendable {
    public var character: Character?
    public var style: Style

    public static let blank = Cell(character: " ", style: .normal)
}

/// A grid of cells that screens render into; pure, so that tests read it back as text.
public struct Buffer: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(row: Int, column: Int) -> Cell {
        cells[row * width + column]
    }

    /// Writes `text` from `column`, at most `limit` columns (default: to the right edge). A wide
    /// character that would cross the limit is left out whole; returns the columns used.
    @discardableResult
    public mutating func put(
        _ text: some StringProtocol, row: Int, column: Int, style: Style = .normal, limit: Int? = nil
    ) -> Int {
        guard row >= 0, row < height, column >= 0, column < width else { return 0 }
        // An escape sequence in a name is dropped whole (see `Glyph`).
        if text.utf8.contains(where: { $0 == 0x1B || $0 == 0xC2 }) {
            let clean = Glyph.withoutEscapes(text)
            if clean.utf8.count != text.utf8.count {
                return put(clean, row: row, column: column, style: style, limit: limit)
            }
        }
        let end = min(width, column + (limit ?? width))
        var x = column
        /// False once the character does not fit.
        func place(_ character: Character) -> Bool {
            let cellWidth = DisplayWidth.of(character)
            guard cellWidth > 0 else { return true }
            if x + cellWidth > end { return false }
            // Overwriting half of a wide character would leave a broken cell: blank its other half.
            clearHalves(row: row, from: x, width: cellWidth)
            cells[row * width + x] = Cell(character: character, style: style)
            if cellWidth == 2 { cells[row * width + x + 1] = Cell(character: nil, style: style) }
            x += cellWidth
            return true
        }
        drawing: for character in text {
            if let glyph = Glyph.of(character) {
                for part in glyph where !place(part) { break drawing }
            } else if !place(character) {
                break
            }
        }
        return x - column
    }

    /// Paints a whole row (or part of it) in a style, keeping its characters.
    public mutating func paint(row: Int, column: Int = 0, width span: Int? = nil, style: Style) {
        guard row >= 0, row < height else { return }
        for x in column..<min(width, column + (span ?? width)) { cells[row * width + x].style = style }
    }

    /// The row as text, each wide character once (its continuation cell skipped).
    public func line(_ row: Int) -> String {
        String((0..<width).compactMap { self[row, $0].character })
    }

    /// Every row as text, trailing spaces removed: what a snapshot test compares.
    public var lines: [String] {
        (0..<height).map { row in
            var text = line(row)
            while text.last == " " { text.removeLast() }
            return text
        }
    }

    private mutating func clearHalves(row: Int, from x: Int, width cellWidth: Int) {
        let base = row * width
        if cells[base + x].character == nil, x > 0 { cells[base + x - 1].character = " " }
        let last = x + cellWidth - 1
        if last + 1 < width, cells[base + last + 1].character == nil { cells[base + last + 1].character = " " }
    }
}
