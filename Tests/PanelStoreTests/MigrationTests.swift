import Foundation
import GRDB
import PanelCore
@testable import PanelStore
import Testing

/// A file made before v4 (no stored sheet totals) opens with the totals its scores add up to,
/// and ranks exactly as the same scores in a current file do.
@Suite struct MigrationTests {
    /// The tied panel's data copied into a file migrated only up to v3, as an older panel left it.
    static func version3Copy(of current: SmallPanel) throws -> String {
        let old = current.panel.folder.appendingPathComponent("v3.sqlite").path
        let queue = try DatabaseQueue(path: old)
        try Schema.migrator.migrate(queue, upTo: "v3 sign-in lock")
        try queue.inDatabase { db in
            try db.execute(sql: "ATTACH DATABASE ? AS current", arguments: [current.path])
            for table in ["round_file", "candidate", "assignment", "round_state", "audit"] {
                try db.execute(sql: "INSERT INTO main.\(table) SELECT * FROM current.\(table)")
            }
            // The columns v3 had: later migrations add more.
            try db.execute(
                sql: """
                    INSERT INTO main.expert (id, name, province, org, role, pin_hash, failed_pins,
                        consecutive_failures, locked_until)
                    SELECT id, name, province, org, role, pin_hash, failed_pins, consecutive_failures, locked_until
                    FROM current.expert
                    """)
            try db.execute(
                sql: """
                    INSERT INTO main.sheet (expert_id, candidate_id, stage, status, rubric_sha256, comment)
                        SELECT expert_id, candidate_id, stage, status, rubric_sha256, comment FROM current.sheet;
                    INSERT INTO main.score SELECT * FROM current.score;
                    """)
            try db.execute(sql: "DETACH DATABASE current")
        }
        return old
    }

    @Test func aVersion3FileGetsItsSheetTotalsOnceAtItsFirstOpen() throws {
        let (panel, current) = try SmallPanel.tiedAtTheCut()
        defer { panel.panel.remove() }
        let old = try Self.version3Copy(of: panel)
        let before = try Data(contentsOf: URL(fileURLWithPath: old))

        let upgraded = try PanelDatabase.open(at: old)
        let totals = { (store: PanelDatabase) in
            try store.pool.read { db in
                try Row.fetchAll(
                    db,
                    sql: "SELECT expert_id, candidate_id, stage, total, group_totals FROM sheet ORDER BY 1, 2, 3"
                ).map { "\($0[0] as String) \($0[1] as String) \($0[2] as String) \($0[3] as Int) \($0[4] as String)" }
            }
        }
        let expected = try totals(current)
        #expect(expected.count >= 6 && expected.allSatisfy { !$0.hasSuffix(" ") })
        #expect(try totals(upgraded) == expected)
        #expect(try upgraded.pool.read(Schema.isCurrent))
        #expect(try upgraded.ranking(.region).entries.map(\.status) == current.ranking(.region).entries.map(\.status))
        #expect(try Data(contentsOf: URL(fileURLWithPath: old)) != before)

        // Done once: a second open leaves the file as it is.
        let after = try Data(contentsOf: URL(fileURLWithPath: old))
        _ = try PanelDatabase.open(at: old, readOnly: true).ranking(.region)
        #expect(try Data(contentsOf: URL(fileURLWithPath: old)) == after)
    }

    @Test func aReadOnlyOpenOfAVersion3FileUpgradesItToo() throws {
        let (panel, current) = try SmallPanel.tiedAtTheCut()
        defer { panel.panel.remove() }
        let old = try Self.version3Copy(of: panel)
        let reader = try PanelDatabase.open(at: old, readOnly: true)
        #expect(reader.isReadOnly)
        #expect(try reader.ranking(.region).entries.map(\.final) == current.ranking(.region).entries.map(\.final))
    }
}
