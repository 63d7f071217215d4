import Foundation
import GRDB
import PanelCore

extension PanelDatabase {
    /// Rankings and every expert's progress, from one consistent read.
    public func consoleData() throws -> ConsoleData {
        let round = try self.round()
        let rules = round.rules
        return try pool.read { db in
            let input = try Self.scoringInput(db, round: round)
            let rankings = ScoringEngine.rank(input, kinds: CandidateKind.allCases)
            let open = try Self.defenseIsOpen(db)
            let progress = ExpertProgress.of(
                experts: try Self.experts(db), assignments: try Self.assignments(db), totals: input.totals,
                shortlisted: rankings.shortlistedIDs, defenseOpen: open, unread: try Self.unreadSubmissions(db),
                defenseDue: try Self.defenseDue(db))
            let recusals = try Row.fetchAll(
                db,
                sql: """
                    SELECT r.expert_id, r.candidate_id, c.name, r.reason FROM recusal r
                    JOIN candidate c ON c.id = r.candidate_id WHERE r.state = 'open'
                    ORDER BY r.candidate_id, r.expert_id
                    """
            ).map { row in
                OpenRecusal(
                    expert: row[0], candidate: row[1], candidateName: row[2], reason: row[3],
                    proposed: try Self.replacement(
                        db, rules: rules, candidate: try Self.existingCandidate(db, row[1]), leaving: row[0])?.id)
            }
            return ConsoleData(
                rankings: rankings, progress: progress, defenseOpen: open, finalized: input.finalized,
                changeCounter: try Self.changeCounter(db), recusals: recusals)
        }
    }

    /// Each group expert's defences heard so far; nil without defence groups.
    static func defenseDue(_ db: Database) throws -> [String: Set<String>]? {
        guard try defenseGroupsFormed(db) else { return nil }
        var due: [String: Set<String>] = [:]
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT m.expert_id, d.candidate_id FROM defense_slot d JOIN defense_member m
                ON m.group_number = d.group_number WHERE d.state IN ('running', 'done')
                """)
        {
            due[row[0] as String, default: []].insert(row[1])
        }
        return due
    }

    /// The last audit entry's number: it grows with every change anyone makes.
    public func changeCounter() throws -> Int { try pool.read(Self.changeCounter) }

    static func changeCounter(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT MAX(seq) FROM audit") ?? 0
    }

    /// The chair gives a submitted sheet back to its expert as a draft.
    public func reopenSheet(chair: ExpertEntry, key: SheetKey, reason: String) throws {
        try recordingRefusal(actor: chair.id, action: "reopen \(key.auditSubject)") {
            guard chair.role == .chair else {
                throw StoreError("\(chair.id) is a review expert; only the chair (组长) may reopen a sheet")
            }
            guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw StoreError("a reason is needed to reopen a sheet", cause: .missing(.reason))
            }
            try writable().pool.write { db in
                try Self.refuseIfFinalized(db)
                guard let stored = try Self.storedSheet(db, key), stored.status == .submitted else {
                    throw StoreError(
                        "\(key.expert) has no submitted \(key.stage.chineseName) sheet for \(key.candidate)")
                }
                try db.execute(
                    sql: "UPDATE sheet SET status = 'draft' WHERE expert_id = ? AND candidate_id = ? AND stage = ?",
                    arguments: [key.expert, key.candidate, key.stage.rawValue])
                try AuditLog.append(
                    db, actor: chair.id, action: "reopen sheet", subject: key.auditSubject, before: "submitted",
                    after: "draft: \(reason)")
            }
        }
    }
}
