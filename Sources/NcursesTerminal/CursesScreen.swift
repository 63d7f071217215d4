@preconcurrency import CNcursesw
import TerminalKit
#if canImport(Glibc)
import Glibc
#endif

/// One ncursesw screen. The only place that calls curses: everything else draws into values.
///
/// ncurses keeps global state, so the screen lives on the main actor.
@MainActor
public final class CursesScreen {
    private let screen: OpaquePointer
    private let output: UnsafeMutablePointer<FILE>?
    private let input: UnsafeMutablePointer<FILE>?

    private init(screen: OpaquePointer, output: UnsafeMutablePointer<FILE>?, input: UnsafeMutablePointer<FILE>?) {
        self.screen = screen
        self.output = output
        self.input = input
    }

    /// A screen that draws into /dev/null, for checking what curses holds cell by cell.
    public static func headless(columns: Int, rows: Int) -> CursesScreen? {
        guard TerminalLocale.ensureUTF8() else { return nil }
        let output = fopen("/dev/null", "w"), input = fopen("/dev/null", "r")
        guard let screen = newterm("xterm-256color", output, input) else {
            if let output { fclose(output) }
            if let input { fclose(input) }
            return nil
        }
        set_term(screen)
        resizeterm(Int32(rows), Int32(columns))
        return CursesScreen(screen: screen, output: output, input: input)
    }

    public var size: (columns: Int, rows: Int) {
        var rows: Int32 = 0, columns: Int32 = 0
        panel_getmaxyx(panel_stdscr(), &rows, &columns)
        return (Int(columns), Int(rows))
    }

    /// Writes whole characters from `column` on, clipped at the right edge by display width so
    /// that a wide character is never split (curses would wrap or break it).
    public func put(_ text: String, row: Int, column: Int) {
        var x = column
        let limit = size.columns
        for character in text {
            let width = DisplayWidth.of(character)
            guard width > 0 else { continue }
            if x + width > limit { break }
            var cell = cchar_t()
            var wide = character.unicodeScalars.map { wchar_t(bitPattern: $0.value) } + [0]
            setcchar(&cell, &wide, panel_a_normal(), 0, nil)
            mvwadd_wch(panel_stdscr(), Int32(row), Int32(x), &cell)
            x += width
        }
    }

    /// The character curses holds at a cell ("" for the continuation half of a wide one).
    public func character(row: Int, column: Int) -> String {
        var cell = cchar_t()
        guard mvwin_wch(panel_stdscr(), Int32(row), Int32(column), &cell) != ERR else { return "" }
        var wide = [wchar_t](repeating: 0, count: 8)
        var attributes: attr_t = 0
        var pair: Int16 = 0
        getcchar(&cell, &wide, &attributes, &pair, nil)
        let scalars = wide.prefix { $0 != 0 }.compactMap { Unicode.Scalar(UInt32(bitPattern: $0)) }
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars)
        return text
    }

    public func close() {
        endwin()
        delscreen(screen)
        if let output { fclose(output) }
        if let input { fclose(input) }
    }
}
