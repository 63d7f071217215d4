import Foundation

/// `C12` → column 2; nil for anything else.
enum XLSXReference {
    static func column(_ reference: String) -> Int? {
        var column = 0, letters = 0
        for scalar in reference.unicodeScalars {
            guard (65...90).contains(scalar.value) else { break }
            column = column * 26 + Int(scalar.value - 64)
            letters += 1
        }
        return letters == 0 || letters > 3 ? nil : column - 1
    }

    /// `C12` → row 12.
    static func row(_ reference: String) -> Int? {
        Int(String(reference.unicodeScalars.drop { (65...90).contains($0.value) }))
    }

    /// `C4:C6` → the cells it merges; a single cell is a range of one.
    static func merge(_ reference: String) -> Workbook.Merge? {
        let ends = reference.split(separator: ":").map(String.init)
        guard (1...2).contains(ends.count), let first = ends.first, let last = ends.last,
            let firstColumn = column(first), let firstRow = row(first), let lastColumn = column(last),
            let lastRow = row(last)
        else { return nil }
        return Workbook.Merge(
            firstRow: min(firstRow, lastRow), lastRow: max(firstRow, lastRow),
            firstColumn: min(firstColumn, lastColumn), lastColumn: max(firstColumn, lastColumn))
    }

    /// Column 2 → `C`.
    static func name(_ column: Int) -> String {
        var column = column + 1, name = ""
        while column > 0 {
            let digit = (column - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + digit))) + name
            column = (column - 1) / 26
        }
        return name
    }
}

/// A number as a person typed it: a phone number or an id stored as a number comes back
/// `13900001100`, never `1.39E+10` or `13900001100.0`.
enum XLSXNumber {
    static func text(_ stored: String) -> String {
        guard let value = Double(stored), value.isFinite else { return stored }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        if let decimal = Decimal(string: stored) { return "\(decimal)" }
        return stored
    }
}

/// A date as Excel stores it (days since 1899-12-30, or since 1904-01-01 in a workbook saved on an
/// old Mac) written the way libfreexl writes an .xls date, so both formats read the same:
/// `2020-12-28`, `2020-12-28 09:00:00`, `09:00:00`.
enum SpreadsheetDate {
    static func text(serial stored: String, date1904: Bool) -> String? {
        guard let serial = Double(stored), serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }
        var days = Int(serial.rounded(.down))
        let seconds = Int(((serial - Double(days)) * 86_400).rounded())
        // Excel counts a 29 February 1900 that never was: serials up to it are one day later.
        if date1904 {
            days += 1462
        } else if days < 61 {
            days += 1
        }
        if seconds == 86_400 { days += 1 }
        let time = seconds % 86_400
        let clock = String(format: "%02d:%02d:%02d", time / 3600, time / 60 % 60, time % 60)
        if serial < 1 { return clock }
        let (year, month, day) = civil(daysSince18991230: days)
        let date = String(format: "%04d-%02d-%02d", year, month, day)
        return time == 0 ? date : date + " " + clock
    }

    /// The proleptic Gregorian date `days` after 1899-12-30 (Howard Hinnant's days_from_civil inverse).
    static func civil(daysSince18991230 days: Int) -> (Int, Int, Int) {
        let z = days - 25_569 + 719_468  // 1899-12-30 is 25,569 days before 1970-01-01
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shifted = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shifted + 2) / 5 + 1
        let month = shifted < 10 ? shifted + 3 : shifted - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Excel's built-in number formats that are dates or times (14–22, 45–47, and the East Asian
    /// 27–36 and 50–58 that Chinese Excel and WPS use for `2020年12月28日`).
    static let builtInFormats: Set<Int> = Set(14...22).union(27...36).union(45...47).union(50...58)

    /// A custom format is a date when it has a date or time letter outside quotes, brackets and
    /// escapes (`yyyy-mm-dd`, `yyyy"年"m"月"d"日"`; not `0.00` nor `[Red]0`).
    static func isDateFormat(_ code: String) -> Bool {
        var quoted = false, bracket = false, escaped = false
        for character in code.lowercased() {
            if escaped { escaped = false; continue }
            switch character {
            case "\\": escaped = true
            case "\"": quoted.toggle()
            case "[" where !quoted: bracket = true
            case "]" where !quoted: bracket = false
            case "y", "m", "d", "h", "s": if !quoted && !bracket { return true }
            default: break
            }
        }
        return false
    }
}
