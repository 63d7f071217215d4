import Foundation
import GRDB
import PanelCore

/// An expert's request to leave a candidate (申请回避) and what the chair decided.
public struct Recusal: Sendable, Equatable {
    public enum State: String, Sendable { case open, approved, rejected }
    public var expert: String
    public var candidate: String
    public var reason: String
    public var state: State
    /// Who decided, why, and who took the candidate over (empty while open).
    public var chair: String
    public var decision: String
    public var replacement: String
}

/// Conflicts only an expert knows (a former employer, a project advised, a relative): the expert
/// asks to leave, their sheets for the candidate are withdrawn at once (kept aside, out of every
/// ranking, and on the audit log), and the chair approves, with another expert taking the
/// candidate over, or rejects, which gives the sheets back.
extension PanelDatabase {
    public func requestRecusal(expert: ExpertEntry, candidate: String, reason: String) throws {
        try recordingRefusal(actor: expert.id, action: "request recusal \(candidate)") {
            let reason = try Self.required(reason, .reason, "say why you should not score \(candidate)")
            try writable().pool.write { db in
                try Self.refuseIfFinalized(db)
                guard
                    try Int.fetchOne(
                        db, sql: "SELECT 1 FROM assignment WHERE expert_id = ? AND candidate_id = ?",
                        arguments: [expert.id, candidate]) != nil
                else { throw StoreError("\(candidate) is not assigned to \(expert.id)") }
                if let state = try Self.recusalState(db, expert: expert.id, candidate: candidate), state == .open {
                    throw StoreError("\(expert.id) has already asked to leave \(candidate); the chair decides")
                }
                try Self.withdrawSheets(db, expert: expert.id, candidate: candidate)
                try db.execute(
                    sql: """
                        INSERT OR REPLACE INTO recusal (expert_id, candidate_id, reason, state) VALUES (?, ?, ?, 'open')
                        """, arguments: [expert.id, candidate, reason])
                try AuditLog.append(
                    db, actor: expert.id, action: "request recusal", subject: "recusal \(expert.id) \(candidate)",
                    before: nil, after: "open: \(reason)")
            }
        }
    }

    /// Every request, open ones first, then by candidate and expert.
    public func recusals() throws -> [Recusal] {
        try pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM recusal ORDER BY state != 'open', candidate_id, expert_id
                    """
            ).map { row in
                Recusal(
                    expert: row["expert_id"], candidate: row["candidate_id"], reason: row["reason"],
                    state: try Stored.decode(Recusal.State.self, row["state"], table: "recusal", row: row),
                    chair: row["chair"], decision: row["decision"], replacement: row["replacement"])
            }
        }
    }

    /// Who would take `candidate` over from `expert` (the least loaded expert who may), or nil.
    public func proposedReplacement(expert: String, candidate: String) throws -> String? {
        let rules = try self.rules()
        return try pool.read { db in
            try Self.replacement(
                db, rules: rules, candidate: try Self.existingCandidate(db, candidate), leaving: expert)?
                .id
        }
    }

    /// The chair's decision on an open request. Approving moves the assignment to `to`, or to the
    /// proposed replacement; rejecting gives the expert their sheets back. Returns who took over.
    @discardableResult
    public func decideRecusal(
        chair: ExpertEntry, expert: String, candidate: String, approve: Bool, reason: String, to: String? = nil
    ) throws -> String? {
        try asChair(chair, doing: approve ? "approve a recusal" : "reject a recusal") { db, _ in
            let reason = try Self.required(reason, .reason, "the decision needs its reason on record")
            guard try Self.recusalState(db, expert: expert, candidate: candidate) == .open else {
                throw StoreError("\(expert) has no open request to leave \(candidate)")
            }
            let subject = "recusal \(expert) \(candidate)"
            guard approve else {
                try Self.restoreSheets(db, expert: expert, candidate: candidate)
                try db.execute(
                    sql: """
                        UPDATE recusal SET state = 'rejected', chair = ?, decision = ?
                        WHERE expert_id = ? AND candidate_id = ?
                        """, arguments: [chair.id, reason, expert, candidate])
                try AuditLog.append(
                    db, actor: chair.id, action: "reject recusal", subject: subject, before: "open",
                    after: "rejected: \(reason)")
                return nil
            }
            let taker = try Self.moveAssignment(db, candidate: candidate, from: expert, to: to)
            try db.execute(
                sql: """
                    UPDATE recusal SET state = 'approved', chair = ?, decision = ?, replacement = ?
                    WHERE expert_id = ? AND candidate_id = ?
                    """, arguments: [chair.id, reason, taker, expert, candidate])
            try AuditLog.append(
                db, actor: chair.id, action: "approve recusal", subject: subject, before: "open",
                after: "approved, replacement \(taker): \(reason)")
            return taker
        }
    }

    /// The chair moves a candidate from one expert to another without a request (`panel reassign`):
    /// the sheets are withdrawn as for an approved recusal, which it is recorded as.
    @discardableResult
    public func reassign(chair: ExpertEntry, candidate: String, from expert: String, to: String?, reason: String)
        throws -> String
    {
        try asChair(chair, doing: "reassign a candidate") { db, _ in
            let reason = try Self.required(reason, .reason, "the decision needs its reason on record")
            guard
                try Int.fetchOne(
                    db, sql: "SELECT 1 FROM assignment WHERE expert_id = ? AND candidate_id = ?",
                    arguments: [expert, candidate]) != nil
            else { throw StoreError("\(candidate) is not assigned to \(expert)") }
            if try Self.recusalState(db, expert: expert, candidate: candidate) == .open {
                throw StoreError("\(expert) has asked to leave \(candidate): approve or reject the request instead")
            }
            try Self.withdrawSheets(db, expert: expert, candidate: candidate)
            let taker = try Self.moveAssignment(db, candidate: candidate, from: expert, to: to)
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO recusal
                        (expert_id, candidate_id, reason, state, chair, decision, replacement)
                    VALUES (?, ?, ?, 'approved', ?, ?, ?)
                    """, arguments: [expert, candidate, reason, chair.id, reason, taker])
            try AuditLog.append(
                db, actor: chair.id, action: "reassign", subject: "recusal \(expert) \(candidate)", before: nil,
                after: "approved, replacement \(taker): \(reason)")
            return taker
        }
    }

    static func recusalState(_ db: Database, expert: String, candidate: String) throws -> Recusal.State? {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT state FROM recusal WHERE expert_id = ? AND candidate_id = ?",
                arguments: [expert, candidate])
        else { return nil }
        return try Stored.decode(Recusal.State.self, row["state"], table: "recusal", row: row)
    }

    static func openRecusals(_ db: Database) throws -> [String] {
        try Row.fetchAll(
            db, sql: "SELECT expert_id, candidate_id FROM recusal WHERE state = 'open' ORDER BY candidate_id, expert_id"
        ).map { "\($0[0] as String) \($0[1] as String)" }
    }

    /// The expert's sheets for the candidate set aside (`withdrawn_*` have the columns `sheet` and
    /// `score` had at v12, in their order: a later column added to those needs adding there too).
    static func withdrawSheets(_ db: Database, expert: String, candidate: String) throws {
        let pair: StatementArguments = [expert, candidate]
        for sql in [
            "DELETE FROM withdrawn_score WHERE expert_id = ?1 AND candidate_id = ?2",
            "DELETE FROM withdrawn_sheet WHERE expert_id = ?1 AND candidate_id = ?2",
            "INSERT INTO withdrawn_sheet SELECT * FROM sheet WHERE expert_id = ?1 AND candidate_id = ?2",
            "INSERT INTO withdrawn_score SELECT * FROM score WHERE expert_id = ?1 AND candidate_id = ?2",
            "DELETE FROM outlier_review WHERE expert_id = ?1 AND candidate_id = ?2",
            "DELETE FROM score WHERE expert_id = ?1 AND candidate_id = ?2",
            "DELETE FROM sheet WHERE expert_id = ?1 AND candidate_id = ?2",
        ] {
            try db.execute(sql: sql, arguments: pair)
        }
    }

    /// The withdrawn sheets back as they were, the dossier they were submitted on included.
    static func restoreSheets(_ db: Database, expert: String, candidate: String) throws {
        let pair: StatementArguments = [expert, candidate]
        for sql in [
            "INSERT INTO sheet SELECT * FROM withdrawn_sheet WHERE expert_id = ?1 AND candidate_id = ?2",
            """
            UPDATE sheet SET dossier_version = (
                SELECT w.dossier_version FROM withdrawn_sheet w
                WHERE w.expert_id = sheet.expert_id AND w.candidate_id = sheet.candidate_id AND w.stage = sheet.stage)
            WHERE expert_id = ?1 AND candidate_id = ?2
            """,
            "INSERT INTO score SELECT * FROM withdrawn_score WHERE expert_id = ?1 AND candidate_id = ?2",
            "DELETE FROM withdrawn_score WHERE expert_id = ?1 AND candidate_id = ?2",
            "DELETE FROM withdrawn_sheet WHERE expert_id = ?1 AND candidate_id = ?2",
        ] {
            try db.execute(sql: sql, arguments: pair)
        }
    }

    /// The candidate's assignment moves from `expert` to `to`, or to the proposed replacement.
    static func moveAssignment(_ db: Database, candidate id: String, from expert: String, to: String?) throws -> String
    {
        let stored = try db.makeStatement(sql: "SELECT text FROM round_file WHERE name = 'rules'")
        guard let text = try String.fetchOne(stored),
            case .success(let rules) = RulesParser.parse(text, file: "rules.toml")
        else { throw StoreError("the stored rules cannot be read") }
        let candidate = try existingCandidate(db, id)
        let taker: ExpertEntry
        if let to {
            guard let chosen = try experts(db).first(where: { $0.id == to }), chosen.role == .expert else {
                throw StoreError("no review expert '\(to)'")
            }
            let regionName = try candidate.supports.flatMap { try existingCandidate(db, $0).name }
            if let conflict = ConflictOfInterest.reason(
                expert: chosen, candidate: candidate, rules: rules.conflicts, regionName: regionName)
            {
                throw StoreError(conflict.sentence(expert: chosen, candidate: candidate))
            }
            if rules.assignment.expertise == .required && !chosen.covers(candidate) {
                throw StoreError("\(to)'s 学段 and 评审类别 do not cover \(id) (expertise is required in rules.toml)")
            }
            if try assignments(db).contains(Assignment(expert: to, candidate: id)) {
                throw StoreError("\(to) is already assigned to \(id)")
            }
            taker = chosen
        } else {
            guard let proposed = try replacement(db, rules: rules, candidate: candidate, leaving: expert) else {
                throw StoreError(
                    "no other expert may take \(id) over (conflicts, expertise, or all are on it already): give one "
                        + "with --to"
                )
            }
            taker = proposed
        }
        try db.execute(
            sql: "DELETE FROM assignment WHERE expert_id = ? AND candidate_id = ?", arguments: [expert, id])
        try db.execute(
            sql: "INSERT INTO assignment (expert_id, candidate_id) VALUES (?, ?)", arguments: [taker.id, id])
        return taker.id
    }

    static func replacement(_ db: Database, rules: Rules, candidate: Candidate, leaving: String) throws
        -> ExpertEntry?
    {
        let regionName = try candidate.supports.flatMap { try existingCandidate(db, $0).name }
        return AssignmentPlanner.replacement(
            for: candidate, experts: try experts(db), assignments: try assignments(db), leaving: leaving,
            conflicts: rules.conflicts, expertise: rules.assignment.expertise, regionName: regionName)
    }
}
