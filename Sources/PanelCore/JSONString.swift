/// A string as a JSON string literal, escaped byte for byte as Foundation's JSONEncoder escapes it,
/// so that text written directly matches text the encoder wrote before (audit chains are hashed
/// over such bytes; `--format json` is a contract).
public enum JSONString {
    private static let hex = Array("0123456789abcdef".utf8)

    /// Appends `"…"`: quote, backslash and control characters escaped, `/` too unless told not to,
    /// everything else (Chinese included) as its UTF-8 bytes. With `escapingTerminalControls`,
    /// also the rest of what `TerminalSafe` escapes (DEL, the C1 controls, U+009B is a CSI on many
    /// terminals, and the bidi marks, overrides and isolates), as `\uXXXX`: Foundation passes them
    /// through, and `--format json` printed to a terminal must not steer it nor reorder a line.
    /// The value is the same to a JSON reader.
    public static func append(
        _ string: String, to out: inout [UInt8], escapingSlashes: Bool, escapingTerminalControls: Bool = false
    ) {
        if escapingTerminalControls, string.utf8.contains(where: { $0 == 0x7F || $0 == 0xC2 || $0 == 0xE2 }),
            string.unicodeScalars.contains(where: isTerminalControl)
        {
            out.append(UInt8(ascii: "\""))
            for scalar in string.unicodeScalars {
                if isTerminalControl(scalar) {
                    for prefix in "\\u".utf8 { out.append(prefix) }
                    for shift in [12, 8, 4, 0] { out.append(hex[Int((scalar.value >> UInt32(shift)) & 0xF)]) }
                } else {
                    var single: [UInt8] = []
                    append(String(scalar), to: &single, escapingSlashes: escapingSlashes)
                    out.append(contentsOf: single.dropFirst().dropLast())
                }
            }
            out.append(UInt8(ascii: "\""))
            return
        }
        out.append(UInt8(ascii: "\""))
        var copy = string
        copy.withUTF8 { bytes in
            var mark = 0
            for (index, byte) in bytes.enumerated() {
                let escape: (UInt8, UInt8)?
                switch byte {
                case UInt8(ascii: "\""): escape = (UInt8(ascii: "\\"), UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): escape = (UInt8(ascii: "\\"), UInt8(ascii: "\\"))
                case UInt8(ascii: "/") where escapingSlashes: escape = (UInt8(ascii: "\\"), UInt8(ascii: "/"))
                case 0x08: escape = (UInt8(ascii: "\\"), UInt8(ascii: "b"))
                case 0x0C: escape = (UInt8(ascii: "\\"), UInt8(ascii: "f"))
                case 0x0A: escape = (UInt8(ascii: "\\"), UInt8(ascii: "n"))
                case 0x0D: escape = (UInt8(ascii: "\\"), UInt8(ascii: "r"))
                case 0x09: escape = (UInt8(ascii: "\\"), UInt8(ascii: "t"))
                case 0x00..<0x20: escape = nil
                default: continue
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[mark..<index]))
                mark = index + 1
                // Byte by byte: an array literal here would be an allocation per escape.
                if let (first, second) = escape {
                    out.append(first)
                    out.append(second)
                } else {
                    for prefix in "\\u00".utf8 { out.append(prefix) }
                    out.append(hex[Int(byte >> 4)])
                    out.append(hex[Int(byte & 0xF)])
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[mark...]))
        }
        out.append(UInt8(ascii: "\""))
    }

    /// The C0 controls have JSON's own escapes above; the rest of what steers a terminal is here.
    static func isTerminalControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 0x7F && TerminalSafe.steers(scalar)
    }
}
