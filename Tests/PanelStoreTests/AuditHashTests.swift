import Foundation
import PanelCore
@testable import PanelStore
import Testing

/// The audit chain's hashes are over a JSON array of the entry's fields. panel writes that JSON
/// itself; every chain written before (with JSONEncoder) must keep verifying.
@Suite struct AuditHashTests {
    @Test func theHandWrittenJSONIsByteForByteJSONEncoders() throws {
        var samples: [String?] = [
            nil, "", "E01 R-33-01 material", "submitted: A1=4.5 A2=3 (file 评分.csv)", "a/b\\c\"d",
            "行一\n行二\r\n\t制表", "\u{2028}\u{2029}\u{7F}\u{FEFF}😀", "=cmd|' /C calc'!A0",
        ]
        samples += (0..<0x80).map { String(UnicodeScalar(UInt8($0))) }
        for chunk in stride(from: 0, to: samples.count, by: 8) {
            let fields = Array(samples[chunk..<min(chunk + 8, samples.count)])
            #expect(AuditEntry.jsonArray(fields) == Array(try JSONEncoder().encode(fields)), "\(fields)")
        }
    }
}
