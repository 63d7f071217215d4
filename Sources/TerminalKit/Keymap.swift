/// One action's keys, what the help says of them, and the action they stand for. A screen's
/// `update` switches on the action its keymap returns, and the help bar and the `?` overlay are
/// made from the same bindings: what a key does and what the help says cannot drift apart.
public struct Binding<Action: Sendable & Equatable>: Sendable, Equatable {
    public var keys: [Key]
    public var help: String
    public var action: Action
    /// Shown in the one-line help bar (the overlay shows every binding).
    public var inBar: Bool
    /// How the help names the keys when listing them would be too long (`0-9/.`).
    public var keyLabel: String?

    public init(keys: [Key], help: String, action: Action, inBar: Bool = true, keyLabel: String? = nil) {
        self.keys = keys
        self.help = help
        self.action = action
        self.inBar = inBar
        self.keyLabel = keyLabel
    }

    public var label: String { keyLabel ?? keys.map(\.label).joined(separator: "/") }

    public var entry: HelpEntry { HelpEntry(label: label, help: help, inBar: inBar) }
}

/// A screen's keys: its bindings, and, while a text field has the focus, the action that every
/// other printable character stands for (typing it).
public struct Keymap<Action: Sendable & Equatable>: Sendable, Equatable {
    public var bindings: [Binding<Action>]
    public var typing: Action?
    /// How the help names typing (`文字 输入`).
    public var typingHelp: HelpEntry?

    public init(_ bindings: [Binding<Action>], typing: Action? = nil, typingHelp: HelpEntry? = nil) {
        self.bindings = bindings
        self.typing = typing
        self.typingHelp = typingHelp
    }

    /// The action `key` stands for here; `nil`: the key does nothing on this screen.
    public func action(for key: Key) -> Action? {
        if let binding = bindings.first(where: { $0.keys.contains(key) }) { return binding.action }
        if case .character(let character) = key, let typing, DisplayWidth.of(character) > 0 { return typing }
        return nil
    }

    /// Every key named by a binding.
    public var keys: [Key] { bindings.flatMap(\.keys) }

    /// The same keys standing for another type's actions: a pane's keymap inside its screen's.
    public func map<Other>(_ transform: (Action) -> Other) -> Keymap<Other> {
        Keymap<Other>(
            bindings.map {
                Binding(
                    keys: $0.keys, help: $0.help, action: transform($0.action), inBar: $0.inBar, keyLabel: $0.keyLabel)
            }, typing: typing.map(transform), typingHelp: typingHelp)
    }

    /// These bindings, then `more` (for keys these do not already take).
    public func adding(_ more: [Binding<Action>]) -> Keymap {
        Keymap(
            bindings + more.filter { $0.keys.allSatisfy { key in !keys.contains(key) } }, typing: typing,
            typingHelp: typingHelp)
    }

    /// The help of each binding, bindings with the same help (up and down: 移动) merged into one.
    public var help: [HelpEntry] {
        HelpEntry.merged(bindings.map(\.entry) + (typingHelp.map { [$0] } ?? []))
    }
}

/// A line of help: keys and what they do, whatever the action type behind them.
public struct HelpEntry: Sendable, Equatable {
    public var label: String
    public var help: String
    public var inBar: Bool

    public init(label: String, help: String, inBar: Bool = true) {
        self.label = label
        self.help = help
        self.inBar = inBar
    }

    /// Neighbours with the same help text merged: `↑/k 移动` and `↓/j 移动` read `↑/k/↓/j 移动`.
    public static func merged(_ entries: [HelpEntry]) -> [HelpEntry] {
        var out: [HelpEntry] = []
        for entry in entries {
            if let last = out.last, last.help == entry.help, last.inBar == entry.inBar {
                out[out.count - 1].label += "/" + entry.label
            } else {
                out.append(entry)
            }
        }
        return out
    }
}

extension Array where Element == HelpEntry {
    /// `↑/k 上移  Enter 评分  …` in at most `width` columns: a binding that does not fit is left
    /// out whole, never cut in the middle.
    public func helpBar(width: Int) -> String {
        var bar = ""
        for entry in self where entry.inBar {
            let item = (bar.isEmpty ? "" : "  ") + "\(entry.label) \(entry.help)"
            guard DisplayWidth.of(bar) + DisplayWidth.of(item) <= width else { break }
            bar += item
        }
        return bar
    }
}
