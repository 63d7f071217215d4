#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// ncursesw draws nothing but blanks for Chinese unless the process runs in a UTF-8 locale.
public enum TerminalLocale {
    /// Takes the user's locale; if it is not UTF-8, switches to C.UTF-8 (on this machine's Debian
    /// the one UTF-8 locale always installed). Returns false when no UTF-8 locale exists at all.
    @discardableResult
    public static func ensureUTF8() -> Bool {
        setlocale(LC_ALL, "")
        if isUTF8 { return true }
        for name in ["C.UTF-8", "C.utf8", "en_US.UTF-8"] where setlocale(LC_ALL, name) != nil {
            if isUTF8 { return true }
        }
        return false
    }

    public static var isUTF8: Bool {
        guard let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
        let name = String(cString: codeset).uppercased()
        return name == "UTF-8" || name == "UTF8"
    }
}
