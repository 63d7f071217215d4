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

/// Pretty, key-sorted JSON on standard output (the stable contract of `--format json`).
func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let text = String(decoding: try encoder.encode(value), as: UTF8.self)
    // Foundation on Linux pretty-prints an empty array as "[\n\n  ]"; strings never hold a raw newline.
    print(text.replacingOccurrences(of: #"\[\n\s*\n\s*\]"#, with: "[]", options: .regularExpression))
}
