import Foundation
import PanelCore
import PanelViews

/// Shows a long import's progress on standard error when it is a terminal, once the import has
/// taken a second (a short import shows nothing; `PANEL_PROGRESS_AFTER=0` shows it at once), at
/// most ten times a second; the line is cleared when the import ends. Nothing at all when standard
/// error is not a terminal (a pipe, cron, a test).
public final class ProgressBar {
    private let file: String
    private let started: Date
    private let width: Int
    private let after: Double
    private var phase: ImportProgress.Phase?
    private var phaseStarted: Date
    private var lastShown = Date.distantPast
    /// When the last report came: a new phase began about then, when the previous one ended.
    private var lastReport: Date
    private var shown = false

    /// nil when standard error is not a terminal.
    public init?(file: String) {
        guard isatty(STDERR_FILENO) != 0 else { return nil }
        self.file = file
        after = ProcessInfo.processInfo.environment["PANEL_PROGRESS_AFTER"].flatMap(Double.init) ?? 1
        started = Date()
        phaseStarted = started
        lastReport = started
        var size = winsize()
        width = ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 ? Int(size.ws_col) : 80
    }

    public func report(_ progress: ImportProgress) {
        let now = Date()
        if progress.phase != phase {
            phaseStarted = phase == nil ? started : lastReport
            phase = progress.phase
        }
        lastReport = now
        guard now.timeIntervalSince(started) >= after, now.timeIntervalSince(lastShown) >= 0.1 else { return }
        lastShown = now
        shown = true
        let line = ProgressLine.render(
            progress, file: file, seconds: now.timeIntervalSince(phaseStarted), width: width)
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + TerminalSafe.cell(line)).utf8))
    }

    /// Clears the bar's line, so that what the import prints next starts on a clean line.
    public func finish() {
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
