import Foundation
import GRDB
import PanelCore

extension PanelDatabase {
    /// What `panel assign` did.
    public struct AssignmentChange: Sendable {
        public var plan: AssignmentPlanner.Plan
        public var added: Int
        public var removed: Int
        /// Assignments kept because their sheets are started.
        public var kept: Int
    }

    /// Assigns every eligible candidate `perCandidate` experts. Assignments whose sheets are started
    /// stay; the others are planned afresh, so running it again after more experts arrive rebalances.
    public func assign(perCandidate: Int, seed: UInt64) throws -> AssignmentChange {
        try recordingRefusal(actor: Actor.secretariat, action: "assign") {
            guard perCandidate >= 1 else { throw StoreError("must be at least 1", cause: .missing(.perCandidate)) }
            let database = try writable()
            let rules = try database.rules()
            return try database.pool.write { db in
                try Self.refuseIfFinalized(db)
                let all = try Self.candidates(db)
                let findings = Eligibility.findings(for: all, rules: rules)
                let eligible = all.filter { findings[$0.id]?.contains(where: \.excludes) != true }
                let before = Set(try Self.assignments(db))
                let started = Set(
                    try Row.fetchAll(db, sql: "SELECT DISTINCT expert_id, candidate_id FROM sheet").map {
                        Assignment(expert: $0[0], candidate: $0[1])
                    })
                let plan: AssignmentPlanner.Plan
                switch AssignmentPlanner.plan(
                    candidates: eligible, experts: try Self.experts(db), keep: started,
                    perCandidate: perCandidate, seed: seed, conflicts: rules.conflicts,
                    expertise: rules.assignment.expertise,
                    regionNames: Dictionary(
                        all.filter { $0.kind == .region }.map { ($0.id, $0.name) },
                        uniquingKeysWith: { first, _ in first }))
                {
                case .success(let made): plan = made
                case .failure(let shortfall): throw StoreError(shortfall.description)
                }
                let after = Set(plan.assignments)
                let removed = before.subtracting(after).sorted(), added = after.subtracting(before).sorted()
                // Compiled once each: a provincial round adds 700,000.
                let delete = try db.makeStatement(
                    sql: "DELETE FROM assignment WHERE expert_id = ? AND candidate_id = ?")
                for pair in removed { try delete.execute(arguments: [pair.expert, pair.candidate]) }
                let insert = try db.makeStatement(sql: "INSERT INTO assignment (expert_id, candidate_id) VALUES (?, ?)")
                for pair in added { try insert.execute(arguments: [pair.expert, pair.candidate]) }
                func listing(_ pairs: [Assignment]) -> String? {
                    pairs.isEmpty ? nil : pairs.map { "\($0.expert) \($0.candidate)" }.joined(separator: "\n")
                }
                try AuditLog.append(
                    db, actor: Actor.secretariat, action: "assign",
                    subject: "assignments per-candidate \(perCandidate) seed \(seed)",
                    before: listing(removed), after: listing(added))
                return AssignmentChange(plan: plan, added: added.count, removed: removed.count, kept: started.count)
            }
        }
    }

    public func assignments() throws -> [Assignment] {
        try pool.read(Self.assignments)
    }

    static func assignments(_ db: Database) throws -> [Assignment] {
        try Row.fetchAll(db, sql: "SELECT expert_id, candidate_id FROM assignment ORDER BY expert_id, candidate_id").map
        {
            Assignment(expert: $0[0], candidate: $0[1])
        }
    }
}
