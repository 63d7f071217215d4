import CSV
import Foundation

/// Rows as CSV text (RFC 4180 quoting by CSV.swift).
func csvText(_ rows: [[String]]) -> String {
    let stream = OutputStream(toMemory: ())
    guard let writer = try? CSVWriter(stream: stream) else { return "" }
    for row in rows {
        try? writer.write(row: row, quotedAtIndex: { index in
            row[index].contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
        })
    }
    writer.stream.close()
    let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
    return String(decoding: data, as: UTF8.self) + (rows.isEmpty ? "" : "\n")
}
