import Foundation
import GRDB
import PanelCore

/// 评分依据: the pages an expert cites for an item, part of their sheet: written under the same
/// checks as a score (their own sheet, assigned, not submitted, stage open), saved at once, audited.
extension PanelDatabase {
    /// Cites `citation` for `item`, or takes it back when it is already cited; returns the item's
    /// citations after.
    @discardableResult
    public func toggleCitation(expert: String, key: SheetKey, item: String, _ citation: Citation) throws -> [Citation] {
        try recordingRefusal(actor: expert, action: "cite \(key.auditSubject) \(item)") {
            let round = try self.round()
            return try pool.write { db in
                let (rubric, _) = try Self.writableSheet(db, round: round, expert: expert, key: key)
                guard rubric.items.contains(where: { $0.id == item }) else {
                    throw StoreError("\(item) is not an item of \(rubric.title)")
                }
                guard try Self.dossierHolds(citation, of: key.candidate, db)
                else {
                    throw StoreError(
                        "\(key.candidate)'s dossier has no file \(DisplayName.escaped(citation.file)) with that content"
                    )
                }
                let arguments: StatementArguments = [
                    key.expert, key.candidate, key.stage.rawValue, item, citation.sha256, citation.page,
                ]
                let where_ =
                    "expert_id = ? AND candidate_id = ? AND stage = ? AND item_id = ? AND file_sha256 = ? AND page = ?"
                let cited =
                    try Bool.fetchOne(
                        db, sql: "SELECT EXISTS (SELECT 1 FROM evidence WHERE \(where_))", arguments: arguments)
                    ?? false
                if cited {
                    try db.execute(sql: "DELETE FROM evidence WHERE \(where_)", arguments: arguments)
                } else {
                    try db.execute(
                        sql: """
                            INSERT INTO evidence (expert_id, candidate_id, stage, item_id, file_name, file_sha256, page, quote)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                            """,
                        arguments: [
                            key.expert, key.candidate, key.stage.rawValue, item, citation.file, citation.sha256,
                            citation.page, citation.quote,
                        ])
                }
                try AuditLog.append(
                    db, actor: expert, action: cited ? "uncite" : "cite", subject: key.auditSubject,
                    before: cited ? "\(item): \(citation.label)" : nil,
                    after: cited ? nil : "\(item): \(citation.label)")
                return try Self.evidence(db, candidate: key.candidate, expert: expert)
                    .filter { $0.key == key && $0.item == item }.map(\.citation)
            }
        }
    }

    /// Whether `candidate`'s dossier has the cited file with that content (any version of it).
    static func dossierHolds(_ citation: Citation, of candidate: String, _ db: Database) throws -> Bool {
        try Bool.fetchOne(
            db, sql: "SELECT EXISTS (SELECT 1 FROM dossier_file WHERE candidate_id = ? AND name = ? AND sha256 = ?)",
            arguments: [candidate, citation.file, citation.sha256]) ?? false
    }

    /// Every citation on `candidate`'s sheets (one expert's only, when given), by expert, stage,
    /// item and the order they were made in.
    public func evidence(candidate: String, expert: String? = nil) throws -> [EvidenceRecord] {
        try pool.read { db in try Self.evidence(db, candidate: candidate, expert: expert) }
    }

    static func evidence(_ db: Database, candidate: String, expert: String?) throws -> [EvidenceRecord] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT expert_id, stage, item_id, file_name, file_sha256, page, quote FROM evidence
                WHERE candidate_id = ?1 AND (?2 IS NULL OR expert_id = ?2)
                ORDER BY expert_id, stage, item_id, rowid
                """, arguments: [candidate, expert]
        ).map { row in
            EvidenceRecord(
                key: SheetKey(
                    expert: row[0], candidate: candidate,
                    stage: try Stored.decode(Stage.self, row[1], table: "evidence", row: row)), item: row[2],
                citation: Citation(file: row[3], sha256: row[4], page: row[5], quote: row[6]))
        }
    }
}
