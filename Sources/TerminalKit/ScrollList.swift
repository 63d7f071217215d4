/// Where a cursor moves in a list.
public enum Motion: Sendable, Equatable {
    case up, down, pageUp, pageDown, first, last
}

/// The state of a list with a cursor in a window of `page` rows (as ratatui's `TableState`): the
/// selected row, the first row shown, and how to move; the rows themselves stay with the screen.
public struct ScrollList: Sendable, Equatable {
    public private(set) var cursor = 0
    public private(set) var top = 0
    public private(set) var count = 0
    public private(set) var page = 1

    public init(count: Int = 0, page: Int = 1) {
        resize(count: count, page: page)
    }

    /// The rows visible now.
    public var visible: Range<Int> { top..<min(count, top + page) }

    /// A new number of rows or a new window height: the cursor stays on its row where it can.
    public mutating func resize(count: Int, page: Int) {
        self.count = max(0, count)
        self.page = max(1, page)
        select(cursor)
    }

    public mutating func move(_ motion: Motion) {
        switch motion {
        case .up: select(cursor - 1)
        case .down: select(cursor + 1)
        case .pageUp: select(cursor - page)
        case .pageDown: select(cursor + page)
        case .first: select(0)
        case .last: select(count - 1)
        }
    }

    /// Puts the cursor on `row` (clamped) and scrolls just enough to show it.
    public mutating func select(_ row: Int) {
        cursor = min(max(0, row), max(0, count - 1))
        if cursor < top { top = cursor }
        if cursor >= top + page { top = cursor - page + 1 }
        top = max(0, min(top, max(0, count - page)))
        if cursor < top { top = cursor }
    }

    /// Back to the first row, scrolled to the top.
    public mutating func reset() {
        top = 0
        select(0)
    }
}

extension Binding {
    /// Up and down a line (design notes §4), each with the action it stands for.
    public static func lines(_ action: (Motion) -> Action, help: String = "移动") -> [Binding] {
        [
            Binding(keys: [.up, .character("k")], help: help, action: action(.up)),
            Binding(keys: [.down, .character("j")], help: help, action: action(.down)),
        ]
    }

    /// A page and the ends, which the help bar leaves to the `?` overlay.
    public static func jumps(_ action: (Motion) -> Action) -> [Binding] {
        [
            Binding(keys: [.pageUp, .control("u")], help: "翻页", action: action(.pageUp), inBar: false),
            Binding(keys: [.pageDown, .control("d")], help: "翻页", action: action(.pageDown), inBar: false),
            Binding(keys: [.character("g"), .home], help: "首/末行", action: action(.first), inBar: false),
            Binding(keys: [.character("G"), .end], help: "首/末行", action: action(.last), inBar: false),
        ]
    }
}
