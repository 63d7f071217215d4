import CSV
import Foundation
import TerminalKit

/// Rows as CSV text (RFC 4180 quoting by CSV.swift).
public func csvText(_ rows: [[String]]) -> String {
    let stream = OutputStream(toMemory: ())
    guard let writer = try? CSVWriter(stream: stream) else { return "" }
    for row in rows {
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

/// Pretty, key-sorted JSON (the stable contract of `--format json`).
public func jsonText<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return collapsingEmptyArrays(try encoder.encode(value))
}

/// Foundation on Linux pretty-prints an empty array as "[\n\n  ]": written `[]` here, in one pass
/// over the bytes (a regular expression over the whole output was a sixth of `panel candidates`).
/// Strings never hold a raw newline, so a `[`, a newline, white space and a `]` is always an array.
func collapsingEmptyArrays(_ json: Data) -> String {
    let bytes = [UInt8](json)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var index = 0
    while index < bytes.count {
        let byte = bytes[index]
        out.append(byte)
        index += 1
        guard byte == UInt8(ascii: "[") else { continue }
        // A newline right after `[`: outside strings only, which never hold a raw one.
        guard index < bytes.count, bytes[index] == 0x0A else { continue }
        var end = index
        while end < bytes.count, bytes[end] == 0x0A || bytes[end] == 0x20 { end += 1 }
        if end < bytes.count, bytes[end] == UInt8(ascii: "]") {
            out.append(UInt8(ascii: "]"))
            index = end + 1
        }
    }
    return String(decoding: out, as: UTF8.self)
}

/// Rows as columns padded by display width, so that Chinese and ASCII line up.
public func alignedColumns(_ rows: [[String]]) -> [String] {
    let count = rows.map(\.count).max() ?? 0
    let widths = (0..<count).map { column in rows.map { column < $0.count ? DisplayWidth.of($0[column]) : 0 }.max() ?? 0
    }
    return rows.map { row in
        row.enumerated().map { column, cell in
            column == row.count - 1 ? cell : DisplayWidth.padded(cell, to: widths[column])
        }.joined(separator: "  ")
    }
}
