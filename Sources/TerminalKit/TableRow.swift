/// Where each column of a table starts and how wide it is.
public typealias TableColumns = [(start: Int, width: Int)]

extension Buffer {
    /// Columns of `widths` side by side, one space apart, the first at `start`.
    public static func columns(widths: [Int], from start: Int = 1) -> TableColumns {
        var next = start
        return widths.map { width in
            defer { next += width + 1 }
            return (next, width)
        }
    }

    /// One row of a table: each cell clipped to its column by display width, and the row painted
    /// in `style` from the first column to the last but one of the buffer (a highlighted row is a bar).
    public mutating func putRow(_ cells: [String], _ columns: TableColumns, row: Int, style: Style) {
        for (text, column) in zip(cells, columns) {
            put(
                DisplayWidth.clipped(text, to: column.width), row: row, column: column.start, style: style,
                limit: column.width)
        }
        paint(row: row, column: 1, width: width - 2, style: style)
    }
}

extension Buffer {
    /// A title bar: `left` from the area's start, `right` against its end, the whole row in
    /// `style`. The left text gives way (cut, with `~`) where the two would meet.
    public mutating func putTitle(_ left: String, right: String, in area: Rect, style: Style = .title) {
        let rightWidth = DisplayWidth.of(right)
        put(
            DisplayWidth.clipped(left, to: max(0, area.width - rightWidth - 1)), row: area.y, column: area.x,
            style: style)
        put(right, row: area.y, column: max(area.x, area.x + area.width - rightWidth), style: style)
        paint(row: area.y, column: area.x, width: area.width, style: style)
    }
}
