import Foundation
import GRDB
import PanelCore

/// The chair's decisions: each one is checked against the current state, stored (the latest of
/// each kind counts) and audited with its reason, inside one write transaction.
extension PanelDatabase {
    public func recordSpotCheck(
        chair: ExpertEntry, candidate: String, passed: Bool, note: String
    ) throws {
        try asChair(chair, doing: "record spot checks") { db, _ in
            let found = try Self.existingCandidate(db, candidate)
            let note = try Self.required(note, .note, "say what the spot check found")
            let before = try Row.fetchOne(
                db, sql: "SELECT passed, note FROM spot_check WHERE candidate_id = ?", arguments: [candidate])
            try db.execute(
                sql: "INSERT OR REPLACE INTO spot_check (candidate_id, passed, note, chair) VALUES (?, ?, ?, ?)",
                arguments: [found.id, passed, note, chair.id])
            try AuditLog.append(
                db, actor: chair.id, action: "spot check", subject: "candidate \(found.id)",
                before: before.map { "\(($0["passed"] as Bool) ? "pass" : "fail"): \($0["note"] as String)" },
                after: "\(passed ? "pass" : "fail"): \(note)")
        }
    }

    public enum OverrideChange: String, Sendable { case include, exclude, clear }

    public func recordOverride(
        chair: ExpertEntry, candidate: String, change: OverrideChange, reason: String
    ) throws {
        try asChair(chair, doing: "override eligibility") { db, round in
            let found = try Self.existingCandidate(db, candidate)
            let reason = try Self.required(reason, .reason, "the decision needs its reason on record")
            if change == .include {
                let findings = Eligibility.findings(for: try Self.candidates(db), rules: round.rules)[found.id] ?? []
                guard findings.contains(where: \.excludes) else {
                    throw StoreError("\(found.id) is not excluded by an eligibility rule: there is nothing to lift")
                }
            }
            let before = try Row.fetchOne(
                db, sql: "SELECT action, reason FROM override WHERE candidate_id = ?", arguments: [candidate])
            if change == .clear {
                guard before != nil else { throw StoreError("\(found.id) has no override to clear") }
                try db.execute(sql: "DELETE FROM override WHERE candidate_id = ?", arguments: [found.id])
            } else {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO override (candidate_id, action, reason, chair) VALUES (?, ?, ?, ?)",
                    arguments: [found.id, change.rawValue, reason, chair.id])
            }
            try AuditLog.append(
                db, actor: chair.id, action: "override \(change.rawValue)", subject: "candidate \(found.id)",
                before: before.map { "\($0["action"] as String): \($0["reason"] as String)" },
                after: "\(change.rawValue): \(reason)")
        }
    }

    public func recordAbsence(chair: ExpertEntry, candidate: String, absent: Bool, note: String)
        throws
    {
        try asChair(chair, doing: "record the defence") { db, _ in
            let found = try Self.existingCandidate(db, candidate)
            let before = try String.fetchOne(
                db, sql: "SELECT note FROM defense_absence WHERE candidate_id = ?", arguments: [candidate])
            if absent {
                let note = try Self.required(note, .note, "say why the candidate did not defend")
                try db.execute(
                    sql: "INSERT OR REPLACE INTO defense_absence (candidate_id, note, chair) VALUES (?, ?, ?)",
                    arguments: [found.id, note, chair.id])
                // On the defence day's board too, if it waits there.
                try db.execute(
                    sql: "UPDATE defense_slot SET state = 'absent' WHERE candidate_id = ? AND state = 'waiting'",
                    arguments: [found.id])
            } else {
                guard before != nil else { throw StoreError("\(found.id) is not marked absent") }
                try db.execute(sql: "DELETE FROM defense_absence WHERE candidate_id = ?", arguments: [found.id])
                try db.execute(
                    sql: "UPDATE defense_slot SET state = 'waiting' WHERE candidate_id = ? AND state = 'absent'",
                    arguments: [found.id])
            }
            try AuditLog.append(
                db, actor: chair.id, action: absent ? "defense absent" : "defense present",
                subject: "candidate \(found.id)",
                before: before.map { "absent: \($0)" }, after: absent ? "absent: \(note)" : "present")
        }
    }

    /// Fixes today's shortlist of `kind` (computed afresh, even if one was frozen before); returns its ids.
    @discardableResult
    public func freezeShortlist(chair: ExpertEntry, kind: CandidateKind) throws -> [String] {
        try asChair(chair, doing: "freeze the shortlist") { db, round in
            var input = try Self.scoringInput(db, round: round)
            let before = input.decisions.frozenShortlist[kind]
            input.decisions.frozenShortlist[kind] = nil
            let ids = ScoringEngine.rank(input, kind: kind).shortlistIDs
            guard !ids.isEmpty else { throw StoreError("no \(kind.rawValue) is complete enough to be shortlisted yet") }
            try db.execute(
                sql: "INSERT OR REPLACE INTO shortlist_freeze (kind, candidate_ids, chair) VALUES (?, ?, ?)",
                arguments: [kind.rawValue, ids.joined(separator: " "), chair.id])
            try AuditLog.append(
                db, actor: chair.id, action: "freeze shortlist", subject: "shortlist \(kind.rawValue)",
                before: before.map { $0.sorted().joined(separator: " ") }, after: ids.joined(separator: " "))
            return ids
        }
    }

    /// Chooses the winners among the candidates tied at the cut line of `kind`.
    /// A tie already resolved is resolved again only with `replacing`: two chairs deciding at
    /// once must not have the second silently undo the first.
    public func resolveTie(
        chair: ExpertEntry, kind: CandidateKind, winners: [String], reason: String, replacing: Bool = false
    ) throws {
        try asChair(chair, doing: "resolve a tie") { db, round in
            let reason = try Self.required(reason, .reason, "the decision needs its reason on record")
            var input = try Self.scoringInput(db, round: round)
            let previous = input.decisions.resolutions[kind]
            input.decisions.resolutions[kind] = nil
            guard let tie = ScoringEngine.rank(input, kind: kind).tieAtCut else {
                throw StoreError("no \(kind.rawValue)s are tied at the cut line: there is nothing to resolve")
            }
            if let refusal = tie.refusal(choosing: winners) { throw StoreError(refusal) }
            let (tied, free) = (tie.tied, tie.free)
            if let previous, previous.tieGroup == Set(tied), !replacing {
                throw StoreError(
                    """
                    this tie (\(tied.sorted().joined(separator: " "))) is already resolved: winners \
                    \(previous.winners.sorted().joined(separator: " ")) (\(previous.reason))
                    """, cause: .missing(.replace))
            }
            try db.execute(
                sql:
                    """
                    INSERT OR REPLACE INTO resolution (kind, tie_group, winners, reason, chair) VALUES (?, ?, ?,\
                     ?, ?)
                    """,
                arguments: [
                    kind.rawValue, tied.sorted().joined(separator: " "), Set(winners).sorted().joined(separator: " "),
                    reason, chair.id,
                ])
            try AuditLog.append(
                db, actor: chair.id, action: "resolve tie",
                subject: "resolution \(kind.rawValue) " + tied.sorted().joined(separator: " "),
                before: previous.map { "winners \($0.winners.sorted().joined(separator: " ")): \($0.reason)" },
                after:
                    "winners \(Set(winners).sorted().joined(separator: " ")) of \(free) place\(free == 1 ? "" : "s"): \(reason)"
            )
        }
    }

    func asChair<T>(
        _ chair: ExpertEntry, doing what: String,
        _ body: (Database, RoundDefinition) throws -> T
    ) throws -> T {
        try recordingRefusal(actor: chair.id, action: what) {
            guard chair.role == .chair else {
                throw StoreError("\(chair.id) is a review expert; only the chair (组长) may \(what)")
            }
            let database = try writable()
            let round = try database.round()
            return try database.pool.write { db in
                try Self.refuseIfFinalized(db)
                return try body(db, round)
            }
        }
    }

    static func existingCandidate(_ db: Database, _ id: String) throws -> Candidate {
        guard let found = try candidates(db).first(where: { $0.id == id }) else {
            throw StoreError("no candidate '\(id)'")
        }
        return found
    }

    static func required(_ text: String, _ field: StoreError.Field, _ message: String) throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw StoreError(message, cause: .missing(field)) }
        return trimmed
    }
}
