import Foundation
import Testing

@testable import PanelCore

/// A sheet's UTF-8 is checked chunk by chunk as it streams out of the zip (issue 19).
@Suite struct UTF8CheckTests {
    @Test func aCharacterCutBetweenChunksIsAcceptedWhereverTheCutFalls() {
        let bytes = Array("专家编号,𠮷野家,E01\n".utf8)
        for cut in 0...bytes.count {
            for second in cut...bytes.count {
                var check = UTF8Check()
                let parts = [bytes[..<cut], bytes[cut..<second], bytes[second...]]
                #expect(parts.allSatisfy { check.accepts(Data($0)) } && check.isComplete, "cut at \(cut), \(second)")
            }
        }
    }

    @Test func aBadByteOrACutLastCharacterIsRefused() {
        var bad = UTF8Check()
        let good = bad.accepts(Data("专家".utf8))
        let broken = bad.accepts(Data([0xE4, 0xB8, 0x41]))
        #expect(good && !broken)
        var cut = UTF8Check()
        let half = cut.accepts(Data(Array("编号".utf8).dropLast()))
        #expect(half && !cut.isComplete)
        var overlong = UTF8Check()
        let refused = !overlong.accepts(Data([0xC0, 0xAF]))
        #expect(refused)
    }
}
