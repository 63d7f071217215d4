import Foundation
import GRDB
import PanelCore

/// `audit verify`'s second half: the chain being intact proves no entry was edited, not that the
/// tables still say what the entries say. Here the sheets and the chair's decisions are rebuilt
/// from the entries (`AuditReplay`) and compared with the tables, and every sheet's stored total
/// with the sum of its stored scores.
extension PanelDatabase {
    /// Each difference between the tables and the audit log, in words; empty when they agree.
    public func auditStateDifferences() throws -> [String] {
        let round = try self.round()
        return try pool.read { db in
            var replay = AuditReplay()
            let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM audit ORDER BY seq")
            while let row = try cursor.next() { replay.apply(AuditEntry(row: row)) }
            var differences = replay.unreadable.map { "audit entry \($0.seq) cannot be read back (\($0.why))" }
            for name in AuditReplay.tableNames {
                differences += Self.compare(name, stored: try Self.table(name, db), audited: replay.tables[name] ?? [:])
            }
            differences += try Self.scoreDifferences(db, audited: replay.scores)
            differences += try Self.totalDifferences(db, round: round)
            if let snapshot = try String.fetchOne(db, sql: "SELECT value FROM round_state WHERE key = 'snapshot'"),
                let hash = try String.fetchOne(db, sql: "SELECT value FROM round_state WHERE key = 'snapshot_sha256'"),
                SHA256.hex(snapshot) != hash
            {
                differences.append("the final ranking's snapshot does not hash to its recorded sha256 \(hash)")
            }
            return differences
        }
    }

    /// The last entry of the chain: recorded elsewhere (printed by finalize and every export), it
    /// shows later that the chain was not cut short, which no check of the file alone can.
    public func auditHead() throws -> (seq: Int64, hash: String)? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").map {
                ($0["seq"], $0["hash"])
            }
        }
    }

    /// The entry whose hash is `hash`, if the chain holds it.
    public func auditEntry(hash: String) throws -> Int64? {
        try pool.read { try Int64.fetchOne($0, sql: "SELECT seq FROM audit WHERE hash = ?", arguments: [hash]) }
    }

    /// A table in the shape `AuditReplay` keeps it.
    static func table(_ name: String, _ db: Database) throws -> AuditReplay.Table {
        let sql: String
        switch name {
        case "sheet":
            sql = "SELECT expert_id || ' ' || candidate_id || ' ' || stage, status, comment FROM sheet"
        case "recusal":
            sql = """
                SELECT expert_id || ' ' || candidate_id, reason, state, chair, decision, replacement FROM recusal
                """
        case "spot_check": sql = "SELECT candidate_id, CAST(passed AS TEXT), note, chair FROM spot_check"
        case "override": sql = "SELECT candidate_id, action, reason, chair FROM override"
        case "defense_absence": sql = "SELECT candidate_id, note, chair FROM defense_absence"
        case "shortlist_freeze": sql = "SELECT kind, candidate_ids, chair FROM shortlist_freeze"
        case "resolution": sql = "SELECT kind, tie_group, winners, reason, chair FROM resolution"
        case "outlier_review":
            sql = """
                SELECT expert_id || ' ' || candidate_id || ' ' || stage, CAST(total AS TEXT), note, chair
                FROM outlier_review
                """
        case "defense_slot":
            sql = """
                SELECT candidate_id, CAST(group_number AS TEXT), CAST(position AS TEXT), state,
                CAST(started_at AS TEXT), CAST(paused_at AS TEXT), CAST(paused_seconds AS TEXT),
                CAST(ended_at AS TEXT), CAST(late AS TEXT), planned_start, planned_end FROM defense_slot
                """
        default:
            sql = """
                SELECT key, value FROM round_state WHERE key IN ('finalized', 'snapshot_sha256', 'defense_open')
                """
        }
        var table: AuditReplay.Table = [:]
        for row in try Row.fetchAll(db, sql: sql) {
            // A NULL (possible only in a file edited by hand) reads as text that no entry wrote.
            let values = (0..<row.count).map { (row[$0] as String?) ?? "NULL" }
            table[values[0]] = Array(values.dropFirst())
        }
        return table
    }

    static func compare(_ name: String, stored: AuditReplay.Table, audited: AuditReplay.Table) -> [String] {
        func shown(_ row: [String]) -> String { row.map { "'\($0)'" }.joined(separator: ", ") }
        var differences: [(key: String, text: String)] = []
        for (key, row) in stored {
            if let expected = audited[key] {
                if row != expected {
                    differences.append(
                        (key, "\(name) \(key): \(shown(row)) is stored, the audit log says \(shown(expected))"))
                }
            } else {
                differences.append((key, "\(name) \(key): \(shown(row)) is stored, but no audit entry wrote it"))
            }
        }
        for (key, row) in audited where stored[key] == nil {
            differences.append((key, "\(name) \(key): the audit log says \(shown(row)), but it is not stored"))
        }
        return differences.sorted { $0.key < $1.key }.map(\.text)
    }

    /// The score rows, a sheet at a time, against the replay's; said in points, as the entries say them.
    static func scoreDifferences(_ db: Database, audited: [String: [String: Int]]) throws -> [String] {
        var differences: [(key: String, text: String)] = []
        var seen = Set<String>()
        var sheet = "", items: [String: Int] = [:]
        func compareSheet() {
            guard !sheet.isEmpty else { return }
            seen.insert(sheet)
            let expected = audited[sheet] ?? [:]
            for (item, hundredths) in items where expected[item] != hundredths {
                let key = "\(sheet) \(item)"
                let stored = Points(hundredths: hundredths)
                differences.append(
                    (
                        key,
                        expected[item].map {
                            "score \(key): \(stored) is stored, the audit log says \(Points(hundredths: $0))"
                        }
                            ?? "score \(key): \(stored) is stored, but no audit entry wrote it"
                    ))
            }
            for (item, hundredths) in expected where items[item] == nil {
                let key = "\(sheet) \(item)"
                differences.append(
                    (key, "score \(key): the audit log says \(Points(hundredths: hundredths)), but it is not stored"))
            }
        }
        let cursor = try Row.fetchCursor(
            db,
            sql: """
                SELECT expert_id || ' ' || candidate_id || ' ' || stage, item_id, hundredths FROM score
                ORDER BY expert_id, candidate_id, stage
                """)
        while let row = try cursor.next() {
            let key: String = row[0]
            if key != sheet {
                compareSheet()
                (sheet, items) = (key, [:])
            }
            items[row[1]] = row[2]
        }
        compareSheet()
        for (key, expected) in audited where !seen.contains(key) {
            for (item, hundredths) in expected {
                differences.append(
                    (
                        "\(key) \(item)",
                        "score \(key) \(item): the audit log says \(Points(hundredths: hundredths)), but it is not "
                            + "stored"
                    ))
            }
        }
        return differences.sorted { $0.key < $1.key }.map(\.text)
    }

    /// `A=1850 B=0` → [A: 1850]: a group with no score yet is 0 whether it is written or not.
    static func nonZeroGroups(_ text: String) -> [Substring: Substring] {
        var groups: [Substring: Substring] = [:]
        for pair in text.split(separator: " ") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2, parts[1] != "0" {
                groups[parts[0]] = parts[1]
            } else if parts.count != 2 {
                groups[pair] = ""
            }
        }
        return groups
    }

    /// Every sheet's stored total and group subtotals against the sum of its stored scores.
    static func totalDifferences(_ db: Database, round: RoundDefinition) throws -> [String] {
        let folded = Dictionary(
            try foldedSheetTotals(db, round: round).map { ($0.key.row, $0) }, uniquingKeysWith: { first, _ in first })
        var differences: [String] = []
        let rows = try Row.fetchAll(db, sql: "SELECT expert_id, candidate_id, stage, total, group_totals FROM sheet")
        for row in rows {
            let key = "\(row["expert_id"] as String) \(row["candidate_id"] as String) \(row["stage"] as String)"
            let expected = folded[key]
            let total = expected?.total.hundredths ?? 0
            let groups = expected.map(groupTotalsText) ?? ""
            let stored = try Stored.column(Int.self, "total", table: "sheet", row: row)
            if stored != total {
                differences.append(
                    "sheet \(key): total \(Points(hundredths: stored)) is stored, its scores add up to "
                        + "\(Points(hundredths: total))"
                )
            } else if expected != nil, Self.nonZeroGroups(row["group_totals"]) != Self.nonZeroGroups(groups) {
                differences.append(
                    "sheet \(key): group totals '\(row["group_totals"] as String)' are stored, its scores give "
                        + "'\(groups)'"
                )
            }
        }
        return differences
    }
}
