import PanelCore
import TerminalKit

/// Where each part of a screen goes at the terminal's size, computed once when the size changes
/// and used by both `update` (how many rows a page moves) and `render` (where rows are drawn).
public struct ScreenLayout: Sendable, Equatable {
    public let width, height: Int
    /// Row 0: the title bar.
    public let title: Rect
    /// Row 1: tabs, filters, how things stand.
    public let bar: Rect
    /// Row 2: a table's column names.
    public let tableHeader: Rect
    /// The rows of a table, under its header and above the prompt line.
    public let table: Rect
    /// A page of text: from under the tabs to the status line.
    public let page: Rect
    /// The line a question is asked on, above the status.
    public let prompt: Rect
    /// Everything between the title bar and the status line.
    public let body: Rect
    public let status: Rect
    public let help: Rect

    /// The largest screen drawn: a client may report any window size over ssh (up to 65535 each
    /// way), and a buffer for all of it every frame would take gigabytes; beyond this the rest
    /// stays blank. A zero or negative size draws nothing.
    public static let largest = (width: 1_000, height: 500)

    public init(width: Int, height: Int) {
        let width = min(max(0, width), Self.largest.width), height = min(max(0, height), Self.largest.height)
        self.width = width
        self.height = height
        let full = Rect(x: 0, y: 0, width: width, height: height)
        let (content, footer) = full.splitBottom(2)
        (status, help) = footer.splitTop(1)
        let (titleRow, below) = content.splitTop(1)
        title = titleRow
        body = below
        let (barRow, underBar) = below.splitTop(1)
        bar = barRow
        let (headerRow, rows) = underBar.splitTop(1)
        tableHeader = headerRow
        page = rows
        (table, prompt) = rows.splitBottom(1)
    }

    /// Rows a table shows, and so how far a page key moves.
    public var pageSize: Int { max(1, table.height) }

    /// The terminal is big enough to draw anything.
    public var fits: Bool { width >= Self.minimumWidth && height >= Self.minimumHeight }

    public static let minimumWidth = 80, minimumHeight = 24
}

/// The status line: what just happened, or what went wrong.
public struct StatusLine: Sendable, Equatable {
    public var text = ""
    public var isError = false

    public mutating func say(_ text: String, error: Bool = false) {
        self.text = text
        isError = error
    }
}

/// What a screen reads of the application to update and draw itself.
public struct ScreenContext: Sendable {
    public var round: RoundDefinition
    public var expert: ExpertEntry?
    public var layout: ScreenLayout
}
