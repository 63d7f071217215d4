/// A key as the application sees it, whatever terminal produced it.
public enum Key: Hashable, Sendable {
    case character(Character)
    case up, down, left, right, pageUp, pageDown, home, end
    case enter, escape, tab, backTab, backspace, delete
    /// Ctrl plus a letter, such as Ctrl-U (`control("u")`).
    case control(Character)

    /// How help texts name the key.
    public var label: String {
        switch self {
        case .character(let c): String(c)
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .home: "Home"
        case .end: "End"
        case .enter: "Enter"
        case .escape: "Esc"
        case .tab: "Tab"
        case .backTab: "Shift-Tab"
        case .backspace: "Backspace"
        case .delete: "Del"
        case .control(let c): "Ctrl-\(c.uppercased())"
        }
    }
}

/// One action's keys and what it does: the help bar and the `?` overlay are generated from
/// these, so they cannot drift from what the keys do.
public struct Binding: Sendable, Equatable {
    public var keys: [Key]
    public var help: String
    /// Shown in the one-line help bar (the overlay shows every binding).
    public var inBar: Bool

    public init(_ keys: [Key], _ help: String, inBar: Bool = true) {
        self.keys = keys
        self.help = help
        self.inBar = inBar
    }

    public func matches(_ key: Key) -> Bool { keys.contains(key) }

    public var label: String { keys.map(\.label).joined(separator: "/") }
}

extension Array where Element == Binding {
    /// `↑/k 上移  Enter 评分  …` cut to `width` columns.
    public func helpBar(width: Int) -> String {
        DisplayWidth.prefix(filter(\.inBar).map { "\($0.label) \($0.help)" }.joined(separator: "  "), fitting: width)
    }
}
