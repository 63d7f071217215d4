/// A rectangle of cells: where a part of the screen goes.
public struct Rect: Sendable, Equatable {
    public var x, y, width, height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    public var bottom: Int { y + height }
    /// The rows it covers.
    public var rows: Range<Int> { y..<bottom }

    /// The first `count` rows, and the rest.
    public func splitTop(_ count: Int) -> (top: Rect, rest: Rect) {
        let taken = min(max(0, count), height)
        return (
            Rect(x: x, y: y, width: width, height: taken),
            Rect(x: x, y: y + taken, width: width, height: height - taken)
        )
    }

    /// The rest, and the last `count` rows.
    public func splitBottom(_ count: Int) -> (rest: Rect, bottom: Rect) {
        let taken = min(max(0, count), height)
        return (
            Rect(x: x, y: y, width: width, height: height - taken),
            Rect(x: x, y: bottom - taken, width: width, height: taken)
        )
    }

    /// Side by side: the first `columns` columns (a gap of `gap` between), and the rest.
    public func splitLeft(_ columns: Int, gap: Int = 1) -> (left: Rect, right: Rect) {
        let taken = min(max(0, columns), width)
        return (
            Rect(x: x, y: y, width: taken, height: height),
            Rect(x: x + taken + gap, y: y, width: width - taken - gap, height: height)
        )
    }

    /// Narrower by `columns` on each side.
    public func inset(_ columns: Int) -> Rect {
        Rect(x: x + columns, y: y, width: width - 2 * columns, height: height)
    }
}

/// A piece of text in one style: a line of a screen is a few of these, so that a heading or a
/// flag is styled where it is made, never guessed later from the text.
public struct Span: Sendable, Equatable {
    public var text: String
    public var style: Style

    public init(_ text: String, _ style: Style = .normal) {
        self.text = text
        self.style = style
    }
}

/// A line of spans.
public typealias StyledLine = [Span]

extension Array where Element == Span {
    public var text: String { map(\.text).joined() }
}

extension Buffer {
    /// Writes spans one after the other from `column`, within `limit` columns.
    @discardableResult
    public mutating func put(_ line: StyledLine, row: Int, column: Int, limit: Int? = nil) -> Int {
        var used = 0
        let budget = limit ?? (width - column)
        for span in line where used < budget {
            used += put(span.text, row: row, column: column + used, style: span.style, limit: budget - used)
        }
        return used
    }
}
