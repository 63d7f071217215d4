import Foundation
import GRDB
import PanelCore

extension PanelDatabase {
    /// What `panel import scores` did.
    public struct ScoreImport: Sendable {
        public var sheets: Int
        public var submitted: Int
        public var drafts: Int
        /// Sheets whose values or status changed (each has an audit entry).
        public var changed: Int
        public var warnings: [Problem]
    }

    /// Imports score sheets in long form, all or nothing: checked read-only first (a refused file
    /// leaves the database untouched), then again inside the write transaction.
    public static func importScores(at path: String, data: Data, file: String) throws -> ScoreImport {
        let csv = try CSVText.parse(data, file: file).get()
        let reader = try open(at: path, readOnly: true)
        let round = try reader.round()
        try reader.pool.read { db in
            try refuseIfFinalized(db)
            _ = try ScoreImportParser.parse(csv, file: file, context: try scoreContext(db, round: round)).get()
        }
        return try open(at: path).pool.write { db in
            try refuseIfFinalized(db)
            let parsed = try ScoreImportParser.parse(csv, file: file, context: try scoreContext(db, round: round)).get()
            let kinds = try candidateKinds(db)
            var result = ScoreImport(sheets: parsed.sheets.count, submitted: 0, drafts: 0, changed: 0, warnings: parsed.warnings)
            for (key, scores) in parsed.sheets {
                let rubric = round.sheet(key.stage.sheet(for: kinds[key.candidate]!))
                let hash = round.sources.first { $0.name == rubric.kind.rawValue }!.sha256
                let stored = try storedSheet(db, key)
                let merged = (stored?.scores ?? [:]).merging(scores) { _, new in new }
                let status = ScoreSheet.status(of: merged, against: rubric)
                if status == .submitted { result.submitted += 1 } else { result.drafts += 1 }
                guard stored?.scores != merged || stored?.status != status else { continue }
                // Cached statements: compiled once per import, not once per row.
                try db.cachedStatement(sql: """
                    INSERT INTO sheet (expert_id, candidate_id, stage, status, rubric_sha256) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (expert_id, candidate_id, stage) DO UPDATE SET status = excluded.status, rubric_sha256 = excluded.rubric_sha256
                    """).execute(arguments: [key.expert, key.candidate, key.stage.rawValue, status.rawValue, hash])
                for (item, points) in scores {
                    try db.cachedStatement(sql: """
                        INSERT INTO score (expert_id, candidate_id, stage, item_id, hundredths) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (expert_id, candidate_id, stage, item_id) DO UPDATE SET hundredths = excluded.hundredths
                        """).execute(arguments: [key.expert, key.candidate, key.stage.rawValue, item, points.hundredths])
                }
                try storeTotals(db, SheetTotal(ScoreSheet(key: key, status: status, rubricSHA256: hash, scores: merged), rubric: rubric))
                try AuditLog.append(db, actor: Actor.secretariat, action: "import scores", subject: key.auditSubject,
                                    before: stored.map { "\($0.status.rawValue): \(ScoreSheet.describe($0.scores, in: rubric))" },
                                    after: "\(status.rawValue): \(ScoreSheet.describe(merged, in: rubric)) (file \(file))")
                result.changed += 1
            }
            return result
        }
    }

    /// Every stored sheet, ordered by expert, candidate and stage.
    public func sheets() throws -> [ScoreSheet] {
        try pool.read { try Self.sheets($0) }
    }

    /// Every sheet with its scores (only `expert`'s when given). A cursor with positional columns:
    /// decoding rows copied out and read by column name was half of `panel rank`'s time.
    static func sheets(_ db: Database, expert: String? = nil) throws -> [ScoreSheet] {
        let filter = expert == nil ? "" : " WHERE expert_id = ?"
        let arguments: StatementArguments = expert.map { [$0] } ?? []
        var scores: [SheetKey: [String: Points]] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT expert_id, candidate_id, stage, item_id, hundredths FROM score" + filter, arguments: arguments)
        while let row = try rows.next() {
            let key = SheetKey(expert: row[0], candidate: row[1], stage: Stage(rawValue: row[2])!)
            scores[key, default: [:]][row[3]] = Points(hundredths: row[4])
        }
        var sheets: [ScoreSheet] = []
        let sheetRows = try Row.fetchCursor(db, sql: "SELECT expert_id, candidate_id, stage, status, rubric_sha256, comment FROM sheet"
                                                + filter + " ORDER BY expert_id, candidate_id, stage", arguments: arguments)
        while let row = try sheetRows.next() {
            let key = SheetKey(expert: row[0], candidate: row[1], stage: Stage(rawValue: row[2])!)
            sheets.append(ScoreSheet(key: key, status: ScoreSheet.Status(rawValue: row[3])!, rubricSHA256: row[4],
                                     scores: scores[key] ?? [:], comment: row[5]))
        }
        return sheets
    }

    static func storedSheet(_ db: Database, _ key: SheetKey) throws -> ScoreSheet? {
        let arguments: StatementArguments = [key.expert, key.candidate, key.stage.rawValue]
        let sheet = try db.cachedStatement(sql: "SELECT * FROM sheet WHERE expert_id = ? AND candidate_id = ? AND stage = ?")
        guard let row = try Row.fetchOne(sheet, arguments: arguments) else { return nil }
        var scores: [String: Points] = [:]
        let items = try db.cachedStatement(sql: "SELECT item_id, hundredths FROM score WHERE expert_id = ? AND candidate_id = ? AND stage = ?")
        for score in try Row.fetchAll(items, arguments: arguments) {
            scores[score["item_id"]] = Points(hundredths: score["hundredths"])
        }
        return ScoreSheet(key: key, status: ScoreSheet.Status(rawValue: row["status"])!, rubricSHA256: row["rubric_sha256"],
                          scores: scores, comment: row["comment"])
    }

    static func scoreContext(_ db: Database, round: RoundDefinition) throws -> ScoreImportContext {
        ScoreImportContext(experts: try experts(db), candidates: try candidates(db), round: round,
                           assignments: Set(try assignments(db)))
    }

    static func candidateKinds(_ db: Database) throws -> [String: CandidateKind] {
        Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT id, kind FROM candidate").map {
            ($0["id"] as String, CandidateKind(rawValue: $0["kind"])!)
        })
    }
}
