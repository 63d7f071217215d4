import Foundation

/// Every place the zip's directory points to lies inside the file, checked before ZIPFoundation
/// reads it: its in-memory reader traps on an offset past the end (the fuzzer found one in 11
/// runs), and a workbook from outside must be refused, never crash the import.
enum ZipLayout {
    static func problem(_ data: Data) -> String? {
        let bytes = [UInt8](data)
        func u16(_ at: Int) -> Int? {
            at >= 0 && at + 2 <= bytes.count ? Int(bytes[at]) | Int(bytes[at + 1]) << 8 : nil
        }
        func u32(_ at: Int) -> Int? {
            guard at >= 0, at + 4 <= bytes.count else { return nil }
            return Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24
        }
        // The end-of-central-directory record: in the last 22 bytes plus a comment of up to 64 KB.
        let earliest = max(0, bytes.count - 22 - 0xFFFF)
        guard bytes.count >= 22,
            let end = stride(from: bytes.count - 22, through: earliest, by: -1).first(where: { u32($0) == 0x0605_4B50 })
        else { return "is cut off (the zip's directory is missing)" }
        guard let entries = u16(end + 10), let size = u32(end + 12), let start = u32(end + 16) else {
            return "is cut off"
        }
        if entries == 0xFFFF || size == 0xFFFF_FFFF || start == 0xFFFF_FFFF {
            return "is a ZIP64 archive, which no summary table needs"
        }
        guard start + size <= end else { return "is damaged (its zip directory points past the end)" }
        var at = start
        for _ in 0..<entries {
            guard u32(at) == 0x0201_4B50, let flags = u16(at + 8), let method = u16(at + 10),
                let compressed = u32(at + 20), let uncompressed = u32(at + 24), let name = u16(at + 28),
                let extra = u16(at + 30), let comment = u16(at + 32), let local = u32(at + 42)
            else { return "is damaged (an entry of its zip directory is broken)" }
            if [compressed, uncompressed, local].contains(0xFFFF_FFFF) {
                return "is a ZIP64 archive, which no summary table needs"
            }
            // What ZIPFoundation reads of the entry: its local header, its data and, when the
            // flags say so, the data descriptor after it.
            let stored = method == 0 ? uncompressed : compressed
            let descriptor = flags & 0x08 != 0 ? 16 : 0
            guard u32(local) == 0x0403_4B50, let localName = u16(local + 26), let localExtra = u16(local + 28),
                local + 30 + localName + localExtra + max(stored, compressed) + descriptor <= bytes.count
            else { return "is damaged (a part of the workbook lies past the end of the file)" }
            at += 46 + name + extra + comment
            guard at <= end else { return "is damaged (its zip directory runs past its end)" }
        }
        return nil
    }
}
