import CSV
import Foundation
import PanelCore
import TerminalKit

/// Rows as CSV text (RFC 4180 quoting by CSV.swift), every cell neutralized: a name from a
/// province's file that starts with `=` or `@` is text in a spreadsheet, never a formula, in
/// every CSV panel writes; and what would steer a terminal (see `TerminalSafe`) written out,
/// since a CSV is as often read in a terminal as in a spreadsheet. A line break stays, quoted.
public func csvText(_ rows: [[String]]) -> String {
    let stream = OutputStream(toMemory: ())
    guard let writer = try? CSVWriter(stream: stream) else { return "" }
    for cells in rows {
        let row = cells.map { WinnerList.neutralized(TerminalSafe.text($0)) }
        try? writer.write(
            row: row,
            quotedAtIndex: { index in
                row[index].contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
            })
    }
    writer.stream.close()
    let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
    return String(decoding: data, as: UTF8.self) + (rows.isEmpty ? "" : "\n")
}

/// Pretty, key-sorted JSON (the stable contract of `--format json`), byte for byte what
/// Foundation's JSONEncoder wrote with empty arrays as `[]` (see `PrettyJSON`).
public func jsonText<T: Encodable>(_ value: T) throws -> String {
    String(decoding: try PrettyJSON.bytes(value), as: UTF8.self)
}

/// Rows as columns padded by display width, so that Chinese and ASCII line up; a cell is one
/// line of text whatever it holds (`TerminalSafe.cell`), so that no name can forge a row.
public func alignedColumns(_ cells: [[String]]) -> [String] {
    let rows = cells.map { $0.map(TerminalSafe.cell) }
    let count = rows.map(\.count).max() ?? 0
    let widths = (0..<count).map { column in rows.map { column < $0.count ? DisplayWidth.of($0[column]) : 0 }.max() ?? 0
    }
    return rows.map { row in
        row.enumerated().map { column, cell in
            column == row.count - 1 ? cell : DisplayWidth.padded(cell, to: widths[column])
        }.joined(separator: "  ")
    }
}
