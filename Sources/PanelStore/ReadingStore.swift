import Foundation
import GRDB
import PanelCore

/// Who read which dossier, and for how long: so that the chair sees a sheet submitted without
/// its dossier ever opened (未查阅材料).
extension PanelDatabase {
    /// Adds `seconds` of reading to `expert`'s record of `candidate`'s dossier, opening it at `now`
    /// the first time. An expert records only their own reading, of their own candidates.
    public func recordReading(expert: String, candidate: String, seconds: Int, now: Date = Date()) throws {
        try pool.write { db in
            guard
                try Bool.fetchOne(
                    db, sql: "SELECT EXISTS (SELECT 1 FROM assignment WHERE expert_id = ? AND candidate_id = ?)",
                    arguments: [expert, candidate]) == true
            else { return }  // the chair reads any dossier; only assigned readers are counted
            try db.execute(
                sql: """
                    INSERT INTO dossier_reading (expert_id, candidate_id, first_opened, seconds) VALUES (?, ?, ?, ?)
                    ON CONFLICT (expert_id, candidate_id) DO UPDATE SET seconds = seconds + excluded.seconds
                    """,
                arguments: [expert, candidate, ISO8601DateFormatter().string(from: now), max(0, seconds)])
        }
    }

    /// Each expert's reading of each dossier they opened: first opened, seconds.
    public func readings() throws -> [(expert: String, candidate: String, firstOpened: String, seconds: Int)] {
        try pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT expert_id, candidate_id, first_opened, seconds FROM dossier_reading ORDER BY 1, 2"
            ).map { ($0[0], $0[1], $0[2], $0[3]) }
        }
    }

    /// Material sheets submitted without their dossier ever opened by their expert, where there
    /// is a dossier to open.
    public func unreadSubmissions() throws -> [SheetKey] {
        try pool.read(Self.unreadSubmissions)
    }

    static func unreadSubmissions(_ db: Database) throws -> [SheetKey] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT s.expert_id, s.candidate_id FROM sheet s
                WHERE s.status = 'submitted' AND s.stage = 'material'
                    AND EXISTS (SELECT 1 FROM dossier_file f WHERE f.candidate_id = s.candidate_id)
                    AND NOT EXISTS (
                        SELECT 1 FROM dossier_reading r WHERE r.expert_id = s.expert_id AND r.candidate_id = s.candidate_id)
                ORDER BY 1, 2
                """
        ).map { SheetKey(expert: $0[0], candidate: $0[1], stage: .material) }
    }

    /// Submitted sheets scored on older material: the candidate's dossier gained or changed a file
    /// after the sheet was submitted. With the files that are newer than the sheet.
    public func sheetsOnOlderMaterial(candidate: String? = nil) throws -> [(key: SheetKey, newer: [String])] {
        try pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT s.expert_id, s.candidate_id, s.stage,
                        (SELECT group_concat(f.name || ' v' || f.version, char(31)) FROM dossier_file f
                         WHERE f.candidate_id = s.candidate_id AND f.id > s.dossier_version)
                    FROM sheet s
                    WHERE s.status = 'submitted' AND s.dossier_version IS NOT NULL
                        AND (?1 IS NULL OR s.candidate_id = ?1)
                        AND EXISTS (SELECT 1 FROM dossier_file f WHERE f.candidate_id = s.candidate_id AND f.id > s.dossier_version)
                    ORDER BY 2, 1, 3
                    """, arguments: [candidate]
            ).map { row in
                (
                    SheetKey(
                        expert: row[0], candidate: row[1],
                        stage: try Stored.decode(Stage.self, row[2], table: "sheet", row: row)),
                    (row[3] as String? ?? "").split(separator: "\u{1F}").map(String.init)
                )
            }
        }
    }
}
