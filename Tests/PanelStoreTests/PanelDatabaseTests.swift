import Foundation
import GRDB
import PanelCore
import PanelStore
import Testing

/// The real database file, in a folder of its own per test.
struct TemporaryPanel {
    let folder: URL
    var path: String { folder.appendingPathComponent("panel.sqlite").path }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("panel-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    static let rubrics = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scoring-rubrics")

    /// The shipped round; `rules` replaces texts of rules.toml (each must occur exactly once).
    static func round(rules edits: [(String, String)] = []) throws -> RoundDefinition {
        let files = try ["region", "school", "defense", "rules"].map { name in
            let url = rubrics.appendingPathComponent("\(name).toml")
            var text = try String(contentsOf: url, encoding: .utf8)
            if name == "rules" {
                for (old, new) in edits {
                    try #require(text.components(separatedBy: old).count == 2, "'\(old)' must occur once in rules.toml")
                    text = text.replacingOccurrences(of: old, with: new)
                }
            }
            return SourceFile(path: url.path, text: text)
        }
        return try RoundDefinition.load(files).get()
    }

    func create(rules edits: [(String, String)] = []) throws -> PanelDatabase {
        try PanelDatabase.create(at: path, round: Self.round(rules: edits), force: false)
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }
}

@Suite struct PanelDatabaseTests {
    static let nominations = """
        编号,类别,名称,省份,地市,学段,平台名称,接入国家平台,支撑区域
        R-33-01,区域,浙江省杭州市上城区,浙江,杭州市,,之江汇,是,
        S-33-01,学校,杭州市上城区实验小学,浙江,杭州市,基础教育,之江汇,是,R-33-01

        """

    @Test func createsAnOwnerOnlyFileHoldingTheRoundWithItsHashes() throws {
        let panel = try TemporaryPanel()
        defer { panel.remove() }
        let store = try panel.create()
        let mode = try FileManager.default.attributesOfItem(atPath: panel.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let round = try store.round()
        #expect(round.region.items.count == 16 && round.rules.quota.school == 200)
        let hashes = try store.sheetHashes()
        #expect(
            hashes["region"]
                == SHA256.hex(
                    try String(
                        contentsOf: TemporaryPanel.rubrics.appendingPathComponent("region.toml"), encoding: .utf8)))
        #expect(try store.verifyAudit() == .intact(entries: 1))
        // A second init refuses to overwrite it.
        #expect(throws: StoreError.self) { try panel.create() }
    }

    /// `rules()` parses the stored rules file alone: the same rules as the whole round's, changed
    /// ones included, whether or not the round was loaded first.
    @Test func theRulesAloneAreTheRoundsRules() throws {
        let panel = try TemporaryPanel()
        defer { panel.remove() }
        _ = try panel.create(rules: [("region = 40", "region = 12")])
        let fresh = try PanelDatabase.open(at: panel.path, readOnly: true)
        let alone = try fresh.rules()
        #expect(alone.quota.region == 12)
        #expect(alone == (try PanelDatabase.open(at: panel.path, readOnly: true).round().rules))
    }

    /// The file exists once creation starts; a creation that fails after that removes it (here the
    /// round's files cannot be stored: one name twice).
    @Test func aFailedCreationLeavesNoFileBehind() throws {
        let panel = try TemporaryPanel()
        defer { panel.remove() }
        var round = try TemporaryPanel.round()
        round.sources.append(round.sources[0])
        #expect(throws: (any Error).self) { try PanelDatabase.create(at: panel.path, round: round, force: false) }
        for suffix in ["", "-wal", "-shm"] { #expect(!FileManager.default.fileExists(atPath: panel.path + suffix)) }
    }

    /// A panel replaced or removed under a running process (as `init --force --discard` does): its
    /// next save is refused and says so, instead of going into a file nobody reads (issue 21,
    /// finding 1).
    @Test func aSaveIntoAReplacedOrRemovedFileIsRefused() throws {
        let panel = try TemporaryPanel()
        defer { panel.remove() }
        func experts(_ id: String) -> Data { Data("编号,姓名,省份,单位,角色,PIN\n\(id),组长,北京,,组长,9999\n".utf8) }
        func removeFiles() { for suffix in ["", "-wal", "-shm"] { unlink(panel.path + suffix) } }
        let store = try panel.create()
        _ = try store.importExperts(data: experts("C01"), file: "e.csv")  // the open file takes writes
        removeFiles()
        _ = try PanelDatabase.create(at: panel.path, round: TemporaryPanel.round(), force: false)
        let replacement = try SHA256.hex(ofFileAt: panel.path).hex
        let replaced = #expect(throws: StoreError.self) { try store.importExperts(data: experts("C02"), file: "e.csv") }
        #expect(
            replaced?.description.contains("\(panel.path) was replaced since panel opened it: nothing was saved")
                == true,
            "\(replaced?.description ?? "")")
        #expect(try SHA256.hex(ofFileAt: panel.path).hex == replacement)
        #expect(try PanelDatabase.open(at: panel.path, readOnly: true).experts().isEmpty)

        let fresh = try PanelDatabase.open(at: panel.path)
        removeFiles()
        let removed = #expect(throws: StoreError.self) { try fresh.importExperts(data: experts("C03"), file: "e.csv") }
        #expect(
            removed?.description.contains("\(panel.path) was removed since panel opened it") == true,
            "\(removed?.description ?? "")")
    }

    @Test func aRejectedImportLeavesTheFileByteIdentical() throws {
        let panel = try TemporaryPanel()
        defer { panel.remove() }
        _ = try panel.create()
        _ = try PanelDatabase.open(at: panel.path, readOnly: true).importNominations(
            data: Data(Self.nominations.utf8), file: "good.csv")
        let before = try Data(contentsOf: URL(fileURLWithPath: panel.path))
        // Row 2 is fine, row 3 repeats an id already imported: nothing of the file may land.
        let bad = "编号,类别,名称,省份,地市,学段,平台名称,接入国家平台\nS-2,学校,新学校,浙江,杭州市,基础教育,p,是\nS-33-01,学校,重复,浙江,杭州市,基础教育,p,是\n"
        #expect(throws: Problems.self) {
            try PanelDatabase.open(at: panel.path, readOnly: true).importNominations(
                data: Data(bad.utf8), file: "bad.csv")
        }
        #expect(
            try PanelDatabase.open(at: panel.path, readOnly: true).candidates().map(\.id) == ["R-33-01", "S-33-01"])
        let after = try Data(contentsOf: URL(fileURLWithPath: panel.path))
        #expect(before == after)
    }

    @Test func anEditedAuditEntryIsNamedByVerify() throws {
        let panel = try TemporaryPanel()
        defer { panel.remove() }
        let store = try panel.create()
        _ = try PanelDatabase.open(at: panel.path, readOnly: true).importNominations(
            data: Data(Self.nominations.utf8), file: "n.csv")
        _ = try PanelDatabase.open(at: panel.path, readOnly: true).importNominations(
            data: Data(Self.nominations.replacingOccurrences(of: "-33-01", with: "-33-02").utf8),
            file: "m.csv")
        #expect(try store.verifyAudit() == .intact(entries: 3))
        // Someone with the file edits entry 2 behind panel's back, as sqlite3 would.
        let intruder = try DatabaseQueue(path: panel.path)
        try intruder.write {
            try $0.execute(sql: "UPDATE audit SET after = replace(after, 'S-33-01', 'S-33-09') WHERE seq = 2")
        }
        guard case .broken(let seq, let reason) = try store.verifyAudit() else { Issue.record("not detected"); return }
        #expect(seq == 2)
        #expect(reason.contains("hash mismatch"))
        // Deleting an entry is caught too.
        try intruder.write { try $0.execute(sql: "DELETE FROM audit WHERE seq = 2") }
        #expect(try store.verifyAudit() == .broken(seq: 3, reason: "entry 2 is missing (the next one is 3)"))
    }

    @Test func auditEntriesAreFoundByWholeIDs() throws {
        let panel = try TemporaryPanel()
        defer { panel.remove() }
        let store = try panel.create()
        _ = try PanelDatabase.open(at: panel.path, readOnly: true).importNominations(
            data: Data(Self.nominations.utf8), file: "n.csv")
        let entries = try store.auditEntries()
        #expect(entries.map(\.action) == ["init", "import nominations"])
        #expect(entries[1].after?.contains("R-33-01 S-33-01") == true)
    }

    @Test func pinsAreStoredAsYescryptHashesOnly() throws {
        let hash = try PinHash.make("482913")
        #expect(hash.hasPrefix("$y$"))
        #expect(!hash.contains("482913"))
        #expect(PinHash.verify("482913", against: hash))
        #expect(!PinHash.verify("482914", against: hash))
        #expect(try PinHash.make("482913") != hash)  // a fresh salt each time
    }
}
