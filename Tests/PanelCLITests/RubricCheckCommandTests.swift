import Foundation
import Testing

/// `panel rubric check` as a secretariat runs it: the real binary, real files.
@Suite struct RubricCheckCommandTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let names = ["region.toml", "school.toml", "defense.toml", "rules.toml"]

    @Test func theShippedFilesPassWithOneSummaryEach() throws {
        let paths = Self.names.map { Self.repo.appendingPathComponent("scoring-rubrics/\($0)").path }
        let run = try PanelProcess.run(["rubric", "check"] + paths)
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines[0].hasSuffix("region.toml: region sheet, 附件3 网络学习空间应用优秀区域评价指标: 4 groups, 16 items, total 100"))
        #expect(lines[1].hasSuffix("school.toml: school sheet, 附件4 网络学习空间应用优秀学校评价指标: 4 groups, 15 items, total 100"))
        #expect(lines[2].hasSuffix("defense.toml: defense sheet, 现场答辩评分表: 2 groups, 4 items, total 100"))
        #expect(lines[3].contains("rules.toml: rules, national round"))
        #expect(run.stderr.isEmpty)
    }

    @Test(arguments: [
        ("region.toml", "total = 100", "total = 90", "the groups add up to 100"),
        ("school.toml", "id = \"C3\"", "id = \"C2\"", "duplicate item id 'C2'"),
        ("defense.toml", "kind = \"defense\"", "kind = \"defence\"", "kind 'defence' is not region, school or defense"),
        ("rules.toml", "\"group:C\"]", "\"group:X\"]", "tie_break entry 'group:X' names no group"),
    ])
    func aBrokenCopyFailsNamingFileAndLine(name: String, old: String, new: String, message: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("panel-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for file in Self.names {
            var text = try String(
                contentsOf: Self.repo.appendingPathComponent("scoring-rubrics/\(file)"), encoding: .utf8)
            if file == name {
                #expect(text.components(separatedBy: old).count == 2)
                text = text.replacingOccurrences(of: old, with: new)
            }
            try text.write(to: folder.appendingPathComponent(file), atomically: true, encoding: .utf8)
        }
        let broken = folder.appendingPathComponent(name).path
        let text = try String(contentsOfFile: broken, encoding: .utf8)
        let line = try #require(text.components(separatedBy: "\n").lastIndex { $0.contains(new) }).advanced(by: 1)
        // The rules file alone: its sibling sheets are found beside it.
        let run = try PanelProcess.run(["rubric", "check", broken])
        #expect(run.status == 1)
        #expect(run.stderr.contains("\(broken):\(line): \(message)"))
        #expect(run.stderr.hasSuffix("1 problem found; fix them and check again.\n"))
        #expect(run.stdout.isEmpty)
    }

    @Test func aMissingOrNonUTF8FileIsNamed() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("panel-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let gbk = folder.appendingPathComponent("gbk.toml")
        // "[sheet]\n中文" in GBK
        try Data([0x5B, 0x73, 0x68, 0x65, 0x65, 0x74, 0x5D, 0x0A, 0xD6, 0xD0, 0xCE, 0xC4]).write(to: gbk)
        let run = try PanelProcess.run(["rubric", "check", gbk.path, folder.appendingPathComponent("absent.toml").path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("\(gbk.path): is not UTF-8 text"))
        #expect(run.stderr.contains("absent.toml: no such file"))
    }
}

/// Issue 8, 3: TOML files in the wrong encoding, or with a byte order mark inside, are refused
/// naming the file, by the real binary.
@Suite struct RubricEncodingTests {
    @Test func gbkMixedAndAnInnerByteOrderMarkAreRefused() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("panel-enc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = try String(
            contentsOf: RubricCheckCommandTests.repo.appendingPathComponent("scoring-rubrics/region.toml"),
            encoding: .utf8)
        let gbk = text.data(using: String.Encoding(rawValue: 0x8000_0632))!
        let utf8 = Data(text.utf8)
        let middle = utf8.count / 2
        let variants: [(String, Data, String)] = [
            ("gbk.toml", gbk, "is not UTF-8 text"),
            (
                "mixed.toml",
                utf8.prefix(middle) + Data("\n# ".utf8) + "说明".data(using: String.Encoding(rawValue: 0x8000_0632))!
                    + utf8.suffix(from: middle), "is not UTF-8 text"
            ),
            (
                "bom.toml", Data("[[group]]\n".utf8) + Data([0xEF, 0xBB, 0xBF]) + Data("id = \"A\"\n".utf8),
                "bom.toml:2"
            ),
        ]
        for (name, data, message) in variants {
            let path = folder.appendingPathComponent(name).path
            try data.write(to: URL(fileURLWithPath: path))
            let run = try PanelProcess.run(["rubric", "check", path])
            #expect(
                run.status != 0 && run.stderr.contains(path.replacingOccurrences(of: "\(name)", with: ""))
                    && run.stderr.contains(message),
                "\(name): \(run.stderr)")
        }
    }
}
