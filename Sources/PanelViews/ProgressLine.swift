import PanelCore
import TerminalKit

/// One line of a progress bar for a long import, as a terminal shows it on standard error:
/// `读取 E01.xlsx [########............] 412,000/1,000,000 行  52,000 行/s  剩余 0:12`. ASCII
/// for the bar: block elements are of ambiguous width, two columns in some Chinese terminals.
public enum ProgressLine {
    /// - Parameters:
    ///   - seconds: since this phase began, for the rate and the time left.
    ///   - width: the terminal's columns; the line never runs past them.
    public static func render(_ progress: ImportProgress, file: String, seconds: Double, width: Int) -> String {
        let unit = progress.phase == .writing ? "表" : "行"
        let rate = seconds > 0 ? Double(progress.done) / seconds : 0
        var counts = grouped(progress.done)
        var bar = ""
        var left = ""
        if let total = progress.total, total > 0 {
            let share = min(1, Double(progress.done) / Double(total))
            counts += "/" + grouped(total)
            let filled = Int((share * 20).rounded(.down))
            bar = " [" + String(repeating: "#", count: filled) + String(repeating: ".", count: 20 - filled) + "]"
            if rate > 0 {
                let remaining = Int((Double(total - min(total, progress.done)) / rate).rounded(.up))
                left = "  剩余 \(remaining / 60):" + (remaining % 60 < 10 ? "0" : "") + "\(remaining % 60)"
            }
        }
        let line = "\(progress.phase.rawValue) \(file)\(bar) \(counts) \(unit)  \(grouped(Int(rate))) \(unit)/s\(left)"
        return fitted(line, width: width)
    }

    static func grouped(_ number: Int) -> String {
        var digits = String(number), out = ""
        while digits.count > 3 {
            out = "," + digits.suffix(3) + out
            digits = String(digits.dropLast(3))
        }
        return digits + out
    }

    /// Cut at the terminal's width (one column left free: a line filling the last column wraps).
    static func fitted(_ line: String, width: Int) -> String {
        DisplayWidth.prefix(line, fitting: max(0, width - 1))
    }
}
