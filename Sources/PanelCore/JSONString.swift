/// A string as a JSON string literal, escaped byte for byte as Foundation's JSONEncoder escapes it,
/// so that text written directly matches text the encoder wrote before (audit chains are hashed
/// over such bytes; `--format json` is a contract).
public enum JSONString {
    private static let hex = Array("0123456789abcdef".utf8)

    /// Appends `"…"`: quote, backslash and control characters escaped, `/` too unless told not to,
    /// everything else (Chinese included) as its UTF-8 bytes.
    public static func append(_ string: String, to out: inout [UInt8], escapingSlashes: Bool) {
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
}
