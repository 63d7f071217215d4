import Foundation
import GRDB
import PanelCore

extension PanelDatabase {
    /// What the statistics read: the round as the engine sees it, the chair's outlier reviews, and
    /// the change counter they stand at, from one consistent read.
    public func fairnessInput() throws -> (counter: Int, input: ScoringInput, reviews: [SheetKey: OutlierReview]) {
        let round = try self.round()
        return try pool.read { db in
            (try Self.changeCounter(db), try Self.scoringInput(db, round: round), try Self.outlierReviews(db))
        }
    }

    /// The chair's statistics of the round as it stands.
    public func fairnessReport(kinds: [CandidateKind] = CandidateKind.allCases, stability: Bool = true) throws
        -> FairnessReport
    {
        let read = try fairnessInput()
        return FairnessReport.compute(read.input, kinds: kinds, reviews: read.reviews, stability: stability)
    }

    static func outlierReviews(_ db: Database) throws -> [SheetKey: OutlierReview] {
        var reviews: [SheetKey: OutlierReview] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT * FROM outlier_review") {
            guard let stage = Stage(rawValue: row["stage"]) else { continue }
            reviews[SheetKey(expert: row["expert_id"], candidate: row["candidate_id"], stage: stage)] =
                OutlierReview(total: Points(hundredths: row["total"]), note: row["note"], chair: row["chair"])
        }
        return reviews
    }

    /// The chair marks an outlier sheet as looked at, with a note. Refused for a sheet that is not
    /// an outlier now: a mark on an ordinary sheet would say nothing.
    public func reviewOutlier(chair: ExpertEntry, key: SheetKey, note: String) throws {
        try recordingRefusal(actor: chair.id, action: "review outlier \(key.auditSubject)") {
            guard chair.role == .chair else {
                throw StoreError("\(chair.id) is a review expert; only the chair (组长) may review an outlier sheet")
            }
            let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !note.isEmpty else {
                throw StoreError("say what was found when the sheet was looked at", cause: .missing(.note))
            }
            let database = try writable()
            let round = try database.round()
            try database.pool.write { db in
                try Self.refuseIfFinalized(db)
                var input = try Self.scoringInput(db, round: round)
                guard let kind = input.candidates.first(where: { $0.id == key.candidate })?.kind else {
                    throw StoreError("no candidate '\(key.candidate)'")
                }
                // Whether a sheet is an outlier depends on its candidate's sheets alone.
                input.totals.removeAll { $0.key.candidate != key.candidate }
                let outliers = Severity.outliers([StageSheets(input, kind: kind, stage: key.stage)], rules: round.rules)
                guard let outlier = outliers.first(where: { $0.key == key }) else {
                    throw StoreError(
                        """
                        \(key.expert)'s \(key.stage.rawValue) sheet for \(key.candidate) is not an outlier (not a\
                         submitted sheet farther than corridor \(round.rules.fairness.corridor) from the other\
                         experts)
                        """
                    )
                }
                let before = try String.fetchOne(
                    db, sql: "SELECT note FROM outlier_review WHERE expert_id = ? AND candidate_id = ? AND stage = ?",
                    arguments: [key.expert, key.candidate, key.stage.rawValue])
                try db.execute(
                    sql:
                        """
                        INSERT OR REPLACE INTO outlier_review (expert_id, candidate_id, stage, total, note, chair)\
                         VALUES (?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        key.expert, key.candidate, key.stage.rawValue, outlier.total.hundredths, note, chair.id,
                    ])
                try AuditLog.append(
                    db, actor: chair.id, action: "review outlier", subject: key.auditSubject,
                    before: before.map { "reviewed: \($0)" },
                    after: "reviewed at total \(outlier.total) (others \(outlier.others)): \(note)")
            }
        }
    }
}
