import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Asks for a PIN on the controlling terminal, showing `*` for each digit typed.
///
/// Reads /dev/tty rather than standard input, so a PIN is never taken from a pipe by accident.
/// Ctrl-C and Ctrl-D cancel; the terminal's settings are restored however the prompt ends.
enum PinPrompt {
    enum Outcome { case pin(String), cancelled, noTerminal }

    static func ask(_ prompt: String) -> Outcome {
        let tty = Glibc.open("/dev/tty", O_RDWR | O_NOCTTY)
        guard tty >= 0 else { return .noTerminal }
        defer { Glibc.close(tty) }
        var saved = termios()
        guard tcgetattr(tty, &saved) == 0 else { return .noTerminal }
        var raw = saved
        // No echo, byte at a time, and Ctrl-C as a byte: we restore the settings before leaving.
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON | ISIG)
        tcsetattr(tty, TCSAFLUSH, &raw)
        defer { tcsetattr(tty, TCSAFLUSH, &saved) }

        func write(_ text: String) { _ = text.withCString { Glibc.write(tty, $0, strlen($0)) } }
        write(prompt)
        var pin = ""
        var byte: UInt8 = 0
        while Glibc.read(tty, &byte, 1) == 1 {
            switch byte {
            case 0x0D, 0x0A:
                write("\r\n")
                return .pin(pin)
            case 0x03, 0x04:
                write("\r\n")
                return .cancelled
            case 0x7F, 0x08:
                if !pin.isEmpty { pin.removeLast(); write("\u{8} \u{8}") }
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if pin.count < 64 { pin.append(Character(UnicodeScalar(byte))); write("*") }
            default:
                break  // PINs are digits; anything else is ignored rather than shown
            }
        }
        return .cancelled
    }
}
