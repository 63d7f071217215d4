@preconcurrency import CNcursesw
import TerminalKit
#if canImport(Glibc)
import Glibc
#endif

/// What the terminal reports: a key, a new size, or that the terminal is gone.
public enum TerminalEvent: Sendable {
    case key(Key)
    case resize(width: Int, height: Int)
    /// The terminal closed under us (its window or ssh session ended): nothing more will come.
    case hangup
    /// No key for the tick interval.
    case tick
}

/// The real terminal, for the front end: keys in, buffers out. Colours follow `Style`; with
/// NO_COLOR (or a terminal without colours) reverse, bold and underline stand in for them.
@MainActor
public final class TerminalSession {
    private let screen: OpaquePointer
    private let colors: Bool
    /// What the expert should know about how the terminal was opened (an unknown TERM).
    public private(set) var note: String?
    /// The files a headless session draws into and reads from (closed on stop).
    private var files: [UnsafeMutablePointer<FILE>] = []

    private init(screen: OpaquePointer, colors: Bool) {
        self.screen = screen
        self.colors = colors
    }

    /// A session on no terminal at all (/dev/null, the size given), set up as `start` sets up a
    /// real one: `draw` runs as it does for an expert, and `character` reads back what curses holds.
    public static func headless(columns: Int, rows: Int) -> TerminalSession? {
        guard TerminalLocale.ensureUTF8(), let output = fopen("/dev/null", "w"), let input = fopen("/dev/null", "r")
        else { return nil }
        guard let screen = newterm("xterm-256color", output, input) else {
            fclose(output)
            fclose(input)
            return nil
        }
        set_term(screen)
        resizeterm(Int32(rows), Int32(columns))
        let session = TerminalSession(screen: screen, colors: false)
        session.files = [output, input]
        return session
    }

    /// The character curses holds at a cell ("" for the continuation half of a wide one).
    public func character(row: Int, column: Int) -> String {
        var cell = cchar_t()
        guard mvwin_wch(panel_stdscr(), Int32(row), Int32(column), &cell) != ERR else { return "" }
        var wide = [wchar_t](repeating: 0, count: 8)
        var attributes: attr_t = 0
        var pair: Int16 = 0
        getcchar(&cell, &wide, &attributes, &pair, nil)
        var text = ""
        text.unicodeScalars.append(
            contentsOf: wide.prefix { $0 != 0 }.compactMap { Unicode.Scalar(UInt32(bitPattern: $0)) })
        return text
    }

    /// Whether curses draws the cell in reverse video (a title, a selection, the cursor).
    public func isReverse(row: Int, column: Int) -> Bool {
        var cell = cchar_t()
        guard mvwin_wch(panel_stdscr(), Int32(row), Int32(column), &cell) != ERR else { return false }
        var wide = [wchar_t](repeating: 0, count: 8)
        var attributes: attr_t = 0
        var pair: Int16 = 0
        getcchar(&cell, &wide, &attributes, &pair, nil)
        return attributes & panel_a_reverse() != 0
    }

    public enum Failure: Error { case noUTF8Locale, noTerminal }

    public static func start() throws -> TerminalSession {
        guard TerminalLocale.ensureUTF8() else { throw Failure.noUTF8Locale }
        CrashRestore.install()
        var note: String?
        var opened = newterm(nil, stdout, stdin)
        if opened == nil {
            // Over ssh a client may send a TERM this server has no terminfo for (or none): draw
            // as xterm-256color, which every terminal an expert uses understands, and say so.
            let asked = getenv("TERM").map { String(cString: $0) } ?? ""
            setenv("TERM", "xterm-256color", 1)
            opened = newterm(nil, stdout, stdin)
            // The client chose the text: only printable ASCII of it is shown.
            let shown = String(asked.filter { $0.isASCII && !$0.isNewline && ($0.asciiValue ?? 0) >= 0x20 }.prefix(40))
            note =
                "终端类型 TERM=\(shown.isEmpty ? "(未设置)" : shown) 在服务器上未知，"
                + "按 xterm-256color 显示"
        }
        guard let screen = opened else { throw Failure.noTerminal }
        set_term(screen)
        cbreak()
        noecho()
        nonl()
        keypad(panel_stdscr(), true)
        set_escdelay(25)
        curs_set(0)
        // A key wait ends after a second, so the loop can look for other people's changes.
        wtimeout(panel_stdscr(), 1000)
        let colors = getenv("NO_COLOR") == nil && has_colors()
        if colors {
            start_color()
            use_default_colors()
            // One pair per Style after .normal, in Style.allCases order.
            let pairs: [(Int32, Int32)] = [
                (COLOR_BLACK, COLOR_CYAN), (COLOR_YELLOW, -1), (COLOR_BLACK, COLOR_WHITE),
                (COLOR_RED, -1), (COLOR_GREEN, -1), (COLOR_BLUE, -1), (COLOR_YELLOW, -1), (COLOR_BLACK, COLOR_WHITE),
                (COLOR_WHITE, COLOR_BLUE),
            ]
            for (index, pair) in pairs.enumerated() { init_pair(Int16(index + 1), Int16(pair.0), Int16(pair.1)) }
        }
        let session = TerminalSession(screen: screen, colors: colors)
        session.note = note
        return session
    }

    public var size: (width: Int, height: Int) {
        var rows: Int32 = 0, columns: Int32 = 0
        panel_getmaxyx(panel_stdscr(), &rows, &columns)
        return (Int(columns), Int(rows))
    }

    /// Draws every cell of the buffer (whole characters only) and shows the result at once.
    public func draw(_ buffer: Buffer) {
        werase(panel_stdscr())
        for row in 0..<min(buffer.height, size.height) {
            for column in 0..<min(buffer.width, size.width) {
                let cell = buffer[row, column]
                guard let character = cell.character else { continue }
                var wide = character.unicodeScalars.map { wchar_t(bitPattern: $0.value) } + [0]
                var out = cchar_t()
                let (attributes, pair) = look(cell.style)
                setcchar(&out, &wide, attributes, pair, nil)
                mvwadd_wch(panel_stdscr(), Int32(row), Int32(column), &out)
            }
        }
        wnoutrefresh(panel_stdscr())
        doupdate()
    }

    private func look(_ style: Style) -> (attr_t, Int16) {
        let index = Int16(Style.allCases.firstIndex(of: style)!)
        if colors {
            switch style {
            case .normal: return (panel_a_normal(), 0)
            case .header, .title: return (panel_a_bold(), index)
            default: return (panel_a_normal(), index)
            }
        }
        switch style {
        case .normal, .dim, .submitted: return (panel_a_normal(), 0)
        case .title, .selected, .help: return (panel_a_reverse(), 0)
        case .cursor: return (panel_a_reverse() | panel_a_underline(), 0)
        case .header, .cutLine: return (panel_a_bold(), 0)
        case .invalid: return (panel_a_bold() | panel_a_underline(), 0)
        }
    }

    /// Waits for the next key or resize.
    public func nextEvent() -> TerminalEvent {
        while true {
            var value: wint_t = 0
            errno = 0
            let kind = wget_wch(panel_stdscr(), &value)
            // A blocking read fails only when interrupted or when the terminal is gone; looping on
            // the latter would spin a core forever.
            if kind == ERR {
                if errno == EINTR { continue }
                var descriptor = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
                let gone = poll(&descriptor, 1, 0) > 0 && descriptor.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0
                return gone || isatty(0) == 0 ? .hangup : .tick
            }
            if kind == KEY_CODE_YES {
                if Int32(value) == KEY_RESIZE { return .resize(width: size.width, height: size.height) }
                if let key = Self.functionKey(Int32(value)) { return .key(key) }
            } else if kind == OK, let key = Self.characterKey(UInt32(value)) {
                return .key(key)
            }
        }
    }

    static func functionKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: .up
        case KEY_DOWN: .down
        case KEY_LEFT: .left
        case KEY_RIGHT: .right
        case KEY_PPAGE: .pageUp
        case KEY_NPAGE: .pageDown
        case KEY_HOME: .home
        case KEY_END: .end
        case KEY_BTAB: .backTab
        case KEY_BACKSPACE: .backspace
        case KEY_DC: .delete
        case KEY_ENTER: .enter
        default: nil
        }
    }

    static func characterKey(_ value: UInt32) -> Key? {
        switch value {
        case 9: .tab
        case 10, 13: .enter
        case 27: .escape
        case 8, 127: .backspace
        case 1...26: .control(Character(UnicodeScalar(value + 96)!))
        default: UnicodeScalar(value).map { .character(Character($0)) }
        }
    }

    public func stop() {
        endwin()
        delscreen(screen)
        for file in files { fclose(file) }
    }
}
