#if canImport(Glibc)
import Glibc
#endif

/// Puts the terminal back if the front end dies of a signal (a crash, `kill -TERM`): an expert
/// must never be left at a shell that echoes nothing, inside the alternate screen, without a
/// cursor. Only async-signal-safe calls run in the handler: the terminal modes saved before curses
/// changed them are set again with tcsetattr and the screen is left with write(2). The handler
/// that was there before (the Swift runtime's backtracer) then runs, so a crash is still reported,
/// now on a usable terminal; and the process ends with the signal's default action whatever that
/// handler did (a backtracer returns when the signal was sent rather than a fault).
enum CrashRestore {
    nonisolated(unsafe) private static var saved = termios()
    nonisolated(unsafe) private static var hasSaved = false
    nonisolated(unsafe) private static var previous: [sigaction] = Array(repeating: sigaction(), count: 65)
    static let signals = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE, SIGTERM, SIGHUP, SIGQUIT]

    /// Called before curses takes the terminal.
    static func install() {
        guard tcgetattr(STDIN_FILENO, &saved) == 0 else { return }
        hasSaved = true
        var unblock = sigset_t()
        sigemptyset(&unblock)
        for signal in signals {
            sigaddset(&unblock, signal)
            var action = sigaction()
            action.__sigaction_handler.sa_sigaction = { number, info, context in
                CrashRestore.restore()
                let before = CrashRestore.previous[Int(number)]
                if before.sa_flags & SA_SIGINFO != 0, let handler = before.__sigaction_handler.sa_sigaction {
                    handler(number, info, context)
                }
                Glibc.signal(number, SIG_DFL)
                raise(number)
            }
            action.sa_flags = SA_SIGINFO
            sigemptyset(&action.sa_mask)
            sigaction(signal, &action, &previous[Int(signal)])
        }
        // A front end started with these blocked (inherited from whatever started it) would never
        // end on a hang-up or a TERM.
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
    }

    /// Back to the modes before curses: leave the alternate screen, show the cursor, reset colours.
    static func restore() {
        if hasSaved { tcsetattr(STDIN_FILENO, TCSANOW, &saved) }
        let reset: StaticString = "\u{1b}[0m\u{1b}[?25h\u{1b}[?1049l\r\n"
        _ = write(STDOUT_FILENO, reset.utf8Start, reset.utf8CodeUnitCount)
    }
}
