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
        for (text, column) in zip(cells, columns) { put(text, row: row, column: column.start, style: style, limit: column.width) }
        paint(row: row, column: 1, width: width - 2, style: style)
    }
}
