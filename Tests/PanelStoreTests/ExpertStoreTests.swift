import Foundation
import GRDB
import PanelCore
import PanelStore
import Testing

@Suite struct ExpertStoreTests {
    @Test func importsExpertsWithHashedGivenAndGeneratedPINs() throws {
        let panel = try TemporaryPanel()
        defer { panel.remove() }
        let store = try panel.create()
        let csv = "编号,姓名,省份,单位,角色,PIN\nE01,王芳,浙江,浙江大学,专家,482913\nE02,李强,江苏省,南京师范大学,专家,\nC01,赵敏,北京,中央电化教育馆,组长,0000\n"
        let result = try PanelDatabase.open(at: panel.path, readOnly: true).importExperts(
            data: Data(csv.utf8), file: "experts.csv")
        #expect(result.imported.map(\.id) == ["E01", "E02", "C01"])
        #expect(result.imported.map(\.role) == [.expert, .expert, .chair])
        #expect(result.imported.map(\.province) == ["浙江省", "江苏省", "北京市"])
        #expect(result.generated.map(\.id) == ["E02"])
        let generated = try #require(result.generated.first?.pin)
        #expect(generated.count == 6 && generated.allSatisfy(\.isNumber))
        for (id, pin) in [("E01", "482913"), ("E02", generated), ("C01", "0000")] {
            let hash = try #require(try store.pinHash(of: id))
            #expect(hash.hasPrefix("$y$"))
            #expect(!hash.contains(pin))
            #expect(PinHash.verify(pin, against: hash))
            #expect(!PinHash.verify(pin + "1", against: hash))
        }
        // Nothing in the file holds a PIN in plain text.
        let bytes =
            try Data(contentsOf: URL(fileURLWithPath: panel.path))
            + ((try? Data(contentsOf: URL(fileURLWithPath: panel.path + "-wal"))) ?? Data())
        #expect(bytes.range(of: Data("482913".utf8)) == nil)
    }

    @Test func aBadExpertsFileIsRefusedWithLinesAndChangesNothing() throws {
        let panel = try TemporaryPanel()
        defer { panel.remove() }
        _ = try panel.create()
        _ = try PanelDatabase.open(at: panel.path, readOnly: true).importExperts(
            data: Data("id,name,province\nE01,王芳,浙江\n".utf8), file: "a.csv")
        let before = try Data(contentsOf: URL(fileURLWithPath: panel.path))
        let bad = "id,name,province,role,pin\nE02,李强,江苏,评委,1234\nE01,王芳,浙江,expert,1234\nE03,周,火星,expert,12a4\n"
        #expect {
            try PanelDatabase.open(at: panel.path, readOnly: true).importExperts(data: Data(bad.utf8), file: "b.csv")
        } throws: { error in
            (error as? Problems)?.all.map(\.description) == [
                "b.csv:2: 角色 '评委' is neither 专家 (expert) nor 组长 (chair)",
                "b.csv:3: 编号 'E01' is already in the database",
                "b.csv:4: 省份 '火星' is not a province-level unit — write it as 浙江 or 浙江省",
                "b.csv:4: the PIN must be 4 to 12 digits",
            ]
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: panel.path)) == before)
    }
}
